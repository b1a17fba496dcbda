"""Tasks this service publishes to the booking service, by name, after commit."""

import logging

from config.celery import app
from contracts import booking as booking_contract
from contracts.celery import payload_kwargs

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
    app.send_task(booking_contract.PAYMENT_SUCCEEDED, kwargs=payload_kwargs(payload))
    logger.info("published %s for %s", booking_contract.PAYMENT_SUCCEEDED, payment)


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
    app.send_task(booking_contract.PAYMENT_REFUNDED, kwargs=payload_kwargs(payload))
    logger.info("published %s for %s", booking_contract.PAYMENT_REFUNDED, refund)
