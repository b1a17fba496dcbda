"""Input and output of the hold and booking endpoints (names unique across the schema)."""

import re

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.availability.api.serializers import DATE_PATTERN
from booking.common.schema import not_blank
from booking.tenants.models import Tenant

from ..models import Booking
from ..selectors import DOWN_PAYMENT, FINISH, PAY

LANGUAGES = [code for code, _ in Tenant._meta.get_field("language").choices]
STATUS_HELP = "One of " + ", ".join(Booking.Status.values) + "."

PAYMENT_OPTIONS = [PAY, DOWN_PAYMENT, FINISH]


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset: a naive time would be guessed in the wrong zone."""

    default_error_messages = {"naive": "Give the time with its UTC offset, e.g. +01:00 or Z."}

    def to_internal_value(self, value):
        if isinstance(value, str):
            parsed = parse_datetime(value.strip())
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        return super().to_internal_value(value)


class HoldCreateInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.UUIDField()
    start = AwareDateTimeField()
    altcha = serializers.CharField(
        required=False,
        max_length=2048,
        help_text="The solved proof-of-work challenge (ALTCHA payload: base64 of JSON "
        "algorithm, challenge, number, salt, signature), needed once the address holds half "
        "of its cap; a 403 challenge_required answer carries the challenge to solve.",
    )


class HoldOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    cart_token = serializers.CharField(
        help_text="Keep it and send it as X-Cart-Token with every later call."
    )
    service = serializers.UUIDField(source="service_id")
    staff = serializers.UUIDField(source="staff_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    server_time = serializers.DateTimeField(help_text="The server's clock, for the countdown.")
    extensions_left = serializers.IntegerField()


class HoldExtendOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    server_time = serializers.DateTimeField()
    extensions_left = serializers.IntegerField()


class BookingClientInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[not_blank])
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class BookingCreateInputSerializer(serializers.Serializer):
    client = BookingClientInputSerializer()
    slot = HoldCreateInputSerializer(
        required=False,
        help_text="Book this start directly instead of the cart's holds (for tenants with "
        "holds switched off).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reminder = serializers.BooleanField(required=False, default=False)
    payment = serializers.ChoiceField(choices=Booking.Payment.choices, default="none")
    # A plain string, not an enum: the schema's "language" enum belongs to the tenant.
    language = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="en or de; default: the tenant's.",
    )

    def validate_language(self, value):
        if value and value not in LANGUAGES:
            raise serializers.ValidationError(f"One of {', '.join(LANGUAGES)}.")
        return value or None


class BookingAppointmentOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    staff = serializers.UUIDField(source="staff_id")
    staff_name = serializers.CharField(source="staff.name")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BookingOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    cart_token = serializers.CharField(
        allow_null=True,
        required=False,
        help_text="Only when a direct booking made a new cart: send it as X-Cart-Token to verify.",
    )
    status = serializers.CharField(help_text=STATUS_HELP)
    payment = serializers.ChoiceField(choices=Booking.Payment.choices)
    currency = serializers.CharField()
    total_amount = serializers.IntegerField(help_text="Minor units.")
    payment_amount = serializers.IntegerField(help_text="Minor units charged online.")
    amount_paid = serializers.IntegerField()
    balance_due = serializers.IntegerField(help_text="Minor units still due at the appointment.")
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="Deadline of verification or payment; null once confirmed."
    )
    server_time = serializers.DateTimeField()
    payment_order = serializers.CharField(
        allow_null=True, help_text="Signed order for the payments service, while awaiting payment."
    )
    appointments = BookingAppointmentOutputSerializer(many=True)


class BookingVerifyInputSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", max_length=12)


class BookingCodeResendOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField(help_text=STATUS_HELP)
    expires_at = serializers.DateTimeField(allow_null=True)
    server_time = serializers.DateTimeField()


class PaymentOptionsQueryInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()


class PaymentOptionsOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    options = serializers.ListField(child=serializers.ChoiceField(choices=PAYMENT_OPTIONS))
    price_amount = serializers.IntegerField(allow_null=True)
    down_payment_amount = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()


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
    status = serializers.CharField(help_text=STATUS_HELP)
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


class ManageBookingOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField(help_text=STATUS_HELP)
    payment = serializers.ChoiceField(choices=Booking.Payment.choices)
    currency = serializers.CharField()
    total_amount = serializers.IntegerField(help_text="Minor units.")
    amount_paid = serializers.IntegerField()
    amount_refunded = serializers.IntegerField()
    balance_due = serializers.IntegerField(help_text="Minor units still due at the appointment.")
    first_start = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    appointments = BookingAppointmentOutputSerializer(many=True)
    can_reschedule = serializers.BooleanField()
    reschedule_blocked_reason = serializers.CharField(
        help_text="Why not, as the error code a reschedule would get: booking_not_confirmed, "
        "reschedule_not_allowed, holds_disabled, reschedule_limit_reached, "
        "reschedule_window_passed; empty when it may."
    )
    reschedules = serializers.IntegerField(help_text="How often it was moved already.")
    reschedules_left = serializers.IntegerField()
    can_cancel = serializers.BooleanField()
    cancel_blocked_reason = serializers.CharField(
        help_text="Why not: booking_not_cancellable, cancel_not_allowed, cancel_window_passed; "
        "empty when it may."
    )
    refund = serializers.CharField(
        help_text="full, none, or empty when nothing was paid: for a cancelled booking what "
        "its cancellation refunds, otherwise what cancelling now would."
    )
    refund_amount = serializers.IntegerField(help_text="Minor units, in `currency`.")
    server_time = serializers.DateTimeField()


class ManageRescheduleInputSerializer(serializers.Serializer):
    hold = serializers.UUIDField(
        help_text="A hold the caller's cart (X-Cart-Token) took for the new start."
    )
