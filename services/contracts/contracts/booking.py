"""Tasks the booking service consumes (published by the payments service)."""

from dataclasses import dataclass

PAYMENT_SUCCEEDED = "booking.payment_succeeded.v1"
PAYMENT_REFUNDED = "booking.payment_refunded.v1"


@dataclass(frozen=True, kw_only=True)
class PaymentSucceeded:
    dedupe_key: str  # the Stripe PaymentIntent id
    tenant_id: str
    booking_id: str
    order_id: str
    payment_intent_id: str
    amount: int
    currency: str
    kind: str  # full | deposit


@dataclass(frozen=True, kw_only=True)
class PaymentRefunded:
    dedupe_key: str  # the Stripe refund id
    tenant_id: str
    booking_id: str
    payment_intent_id: str
    amount: int
    currency: str
    reason: str  # cancelled | booking_expired | duplicate_payment (a second charge)
