"""Celery tasks of the booking worker: thin, each calls one service.

Payment events arrive on booking.events (published by payments, by name); the
beat's periodic work runs on booking.maintenance. Routing is by name in
contracts.routing, so the names below decide the queues.
"""

from celery import shared_task
from contracts import booking as booking_contract
from contracts.payloads import payload_parse
from plumbing.outbox.services import outbox_forget_sent_mentioning

from .services.clients import FORGET_SENT_MESSAGES
from .services.maintenance import expired_claims_tidy, reminders_send_due
from .services.payments import booking_payment_refunded, booking_payment_succeed

TIDY_EXPIRED = "booking.maintenance.tidy_expired"
SEND_DUE_REMINDERS = "booking.maintenance.send_due_reminders"

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@shared_task(name=booking_contract.PAYMENT_SUCCEEDED, **RETRY)
def payment_succeeded(**kwargs) -> None:
    event = payload_parse(booking_contract.PaymentSucceeded, kwargs)
    booking_payment_succeed(
        tenant_id=event.tenant_id,
        booking_id=event.booking_id,
        payment_intent_id=event.payment_intent_id,
        amount=event.amount,
        currency=event.currency,
        kind=event.kind,
    )


@shared_task(name=booking_contract.PAYMENT_REFUNDED, **RETRY)
def payment_refunded(**kwargs) -> None:
    event = payload_parse(booking_contract.PaymentRefunded, kwargs)
    booking_payment_refunded(
        tenant_id=event.tenant_id,
        booking_id=event.booking_id,
        refund_id=event.dedupe_key,
        amount=event.amount,
        reason=event.reason,
        payment_intent_id=event.payment_intent_id,
        currency=event.currency,
    )


@shared_task(name=TIDY_EXPIRED)
def tidy_expired() -> int:
    return expired_claims_tidy()


@shared_task(name=SEND_DUE_REMINDERS)
def send_due_reminders() -> int:
    return reminders_send_due()


@shared_task(name=FORGET_SENT_MESSAGES, **RETRY)
def forget_sent_messages(*, email: str) -> int:
    """An erased client's address: the sent messages naming it go (services.clients)."""
    return outbox_forget_sent_mentioning(email)
