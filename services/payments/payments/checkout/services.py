"""Writes of the payments service: checkouts, Stripe's events, refunds, reconciliation.

Stripe is called first and recorded after, never inside a transaction: when
Stripe cannot be reached no payment is written, and a row always describes
something Stripe has. Whatever arrives twice (a retried checkout, a webhook
delivered twice, a redelivered task) is decided by a unique constraint.

One payment order, one PaymentIntent, one charge: the order's intent is created
once and kept on the order (unique); every checkout of the order confirms that
intent, one at a time (a unique in-flight CheckoutAttempt row). Any other intent
that succeeds for the order, however it came about, is a duplicate charge: it is
refunded in full through payments.refund.v1 and never confirms the booking.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from contracts import payment_order as order_contract
from contracts import payments as payments_contract
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import events, selectors, stripe_gateway
from .errors import (
    InvalidPaymentOrder,
    PaymentInProgress,
    PaymentMethodRejected,
    PaymentOrderAlreadyPaid,
    PaymentOrderExpired,
    PaymentProviderUnavailable,
)
from .models import CheckoutAttempt, Kind, Payment, PaymentOrder, Refund, WebhookEvent

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

# What every intent a checkout creates carries: how an event or reconciliation finds its order.
ORDER_METADATA = ("tenant_id", "booking_id", "order_id", "kind")


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


def checkout_idempotency_key(*, order_id: str) -> str:
    """The Stripe idempotency key of an order's one PaymentIntent.

    The intent is created from the order alone (no payment method), so a retry of a
    creation whose answer was lost gets the same intent back.
    """
    digest = hashlib.sha256(order_id.encode()).hexdigest()
    return f"order-intent-{digest}"


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


def _attempt_seconds() -> float:
    # Create, update and confirm, each retried once by the SDK: past this the attempt's
    # process is taken for dead. Safety does not depend on it (one intent per order).
    return 6 * settings.STRIPE_TIMEOUT


def checkout_attempt_start(*, order_id: str) -> CheckoutAttempt:
    """Marks a checkout of the order as talking to Stripe; 409 while another one is."""
    now = timezone.now()
    attempt = CheckoutAttempt(
        order_id=order_id, expires_at=now + timedelta(seconds=_attempt_seconds())
    )
    attempt.full_clean(validate_unique=False)
    for _ in range(2):
        try:
            with transaction.atomic():
                attempt.save(force_insert=True)
            return attempt
        except IntegrityError:
            # The unique order id decided: another checkout of this order is in flight,
            # unless its process died; then its row has expired and is taken over.
            stale = CheckoutAttempt.objects.filter(order_id=order_id, expires_at__lte=now)
            if not stale.delete()[0]:
                raise PaymentInProgress()
    raise PaymentInProgress()


def checkout_attempt_finish(*, attempt: CheckoutAttempt) -> None:
    CheckoutAttempt.objects.filter(pk=attempt.pk).delete()


def checkout_create(*, token: str, payment_method_id: str) -> CheckoutAnswer:
    """Charges a signed order to the browser's payment method, on the order's one intent.

    Not atomic on purpose: the Stripe calls happen outside any transaction and only
    what Stripe answered is recorded. The booking is confirmed by the webhook, never
    by this answer. The same order and card again replays the first answer; another
    card while this one is in flight is 409 payment_in_progress, after it paid 409
    already_paid.
    """
    order = payment_order_verify(token=token)
    previous = selectors.payment_get_for_checkout(
        tenant_id=order.tenant_id, order_id=order.order_id, payment_method_id=payment_method_id
    )
    if previous is not None and previous.checkout_status:
        return _answer_from_payment(previous)
    attempt = checkout_attempt_start(order_id=order.order_id)
    try:
        return _checkout_attempt(order=order, payment_method_id=payment_method_id)
    finally:
        checkout_attempt_finish(attempt=attempt)


def _checkout_attempt(
    *, order: order_contract.PaymentOrder, payment_method_id: str
) -> CheckoutAnswer:
    order_row = selectors.payment_order_get(tenant_id=order.tenant_id, order_id=order.order_id)
    if order_row is not None and selectors.payment_order_paid(order=order_row):
        raise PaymentOrderAlreadyPaid()
    try:
        if order_row is None or not order_row.payment_intent_id:
            order_row = _order_intent_create(order=order)
        result = stripe_gateway.payment_intent_pay(
            payment_intent_id=order_row.payment_intent_id, payment_method=payment_method_id
        )
    except stripe_gateway.ProviderUnavailable:
        raise PaymentProviderUnavailable()
    except stripe_gateway.PaymentRejected as exc:
        _raise_if_paid_on_stripe(payment_intent_id=order_row and order_row.payment_intent_id)
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
    payment_record_checkout(order=order, payment_method_id=payment_method_id, answer=answer)
    return answer


def _order_intent_create(*, order: order_contract.PaymentOrder) -> PaymentOrder:
    """Creates the order's PaymentIntent at Stripe and keeps it on the order.

    Should two checkouts ever both create one (an attempt taken over from a process
    thought dead), the first recorded wins and the other, never confirmed, is cancelled.
    """
    created = stripe_gateway.payment_intent_create(
        amount=order.amount,
        currency=order.currency,
        metadata={
            "tenant_id": order.tenant_id,
            "booking_id": order.booking_id,
            "order_id": order.order_id,
            "kind": order.kind,
            "order_expires_at": order.expires_at,
        },
        idempotency_key=checkout_idempotency_key(order_id=order.order_id),
    )
    order_row = payment_order_intent_record(
        order=order, payment_intent_id=created.payment_intent_id
    )
    if order_row.payment_intent_id != created.payment_intent_id:
        stripe_gateway.payment_intent_cancel(payment_intent_id=created.payment_intent_id)
    return order_row


def _raise_if_paid_on_stripe(*, payment_intent_id: str | None) -> None:
    """After Stripe refused a checkout: 409 already_paid when the order's intent is paid.

    The webhook saying so may not have arrived yet (3-D Secure finished in another tab).
    """
    if not payment_intent_id:
        return
    try:
        current = stripe_gateway.payment_intent_get(payment_intent_id=payment_intent_id)
    except (stripe_gateway.ProviderUnavailable, stripe_gateway.PaymentRejected):
        return
    if current.status in ("succeeded", "processing", "requires_capture"):
        raise PaymentOrderAlreadyPaid()


@transaction.atomic
def payment_order_intent_record(
    *, order: order_contract.PaymentOrder, payment_intent_id: str
) -> PaymentOrder:
    """Keeps `payment_intent_id` as the order's intent unless it has one already."""
    order_row = _order_get_or_create(order)
    return _order_intent_keep(order_row=order_row, payment_intent_id=payment_intent_id)


