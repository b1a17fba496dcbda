from typing import Literal

WebhookEventEnum = Literal[
    "booking.cancelled",
    "booking.confirmed",
    "booking.created",
    "booking.expired",
    "booking.rescheduled",
    "payment.refunded",
    "payment.succeeded",
]

WEBHOOK_EVENT_ENUM_VALUES: set[WebhookEventEnum] = {
    "booking.cancelled",
    "booking.confirmed",
    "booking.created",
    "booking.expired",
    "booking.rescheduled",
    "payment.refunded",
    "payment.succeeded",
}


def check_webhook_event_enum(value: str) -> WebhookEventEnum:
    if value in WEBHOOK_EVENT_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WEBHOOK_EVENT_ENUM_VALUES!r}")
