import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from booking.common.models import TenantOwnedModel


def currency_validator(value: str) -> None:
    """A currency of ISO 4217's list (pycountry's copy of it), stored in lower case as Stripe
    writes it; the API accepts any case and answers lower case."""
    if value != value.lower() or pycountry.currencies.get(alpha_3=value.upper()) is None:
        raise ValidationError(
            "Not an ISO 4217 currency code, e.g. CHF or EUR.", code="invalid_currency"
        )


class Service(TenantOwnedModel):
    """Something a business offers: a photo session, a haircut, a consultation."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    # Money is an integer in minor units with its currency; null price is free.
    price_amount = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="chf", validators=[currency_validator])
    down_payment_percent = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    buffer_before_minutes = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(240)]
    )
    buffer_after_minutes = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(240)]
    )
    active = models.BooleanField(default=True)

    class Meta(TenantOwnedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="service_name_unique_per_tenant"
            ),
            models.CheckConstraint(
                condition=Q(down_payment_percent__isnull=True) | Q(price_amount__gt=0),
                name="service_down_payment_needs_price",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_paid(self) -> bool:
        return bool(self.price_amount)

    @property
    def down_payment_amount(self) -> int | None:
        if not self.price_amount or not self.down_payment_percent:
            return None
        return (self.price_amount * self.down_payment_percent + 50) // 100


class Staff(TenantOwnedModel):
    """A staff member who gives services, with a slot interval spacing start times."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    services = models.ManyToManyField(Service, related_name="staff", blank=True)
    slot_interval_minutes = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    active = models.BooleanField(default=True)

    class Meta(TenantOwnedModel.Meta):
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.name


class WorkingHours(TenantOwnedModel):
    """One working interval of a staff member on a weekday, in the tenant's time zone.

    Several intervals a day make a lunch break. Weekday 0 is Monday.
    """

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta(TenantOwnedModel.Meta):
        ordering = ["weekday", "start_time", "id"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="working_hours_end_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="working_hours_weekday_valid"),
        ]


class DayOff(TenantOwnedModel):
    """Days a staff member does not work (a vacation is a range), both ends included."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="days_off")
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta(TenantOwnedModel.Meta):
        ordering = ["start_date", "id"]
        verbose_name_plural = "days off"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="day_off_end_not_before_start"
            ),
        ]
