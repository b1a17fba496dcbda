import importlib.resources
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from plumbing.models import TimestampedModel

from booking.common.models import TenantOwnedModel

from .plans import PLAN_CHOICES, PLANS, Plan

# IANA's time zones as the pinned tzdata package lists them: the same on every machine, so
# the OpenAPI document can list them, and each one loads (zoneinfo falls back to tzdata).
TIMEZONES = tuple(sorted(importlib.resources.files("tzdata").joinpath("zones").read_text().split()))


def validate_timezone(value: str) -> None:
    if value not in TIMEZONES:
        raise ValidationError(f"{value!r} is not a known IANA time zone.", code="invalid_timezone")


class Tenant(TimestampedModel):
    """A business. Its settings live on it: they are read with every request."""

    slug = models.SlugField(
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", "Lower-case letters, digits and hyphens.")
        ],
    )
    name = models.CharField(max_length=200)
    plan = models.CharField(max_length=20, choices=PLAN_CHOICES)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    language = models.CharField(
        max_length=5, default="en", choices=[("en", "English"), ("de", "Deutsch")]
    )
    owner_email = models.EmailField(blank=True)

    # Holds (docs/architecture.md §4)
    holds_enabled = models.BooleanField(default=True)
    hold_minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    hold_extensions = models.PositiveIntegerField(default=2, validators=[MaxValueValidator(10)])
    hold_extension_minutes = models.PositiveIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_holds_per_cart = models.PositiveIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    payment_window_minutes = models.PositiveIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )

    # Abuse caps per client address (issue 16, OWASP API6): how many unconfirmed claims
    # (holds, and bookings still awaiting a code or a payment) one address may keep alive,
    # and how many bookings one address may make a day before every booking needs a code.
    # Past half of the hold cap a new hold needs a solved proof-of-work challenge.
    max_live_holds_per_address = models.PositiveIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_bookings_per_address_per_day = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    # Every booking is confirmed by an emailed code, not only those of known emails. On by
    # default for new Business and Enterprise tenants (tenants.services.tenant_create).
    verify_every_email = models.BooleanField(default=False)

    # Payments (docs/architecture.md §6): on when the tenant has set up payments and the plan allows.
    payments_enabled = models.BooleanField(default=False)

    # Availability (docs/architecture.md §3)
    minimum_notice_minutes = models.PositiveIntegerField(default=0)
    booking_horizon_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    # Rescheduling and cancelling (docs/architecture.md §8)
    reschedule_allowed = models.BooleanField(default=True)
    reschedule_limit = models.PositiveIntegerField(default=3)
    reschedule_window_hours = models.PositiveIntegerField(default=24)
    cancel_allowed = models.BooleanField(default=True)
    cancel_window_hours = models.PositiveIntegerField(default=24)
    full_refund_hours_before = models.PositiveIntegerField(default=24)
    deposit_refundable = models.BooleanField(default=False)

    # Widget labels ("Choose photographer") and the sites allowed to embed it.
    labels = models.JSONField(default=dict, blank=True)
    allowed_origins = models.JSONField(default=list, blank=True)

    class Meta(TimestampedModel.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__in=list(PLANS)), name="tenant_plan_known"
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def plan_limits(self) -> Plan:
        return PLANS[self.plan]

    @property
    def takes_payments(self) -> bool:
        return self.payments_enabled and self.plan_limits.payments

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class ApiKey(TenantOwnedModel):
    """An integrator's key. Only its SHA-256 is stored; the key is shown once."""

    name = models.CharField(max_length=100, default="default")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