def _order_intent_keep(*, order_row: PaymentOrder, payment_intent_id: str) -> PaymentOrder:
    PaymentOrder.objects.filter(pk=order_row.pk, payment_intent_id__isnull=True).update(
        payment_intent_id=payment_intent_id, updated_at=timezone.now()
    )
    order_row.refresh_from_db(fields=["payment_intent_id", "updated_at"])
    return order_row


def _order_get_or_create(order: order_contract.PaymentOrder) -> PaymentOrder:
    """The order's row, written the first time a checkout or an intent's event names it."""
    existing = PaymentOrder.objects.filter(order_id=order.order_id).first()
    if existing is not None:
        return existing
    row = PaymentOrder(
        order_id=order.order_id,
        tenant_id=order.tenant_id,
        booking_id=order.booking_id,
        amount=order.amount,
        currency=order.currency,
        kind=order.kind,
        description=order.description[:500],
        expires_at=datetime.fromisoformat(order.expires_at) if order.expires_at else None,
    )
    row.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        # A checkout and a webhook recorded the same order at the same moment.
        return PaymentOrder.objects.get(order_id=order.order_id)
    return row


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
    order_row = _order_get_or_create(order)
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


@dataclass(frozen=True, kw_only=True)
class IntentApplied:
    payment: Payment
    changed: bool  # the payment was recorded or its status moved
    duplicate: bool  # a charge for the order that is not the order's intent


