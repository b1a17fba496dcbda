"""Celery tasks of the booking worker: thin, each calls one service.

Payment events arrive on booking.events (published by payments, by name); the
beat's periodic work runs on booking.maintenance. Routing is by name in
contracts.routing, so the names below decide the queues.
"""

from celery import shared_task
from contracts import booking as booking_contract

from .services.maintenance import expired_claims_tidy, reminders_send_due
from .services.payments import booking_payment_refunded, booking_payment_succeed

TIDY_EXPIRED = "booking.maintenance.tidy_expired"
SEND_DUE_REMINDERS = "booking.maintenance.send_due_reminders"

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@shared_task(name=booking_contract.PAYMENT_SUCCEEDED, **RETRY)
def payment_succeeded(
    *,
    dedupe_key: str,
    tenant_id: str,
    booking_id: str,
    order_id: str,
    payment_intent_id: str,
    amount: int,
    currency: str,
    kind: str,
) -> None:
    booking_payment_succeed(
        tenant_id=tenant_id,
        booking_id=booking_id,
        payment_intent_id=payment_intent_id,
        amount=amount,
        currency=currency,
        kind=kind,
    )


@shared_task(name=booking_contract.PAYMENT_REFUNDED, **RETRY)
def payment_refunded(
    *,
    dedupe_key: str,
    tenant_id: str,
    booking_id: str,
    payment_intent_id: str,
    amount: int,
    currency: str,
    reason: str,
) -> None:
    booking_payment_refunded(
        tenant_id=tenant_id,
        booking_id=booking_id,
        refund_id=dedupe_key,
        amount=amount,
        reason=reason,
        payment_intent_id=payment_intent_id,
        currency=currency,
    )


@shared_task(name=TIDY_EXPIRED)
def tidy_expired() -> int:
    return expired_claims_tidy()


@shared_task(name=SEND_DUE_REMINDERS)
def send_due_reminders() -> int:
    return reminders_send_due()
