"""Writes of the payments service: checkouts, Stripe's events and refunds.

Stripe is called first and recorded after, never inside a transaction: when
Stripe cannot be reached nothing is written, and a row always describes
something Stripe has. Whatever arrives twice (a retried checkout, a webhook
delivered twice, a redelivered task) is decided by a unique constraint.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from contracts import payment_order as order_contract
from contracts import payments as payments_contract
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import events, selectors, stripe_gateway
from .errors import (
    InvalidPaymentOrder,
    PaymentMethodRejected,
    PaymentOrderAlreadyPaid,
    PaymentOrderExpired,
    PaymentProviderUnavailable,
)
from .models import Kind, Payment, PaymentOrder, Refund, WebhookEvent

logger = logging.getLogger(__name__)

# What the widget is told, from Stripe's PaymentIntent status.
CHECKOUT_STATUS = {
    "succeeded": "succeeded",
    "processing": "processing",
    "requires_capture": "processing",
    "requires_action": "requires_action",
    "requires_source_action": "requires_action",
    "requires_confirmation": "requires_action",
    "requires_payment_method": "failed",
    "canceled": "failed",
}

# What is recorded at checkout. `succeeded` waits for the verified webhook.
RECORDED_STATUS = {
    "succeeded": Payment.Status.PROCESSING,
    "processing": Payment.Status.PROCESSING,
    "requires_action": Payment.Status.REQUIRES_ACTION,
    "failed": Payment.Status.FAILED,
}

# What the widget is told about a payment a webhook recorded before any checkout answer.
ANSWERED_STATUS = {
    Payment.Status.REQUIRES_ACTION: "requires_action",
    Payment.Status.FAILED: "failed",
    Payment.Status.CANCELED: "failed",
    Payment.Status.PROCESSING: "processing",
    Payment.Status.SUCCEEDED: "succeeded",
}

# Stripe's events about a PaymentIntent, and the status each one reports.
INTENT_EVENTS = {
    "payment_intent.succeeded": Payment.Status.SUCCEEDED,
    "payment_intent.processing": Payment.Status.PROCESSING,
    "payment_intent.payment_failed": Payment.Status.FAILED,
    "payment_intent.requires_action": Payment.Status.REQUIRES_ACTION,
    "payment_intent.canceled": Payment.Status.CANCELED,
}

REFUNDABLE = (Payment.Status.SUCCEEDED, Payment.Status.PROCESSING)


@dataclass(frozen=True, kw_only=True)
class CheckoutAnswer:
    status: str  # succeeded | requires_action | failed | processing
    client_secret: str
    amount: int
    currency: str
    kind: str
    payment_intent_id: str
    decline_code: str = ""
    decline_message: str = ""


def checkout_idempotency_key(*, order_id: str, payment_method_id: str) -> str:
    """One Stripe idempotency key per order and card.

    Retrying with the same card replays the first answer; another card after a
    decline is a new attempt.
    """
    digest = hashlib.sha256(f"{order_id}\n{payment_method_id}".encode()).hexdigest()
    return f"checkout-{digest}"


def payment_order_verify(*, token: str) -> order_contract.PaymentOrder:
    try:
        return order_contract.verify_payment_order(
            token, settings.PAYMENT_ORDER_SECRET, timezone.now()
        )
    except order_contract.PaymentOrderExpired as exc:
        raise PaymentOrderExpired(detail={"reason": str(exc)})
    except order_contract.PaymentOrderError as exc:
        raise InvalidPaymentOrder(detail={"reason": str(exc)})


def _answer_from_payment(payment: Payment) -> CheckoutAnswer:
    return CheckoutAnswer(
        status=payment.checkout_status or ANSWERED_STATUS[payment.status],
        client_secret=payment.client_secret,
        amount=payment.amount,
        currency=payment.currency,
        kind=payment.kind,
        payment_intent_id=payment.payment_intent_id,
        decline_code=payment.decline_code,
        decline_message=payment.decline_message,
    )


def checkout_create(*, token: str, payment_method_id: str) -> CheckoutAnswer:
    """Charges a signed order to the browser's payment method.

    Not atomic on purpose: the Stripe call happens outside any transaction and
    only what Stripe answered is recorded. The booking is confirmed by the
    webhook, never by this answer.
    """
    order = payment_order_verify(token=token)
    previous = selectors.payment_get_for_checkout(
        tenant_id=order.tenant_id, order_id=order.order_id, payment_method_id=payment_method_id
    )
    if previous is not None:
        return _answer_from_payment(previous)
    if any(
        payment.status in REFUNDABLE
        for payment in selectors.payment_list(tenant_id=order.tenant_id, order_id=order.order_id)
    ):
        raise PaymentOrderAlreadyPaid()
    try:
        result = stripe_gateway.payment_intent_create_confirmed(
            amount=order.amount,
            currency=order.currency,
            payment_method=payment_method_id,
            metadata={
                "tenant_id": order.tenant_id,
                "booking_id": order.booking_id,
                "order_id": order.order_id,
                "kind": order.kind,
                "order_expires_at": order.expires_at,
            },
            idempotency_key=checkout_idempotency_key(
                order_id=order.order_id, payment_method_id=payment_method_id
            ),
        )
    except stripe_gateway.ProviderUnavailable:
        raise PaymentProviderUnavailable()
    except stripe_gateway.PaymentRejected as exc:
        raise PaymentMethodRejected(detail={"provider_message": str(exc)})
    answer = CheckoutAnswer(
        status=CHECKOUT_STATUS.get(result.status, "processing"),
        client_secret=result.client_secret,
        amount=order.amount,
        currency=order.currency,
        kind=order.kind,
        payment_intent_id=result.payment_intent_id,
        decline_code=result.decline_code,
        decline_message=result.decline_message,
    )
    if result.payment_intent_id:
        payment_record_checkout(order=order, payment_method_id=payment_method_id, answer=answer)
    return answer


def _order_get_or_create(
    *,
    order_id: str,
    tenant_id: str,
    booking_id: str,
    amount: int,
    currency: str,
    kind: str,
    description: str = "",
    expires_at: str = "",
) -> PaymentOrder:
    existing = PaymentOrder.objects.filter(order_id=order_id).first()
    if existing is not None:
        return existing
    order = PaymentOrder(
        order_id=order_id,
        tenant_id=tenant_id,
        booking_id=booking_id,
        amount=amount,
        currency=currency,
        kind=kind,
        description=description[:500],
        expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
    )
    order.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            order.save(force_insert=True)
    except IntegrityError:
        # A checkout and a webhook recorded the same order at the same moment.
        return PaymentOrder.objects.get(order_id=order_id)
    return order


def _payment_locked(*, payment_intent_id: str, new: Payment) -> tuple[Payment, bool]:
    """The payment row for an intent, locked; `new` is inserted when there is none yet."""
    existing = (
        Payment.objects.select_for_update()
        .select_related("order")
        .filter(payment_intent_id=payment_intent_id)
        .first()
    )
    if existing is not None:
        return existing, False
    new.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            new.save(force_insert=True)
    except IntegrityError:
        # The unique intent id decided: another request inserted it first.
        existing = (
            Payment.objects.select_for_update()
            .select_related("order")
            .get(payment_intent_id=payment_intent_id)
        )
        return existing, False
    return new, True


def _payment_advance(payment: Payment, status: str, *, created: bool) -> bool:
    """Moves the status forward only. True when the payment has just succeeded."""
    if not created:
        if Payment.RANK[status] <= Payment.RANK[payment.status]:
            return False
        payment.status = status
    if payment.status == Payment.Status.SUCCEEDED:
        payment.succeeded_at = timezone.now()
        return True
    return False


def _on_succeeded(payment: Payment) -> None:
    # Into the outbox of this transaction: committed with the payment, published after.
    events.payment_succeeded_publish(payment=payment)


@transaction.atomic
def payment_record_checkout(
    *, order: order_contract.PaymentOrder, payment_method_id: str, answer: CheckoutAnswer
) -> Payment:
    """Records what Stripe answered a checkout; a webhook may have recorded the intent first."""
    order_row = _order_get_or_create(
        order_id=order.order_id,
        tenant_id=order.tenant_id,
        booking_id=order.booking_id,
        amount=order.amount,
        currency=order.currency,
        kind=order.kind,
        description=order.description,
        expires_at=order.expires_at,
    )
    status = RECORDED_STATUS.get(answer.status, Payment.Status.PROCESSING)
    payment, created = _payment_locked(
        payment_intent_id=answer.payment_intent_id,
        new=Payment(
            order=order_row,
            tenant_id=order.tenant_id,
            booking_id=order.booking_id,
            payment_intent_id=answer.payment_intent_id,
            payment_method_id=payment_method_id,
            amount=order.amount,
            currency=order.currency,
            kind=order.kind,
            status=status,
        ),
    )
    payment.payment_method_id = payment_method_id
    payment.checkout_status = answer.status
    payment.client_secret = answer.client_secret
    payment.decline_code = answer.decline_code
    payment.decline_message = answer.decline_message[:500]
    if _payment_advance(payment, status, created=created):
        _on_succeeded(payment)
    payment.full_clean(validate_unique=False)
    payment.save()
    return payment


@transaction.atomic
def webhook_event_process(*, event: dict) -> bool:
    """Applies one verified Stripe event. False when this event id was processed before.

    The unique insert of the event id decides: a second delivery at the same
    moment waits on the first one's insert and then finds it taken. When
    handling fails the insert rolls back with it, so Stripe's retry runs again.
    """
    obj = (event.get("data") or {}).get("object") or {}
    created = event.get("created")
    row = WebhookEvent(
        event_id=str(event["id"])[:255],
        type=str(event["type"])[:100],
        object_id=str(obj.get("id") or "")[:255],
        stripe_created=datetime.fromtimestamp(created, tz=UTC)
        if isinstance(created, int)
        else None,
    )
    row.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        logger.info("stripe event %s already processed", row.event_id)
        return False
    if row.type in INTENT_EVENTS:
        _intent_event_apply(intent=obj, status=INTENT_EVENTS[row.type])
    elif row.type in ("refund.created", "refund.updated", "charge.refund.updated"):
        _refund_observed(refund=obj)
    elif row.type == "charge.refunded":
        for refund in (obj.get("refunds") or {}).get("data") or []:
            _refund_observed(refund=refund)
    else:
        logger.info("stripe event %s of type %s ignored", row.event_id, row.type)
    return True


def _intent_event_apply(*, intent: dict, status: str) -> None:
    metadata = intent.get("metadata") or {}
    needed = ("tenant_id", "booking_id", "order_id", "kind")
    if not intent.get("id") or any(not metadata.get(key) for key in needed):
        logger.warning("payment intent %s was not made by a checkout; ignored", intent.get("id"))
        return
    order_row = _order_get_or_create(
        order_id=metadata["order_id"],
        tenant_id=metadata["tenant_id"],
        booking_id=metadata["booking_id"],
        amount=int(intent["amount"]),
        currency=str(intent["currency"]),
        kind=metadata["kind"],
        expires_at=metadata.get("order_expires_at", ""),
    )
    payment, created = _payment_locked(
        payment_intent_id=intent["id"],
        new=Payment(
            order=order_row,
            tenant_id=metadata["tenant_id"],
            booking_id=metadata["booking_id"],
            payment_intent_id=intent["id"],
            payment_method_id=str(intent.get("payment_method") or ""),
            amount=int(intent["amount"]),
            currency=str(intent["currency"]),
            kind=metadata["kind"],
            status=status,
        ),
    )
    moved = created or Payment.RANK[status] > Payment.RANK[payment.status]
    if _payment_advance(payment, status, created=created):
        _on_succeeded(payment)
    if moved and status == Payment.Status.FAILED:
        error = intent.get("last_payment_error") or {}
        payment.decline_code = str(error.get("decline_code") or error.get("code") or "")[:100]
        payment.decline_message = str(error.get("message") or "")[:500]
    payment.full_clean(validate_unique=False)
    payment.save()


def _refund_observed(*, refund: dict) -> None:
    """A refund Stripe reports; recorded once per payment, whoever made it."""
    payment_intent_id = refund.get("payment_intent")
    if not refund.get("id") or not payment_intent_id or refund.get("status") == "failed":
        return
    payment = Payment.objects.filter(payment_intent_id=payment_intent_id).first()
    if payment is None:
        logger.warning("refund %s of unknown payment %s ignored", refund["id"], payment_intent_id)
        return
    metadata = refund.get("metadata") or {}
    refund_record(
        payment=payment,
        result=stripe_gateway.RefundResult(
            refund_id=refund["id"],
            amount=int(refund["amount"]),
            currency=str(refund.get("currency") or payment.currency),
            status=str(refund.get("status") or ""),
        ),
        reason=metadata.get("reason") or "provider",
        dedupe_key=metadata.get("dedupe_key", ""),
    )


@transaction.atomic
def refund_record(
    *, payment: Payment, result: stripe_gateway.RefundResult, reason: str, dedupe_key: str
) -> Refund:
    """Records a refund Stripe made; the first record of a payment's refund publishes it."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    existing = selectors.refund_get(tenant_id=locked.tenant_id, payment=locked)
    if existing is not None:
        return existing
    refund = Refund(
        payment=locked,
        stripe_refund_id=result.refund_id,
        amount=result.amount,
        currency=result.currency,
        reason=reason[:50],
        dedupe_key=dedupe_key[:255],
    )
    refund.full_clean(validate_unique=False)
    refund.save(force_insert=True)
    events.payment_refunded_publish(refund=refund)
    return refund


