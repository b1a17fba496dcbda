"""The event types integrators subscribe to (docs/architecture.md §12)."""

BOOKING_CREATED = "booking.created"
BOOKING_CONFIRMED = "booking.confirmed"
BOOKING_RESCHEDULED = "booking.rescheduled"
BOOKING_CANCELLED = "booking.cancelled"
BOOKING_EXPIRED = "booking.expired"
PAYMENT_SUCCEEDED = "payment.succeeded"
PAYMENT_REFUNDED = "payment.refunded"
# Sent only by POST .../webhooks/{id}/test, to the one endpoint, whatever it subscribes to.
PING = "ping"

EVENT_TYPES = [
    BOOKING_CREATED,
    BOOKING_CONFIRMED,
    BOOKING_RESCHEDULED,
    BOOKING_CANCELLED,
    BOOKING_EXPIRED,
    PAYMENT_SUCCEEDED,
    PAYMENT_REFUNDED,
]
EVENT_CHOICES = [(name, name) for name in EVENT_TYPES]
