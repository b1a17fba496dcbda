"""Tasks this service publishes to the booking service, by name.

Each is written to the transactional outbox (plumbing.outbox) inside the transaction that
records the payment or the refund, and published after the commit, or by the beat's sweep
when the broker was down.
"""

import logging

from contracts import booking as booking_contract
from contracts import payments as payments_contract
from django.utils import timezone
from plumbing.outbox.services import outbox_enqueue

from .models import Payment, Refund

logger = logging.getLogger(__name__)


def payment_succeeded_publish(*, payment: Payment) -> None:
    payload = booking_contract.PaymentSucceeded(
        dedupe_key=payment.payment_intent_id,
        tenant_id=payment.tenant_id,
        booking_id=payment.booking_id,
        order_id=payment.order.order_id,
        payment_intent_id=payment.payment_intent_id,
        amount=payment.amount,
        currency=payment.currency,
        kind=payment.kind,
    )
    outbox_enqueue(booking_contract.PAYMENT_SUCCEEDED, payload)
    logger.info("queued %s for %s", booking_contract.PAYMENT_SUCCEEDED, payment)


def payment_refunded_publish(*, refund: Refund) -> None:
    payment = refund.payment
    payload = booking_contract.PaymentRefunded(
        dedupe_key=refund.stripe_refund_id,
        tenant_id=payment.tenant_id,
        booking_id=payment.booking_id,
        payment_intent_id=payment.payment_intent_id,
        amount=refund.amount,
        currency=refund.currency,
        reason=refund.reason,
    )
    outbox_enqueue(booking_contract.PAYMENT_REFUNDED, payload)
    logger.info("queued %s for %s", booking_contract.PAYMENT_REFUNDED, refund)


def duplicate_refund_request(*, payment: Payment) -> None:
    """payments.refund.v1 for a duplicate charge: its booking's duplicates, in full, now."""
    now = timezone.now().isoformat()
    payload = payments_contract.Refund(
        dedupe_key=f"payment:{payment.payment_intent_id}:duplicate",
        tenant_id=payment.tenant_id,
        booking_id=payment.booking_id,
        reason=payments_contract.REFUND_REASON_DUPLICATE_PAYMENT,
        requested_at=now,
        full_refund_until=now,  # unused: a duplicate goes back in full whatever the policy
        deposit_refundable=True,
    )
    outbox_enqueue(payments_contract.REFUND, payload)
    logger.info("queued %s for duplicate %s", payments_contract.REFUND, payment)