def refund_amount(*, payment: Payment, request: payments_contract.Refund) -> int:
    """What the tenant's policy gives back of one payment (minor units)."""
    if request.reason == payments_contract.REFUND_REASON_BOOKING_EXPIRED:
        # The client paid for a booking that no longer exists: everything goes back.
        return payment.amount
    requested_at = datetime.fromisoformat(request.requested_at)
    full_refund_until = datetime.fromisoformat(request.full_refund_until)
    if requested_at >= full_refund_until:
        return 0
    if payment.kind == Kind.DEPOSIT:
        return payment.amount if request.deposit_refundable else 0
    return payment.amount


def refund_idempotency_key(*, payment: Payment, dedupe_key: str) -> str:
    digest = hashlib.sha256(f"{payment.payment_intent_id}\n{dedupe_key}".encode()).hexdigest()
    return f"refund-{digest}"


def booking_refund(*, request: payments_contract.Refund) -> list[Refund]:
    """Refunds a booking's payments by the policy in the request; safe to run again.

    Per payment: skip when already refunded, else ask Stripe (first re-reading
    whether a refund exists, for providers that ignore idempotency keys), then
    record. Raises ProviderUnavailable for the task to retry later.
    """
    refunds = []
    for payment in selectors.payment_list(
        tenant_id=request.tenant_id, booking_id=request.booking_id
    ):
        if payment.status not in REFUNDABLE:
            continue
        existing = selectors.refund_get(tenant_id=request.tenant_id, payment=payment)
        if existing is not None:
            refunds.append(existing)
            continue
        amount = refund_amount(payment=payment, request=request)
        if amount <= 0:
            logger.info("payment %s: the policy refunds nothing", payment)
            continue
        key = refund_idempotency_key(payment=payment, dedupe_key=request.dedupe_key)
        result = stripe_gateway.refund_find(payment_intent_id=payment.payment_intent_id)
        if result is None:
            result = stripe_gateway.refund_create(
                payment_intent_id=payment.payment_intent_id,
                amount=amount,
                metadata={
                    "tenant_id": payment.tenant_id,
                    "booking_id": payment.booking_id,
                    "reason": request.reason,
                    "dedupe_key": request.dedupe_key,
                },
                idempotency_key=key,
            )
        refunds.append(
            refund_record(
                payment=payment, result=result, reason=request.reason, dedupe_key=request.dedupe_key
            )
        )
    return refunds
