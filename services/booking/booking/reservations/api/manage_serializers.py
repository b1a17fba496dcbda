"""Input and output of the client's manage link (naming: see public_serializers)."""

from rest_framework import serializers

from ..models import Booking
from .fields import STATUS_HELP, BookingAppointmentOutputSerializer, ServerTimeField


# A ManageView (services.manage.manage_view): the booking and what the client may do.
class ManageBookingOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="booking.id")
    status = serializers.CharField(help_text=STATUS_HELP)
    payment = serializers.ChoiceField(source="booking.payment", choices=Booking.Payment.choices)
    currency = serializers.CharField(source="booking.currency")
    total_amount = serializers.IntegerField(source="booking.total_amount", help_text="Minor units.")
    amount_paid = serializers.IntegerField(source="booking.amount_paid")
    amount_refunded = serializers.IntegerField(source="booking.amount_refunded")
    balance_due = serializers.IntegerField(
        source="booking.balance_due", help_text="Minor units still due at the appointment."
    )
    first_start = serializers.DateTimeField(source="booking.first_start")
    cancelled_at = serializers.DateTimeField(source="booking.cancelled_at", allow_null=True)
    appointments = BookingAppointmentOutputSerializer(many=True)
    can_reschedule = serializers.BooleanField()
    reschedule_blocked_reason = serializers.CharField(
        help_text="Why not, as the error code a reschedule would get: booking_not_confirmed, "
        "reschedule_not_allowed, holds_disabled, reschedule_limit_reached, "
        "reschedule_window_passed; empty when it may."
    )
    reschedules = serializers.IntegerField(
        source="booking.reschedules", help_text="How often it was moved already."
    )
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
    server_time = ServerTimeField()


class ManageRescheduleInputSerializer(serializers.Serializer):
    hold = serializers.UUIDField(
        help_text="A hold the caller's cart (X-Cart-Token) took for the new start."
    )
