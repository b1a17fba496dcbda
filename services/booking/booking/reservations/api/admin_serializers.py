"""Input and output of the integrators' booking endpoints (naming: see public_serializers).

AdminBookingOutputSerializer is the booking as the admin API shows it; it serializes a
Booking fetched by booking_get or booking_list (client, reservations and their service
and staff loaded).
"""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.availability.api.serializers import DATE_PATTERN

from ..models import Booking
from .fields import (
    AwareDateTimeField,
    BookingAppointmentOutputSerializer,
    EffectiveStatusField,
    ServerTimeField,
)
from .public_serializers import LANGUAGES, BookingClientInputSerializer

CURSOR_HELP = "next_cursor of the previous page (400 invalid_cursor for one this API did not give)."


@extend_schema_field({"type": "string", "format": "date", "pattern": DATE_PATTERN})
class FilterDateField(serializers.DateField):
    """A day of the filter, YYYY-MM-DD from 1970 to 9000 (the calendar's years): the first
    and last days of a wider window, 0001-01-01 or 9999-12-31, have no UTC instant for their
    midnight in every zone."""

    default_error_messages = {"window": "A date YYYY-MM-DD from 1970-01-01 to 9000-12-31."}

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
            self.fail("window")
        return super().to_internal_value(value)


class AdminBookingListQueryInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Booking.Status.choices, required=False)
    # The filter's values are listed in its description rather than as a named enum,
    # which would collide with other "status" enums of the schema.
    date_from = FilterDateField(required=False)
    date_to = FilterDateField(required=False)
    limit = serializers.IntegerField(min_value=1, max_value=500, default=100)
    # Deep offsets cost the database a scan of every row before them; filter by date instead.
    offset = serializers.IntegerField(min_value=0, max_value=10_000, default=0)
    cursor = serializers.CharField(
        required=False, max_length=200, help_text=CURSOR_HELP + " Not with offset."
    )
    staff = serializers.UUIDField(
        required=False, help_text="Bookings with an appointment of this staff member."
    )
    service = serializers.UUIDField(
        required=False, help_text="Bookings with an appointment of this service."
    )
    start_after = AwareDateTimeField(
        required=False, help_text="First start at or after this time (ISO 8601 with offset)."
    )
    start_before = AwareDateTimeField(
        required=False, help_text="First start before this time (ISO 8601 with offset)."
    )
    updated_since = AwareDateTimeField(
        required=False,
        help_text="Changed at or after this time (ISO 8601 with offset): to sync, pass the "
        "time of the previous sync.",
    )

    def validate(self, attrs):
        if attrs.get("cursor") and attrs.get("offset"):
            raise serializers.ValidationError({"offset": "Give a cursor or an offset, not both."})
        return attrs


class AdminBookingClientOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()


class AdminBookingPaymentHistoryOutputSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="payment or refund.")
    payment_intent = serializers.CharField(help_text="The Stripe PaymentIntent charged.")
    refund = serializers.CharField(help_text="The refund's id; empty for a payment.")
    amount = serializers.IntegerField(help_text="Minor units, in `currency`.")
    currency = serializers.CharField()
    reason = serializers.CharField(
        help_text="For a refund: cancelled, booking_expired or duplicate_payment (a second "
        "charge for the same order, refunded in full; it never counts in amount_paid or "
        "amount_refunded). A duplicate charge itself also says duplicate_payment."
    )
    at = serializers.DateTimeField()


class AdminBookingOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = EffectiveStatusField()
    client = AdminBookingClientOutputSerializer()
    note = serializers.CharField()
    reminder = serializers.BooleanField()
    language = serializers.CharField()
    payment = serializers.ChoiceField(choices=Booking.Payment.choices)
    currency = serializers.CharField()
    total_amount = serializers.IntegerField()
    amount_paid = serializers.IntegerField()
    amount_refunded = serializers.IntegerField()
    balance_due = serializers.IntegerField()
    payment_history = AdminBookingPaymentHistoryOutputSerializer(
        many=True, help_text="Every charge and refund, oldest first."
    )
    first_start = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    appointments = BookingAppointmentOutputSerializer(many=True)


class AdminBookingListOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = AdminBookingOutputSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as cursor for the next page; null on the last page."
    )


class AdminBookingCreateInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.UUIDField()
    start = AwareDateTimeField()
    client = BookingClientInputSerializer(
        help_text="The client booked for: an email the tenant knows books for that client."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reminder = serializers.BooleanField(required=False, default=False)
    language = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="en or de; default: the tenant's.",
    )
    notify_client = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Send the confirmation email (with the manage link) to the client, the staff "
        "member and the owner; false sends none.",
    )

    def validate_language(self, value):
        if value and value not in LANGUAGES:
            raise serializers.ValidationError(f"One of {', '.join(LANGUAGES)}.")
        return value or None


class AdminBookingRescheduleInputSerializer(serializers.Serializer):
    start = AwareDateTimeField(help_text="The new start of the booking's first appointment.")
    staff = serializers.UUIDField(
        required=False, help_text="Who gives it from then on; default: the same staff member."
    )


class AdminClientListQueryInputSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text="A part of the name, email or phone, in any case.",
    )
    limit = serializers.IntegerField(min_value=1, max_value=500, default=100)
    cursor = serializers.CharField(required=False, max_length=200, help_text=CURSOR_HELP)


class AdminClientOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    anonymized_at = serializers.DateTimeField(
        allow_null=True, help_text="When the client's personal data was erased; null if not."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AdminClientListOutputSerializer(serializers.Serializer):
    results = AdminClientOutputSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as cursor for the next page; null on the last page."
    )


class AdminClientExportBookingOutputSerializer(AdminBookingOutputSerializer):
    client_address = serializers.CharField(
        help_text="The network address the booking came from; empty when not known or erased."
    )
    updated_at = serializers.DateTimeField()


class AdminClientExportOutputSerializer(serializers.Serializer):
    exported_at = ServerTimeField()
    client = AdminClientOutputSerializer()
    bookings = AdminClientExportBookingOutputSerializer(many=True)