def _intent_event_apply(*, intent: dict, status: str) -> IntentApplied | None:
    """Records what Stripe says of one intent made for one of our orders.

    The order's own intent succeeding tells booking; any other intent of the order
    succeeding is a duplicate charge, refunded (and booking is not told it was paid).
    """
    metadata = intent.get("metadata") or {}
    if not intent.get("id") or any(not metadata.get(key) for key in ORDER_METADATA):
        logger.warning("payment intent %s was not made by a checkout; ignored", intent.get("id"))
        return None
    order_row = _order_get_or_create(
        order_contract.PaymentOrder(
            order_id=metadata["order_id"],
            tenant_id=metadata["tenant_id"],
            booking_id=metadata["booking_id"],
            amount=int(intent["amount"]),
            currency=str(intent["currency"]),
            kind=metadata["kind"],
            description="",
            expires_at=metadata.get("order_expires_at", ""),
        )
    )
    if not order_row.payment_intent_id:
        # An order first seen through its intent's event: the first intent it hears of.
        order_row = _order_intent_keep(order_row=order_row, payment_intent_id=intent["id"])
    duplicate = order_row.payment_intent_id != intent["id"]
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
        if duplicate:
            logger.warning(
                "payment intent %s succeeded for order %s, whose intent is %s: refunding it",
                payment.payment_intent_id,
                order_row.order_id,
                order_row.payment_intent_id,
            )
            _duplicate_refund_request(payment)
        else:
            _on_succeeded(payment)
    if moved and status == Payment.Status.FAILED:
        error = intent.get("last_payment_error") or {}
        payment.decline_code = str(error.get("decline_code") or error.get("code") or "")[:100]
        payment.decline_message = str(error.get("message") or "")[:500]
    payment.full_clean(validate_unique=False)
    payment.save()
    return IntentApplied(payment=payment, changed=moved, duplicate=duplicate)


def _duplicate_refund_request(payment: Payment) -> None:
    """Asks for the duplicate charge to be refunded through payments.refund.v1.

    Into the outbox of this transaction: committed with the payment, published after.
    """
    events.duplicate_refund_request(payment=payment)


def payment_is_duplicate(payment: Payment) -> bool:
    """A payment of an order whose one intent is another: a charge that must go back."""
    own = payment.order.payment_intent_id
    return bool(own) and own != payment.payment_intent_id


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
    due = payments_contract.refund_is_due(
        requested_at=datetime.fromisoformat(request.requested_at),
        full_refund_until=datetime.fromisoformat(request.full_refund_until),
        deposit=payment.kind == Kind.DEPOSIT,
        deposit_refundable=request.deposit_refundable,
    )
    return payment.amount if due else 0


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
    only_duplicates = request.reason == payments_contract.REFUND_REASON_DUPLICATE_PAYMENT
    for payment in selectors.payment_list(
        tenant_id=request.tenant_id, booking_id=request.booking_id
    ):
        if payment.status not in REFUNDABLE:
            continue
        duplicate = payment_is_duplicate(payment)
        if only_duplicates and not duplicate:
            continue
        existing = selectors.refund_get(tenant_id=request.tenant_id, payment=payment)
        if existing is not None:
            refunds.append(existing)
            continue
        # A duplicate charge goes back in full whatever the policy, under its own reason.
        reason = payments_contract.REFUND_REASON_DUPLICATE_PAYMENT if duplicate else request.reason
        amount = payment.amount if duplicate else refund_amount(payment=payment, request=request)
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
                    "reason": reason,
                    "dedupe_key": request.dedupe_key,
                },
                idempotency_key=key,
            )
        refunds.append(
            refund_record(
                payment=payment, result=result, reason=reason, dedupe_key=request.dedupe_key
            )
        )
    return refunds


