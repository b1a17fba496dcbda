import datetime
import re

import pycountry
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.catalog.models import DayOff, Service, Staff, WorkingHours, currency_validator
from booking.catalog.services import MAX_WORKING_HOURS_PER_DAY
from booking.common.schema import not_blank

CLOCK_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# How many service ids one staff request may name.
MAX_SERVICES_PER_STAFF_REQUEST = 100

ISO_4217_CODES = sorted(currency.alpha_3 for currency in pycountry.currencies)


@extend_schema_field(
    {
        "type": "string",
        "enum": ISO_4217_CODES + [code.lower() for code in ISO_4217_CODES],
        "description": "An ISO 4217 code in any case (CHF or chf); answered in lower case, "
        "as Stripe writes it.",
    }
)
class CurrencyField(serializers.CharField):
    """ISO 4217 in any case; kept and answered in lower case."""

    def __init__(self, **kwargs):
        super().__init__(min_length=3, max_length=3, validators=[currency_validator], **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data).lower()


class ServiceAdminSerializer(serializers.ModelSerializer):
    down_payment_amount = serializers.IntegerField(read_only=True, allow_null=True)
    currency = CurrencyField(required=False)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "description",
            "duration_minutes",
            "price_amount",
            "currency",
            "down_payment_percent",
            "down_payment_amount",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # A million in major units; the database's own bound depends on the backend.
        extra_kwargs = {
            "name": {"validators": [not_blank]},
            "price_amount": {"max_value": 100_000_000},
        }
        # Uniqueness per tenant is the database's word; the service answers 409.
        validators = []

    def validate(self, attrs):
        price = attrs.get("price_amount", getattr(self.instance, "price_amount", None))
        percent = attrs.get(
            "down_payment_percent", getattr(self.instance, "down_payment_percent", None)
        )
        if percent and not price:
            raise serializers.ValidationError(
                {"down_payment_percent": "A down payment needs a price."}
            )
        return attrs


class ServiceIdsField(serializers.ListField):
    child = serializers.UUIDField()

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_SERVICES_PER_STAFF_REQUEST, **kwargs)

    def to_representation(self, data):
        return [str(service.pk) for service in data.all()]


class StaffAdminSerializer(serializers.ModelSerializer):
    services = ServiceIdsField(
        required=False, help_text="Ids of the services this staff member gives."
    )

    class Meta:
        model = Staff
        fields = [
            "id",
            "name",
            "email",
            "services",
            "slot_interval_minutes",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"name": {"validators": [not_blank]}}


@extend_schema_field(
    {
        "type": "string",
        "pattern": CLOCK_TIME_PATTERN,
        "example": "09:00",
        "description": "A time of day, HH:MM (24 hours), in the tenant's time zone.",
    }
)
class ClockTimeField(serializers.Field):
    """A time of day as people write it in a schedule: HH:MM, no seconds, no offset."""

    default_error_messages = {"invalid": "A time of day as HH:MM, e.g. 09:00."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(CLOCK_TIME_PATTERN, data):
            self.fail("invalid")
        hours, minutes = data.split(":")
        return datetime.time(int(hours), int(minutes))

    def to_representation(self, value):
        return value.strftime("%H:%M")


class WorkingHoursAdminSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Monday.")
    start_time = ClockTimeField()
    end_time = ClockTimeField()

    class Meta:
        model = WorkingHours
        fields = ["id", "weekday", "start_time", "end_time"]
        read_only_fields = ["id"]


class WorkingWeekAdminInputSerializer(serializers.Serializer):
    intervals = WorkingHoursAdminSerializer(many=True, max_length=7 * MAX_WORKING_HOURS_PER_DAY)


class DayOffAdminSerializer(serializers.ModelSerializer):
    class Meta:
        model = DayOff
        fields = ["id", "start_date", "end_date", "reason"]
        read_only_fields = ["id"]