# What a PaymentIntent's status means for reconciliation; other statuses change nothing.
RECONCILED_STATUS = {
    "succeeded": Payment.Status.SUCCEEDED,
    "processing": Payment.Status.PROCESSING,
    "requires_capture": Payment.Status.PROCESSING,
    "requires_action": Payment.Status.REQUIRES_ACTION,
    "canceled": Payment.Status.CANCELED,
}


@dataclass(kw_only=True)
class ReconcileReport:
    since: datetime
    intents_listed: int = 0
    intents_ours: int = 0
    recorded: list[str] = field(default_factory=list)  # payments recorded or moved
    refunds_requested: list[str] = field(default_factory=list)  # duplicate charges

    def lines(self) -> list[str]:
        lines = [
            f"reconciled Stripe's payment intents created since {self.since.isoformat()}: "
            f"{self.intents_listed} listed, {self.intents_ours} for our orders, "
            f"{len(self.recorded)} recorded or updated, "
            f"{len(self.refunds_requested)} duplicate charge(s) to refund"
        ]
        lines += [f"  recorded: {line}" for line in self.recorded]
        lines += [f"  refund requested: {line}" for line in self.refunds_requested]
        return lines


def payments_reconcile(*, since: datetime) -> ReconcileReport:
    """Compares Stripe's intents for our orders (by metadata) with what is recorded.

    Every intent Stripe holds for one of our orders, created since `since`, is
    applied as its webhook would have been: a payment missing or behind is recorded
    (and the order's own success tells booking); a succeeded intent that is not its
    order's is refunded through payments.refund.v1, again if its refund never came.
    Safe to run at any time and any number of times. Stripe is read page by page,
    outside any transaction; each intent is recorded in its own.
    """
    report = ReconcileReport(since=since)
    oldest = since.timestamp()
    for intent in stripe_gateway.payment_intents_list():
        report.intents_listed += 1
        metadata = intent.get("metadata") or {}
        if any(not metadata.get(key) for key in ORDER_METADATA):
            continue
        if int(intent.get("created") or 0) < oldest:
            continue
        report.intents_ours += 1
        status = RECONCILED_STATUS.get(str(intent.get("status")))
        if status is None:
            continue
        outcome = _intent_reconcile(intent=intent, status=status)
        if outcome is None:
            continue
        applied, refund_requested = outcome
        what = (
            f"{intent['id']} {status} {intent['amount']} {intent['currency']} "
            f"order {metadata['order_id']}"
        )
        if applied.changed:
            report.recorded.append(what)
        if refund_requested:
            report.refunds_requested.append(
                f"{what}, a duplicate of {applied.payment.order.payment_intent_id}"
            )
    for line in report.lines():
        logger.info("%s", line)
    return report


@transaction.atomic
def _intent_reconcile(*, intent: dict, status: str) -> tuple[IntentApplied, bool] | None:
    """(what was applied, whether a refund was requested) for one of our intents."""
    exists = Payment.objects.filter(payment_intent_id=intent["id"]).exists()
    if not exists and status not in REFUNDABLE:
        # An intent nobody paid (a checkout's, abandoned): nothing to record.
        return None
    applied = _intent_event_apply(intent=intent, status=status)
    if applied is None:
        return None
    payment = applied.payment
    refund_requested = False
    if applied.duplicate and payment.status == Payment.Status.SUCCEEDED:
        if applied.changed:
            refund_requested = True  # _intent_event_apply asked for it
        elif selectors.refund_get(tenant_id=payment.tenant_id, payment=payment) is None:
            # Recorded before, but its refund never happened (a lost task): ask again.
            _duplicate_refund_request(payment)
            refund_requested = True
    return applied, refund_requested
