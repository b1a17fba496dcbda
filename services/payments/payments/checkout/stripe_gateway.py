"""The only module that talks to Stripe (or to localstripe, which speaks its API).

Everything else sees plain dataclasses and three errors, so the rest of the
service never depends on the SDK's types. Calls here are network calls: callers
never make them inside a database transaction.

localstripe (development and tests) listens on plain http: the SDK's `api`
base address is pointed at it (STRIPE_API_BASE). It ignores idempotency keys and
the Stripe-Version header; we send both as we would to Stripe.
"""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)


class ProviderUnavailable(Exception):
    """Stripe could not be reached or failed on its side; the same call may be retried."""


class PaymentRejected(Exception):
    """Stripe refused the request itself (an unknown payment method, a bad parameter)."""


class InvalidSignature(Exception):
    """A webhook whose signature or timestamp does not verify."""


@dataclass(frozen=True, kw_only=True)
class IntentResult:
    payment_intent_id: str  # "" when a decline did not tell which intent it was
    status: str  # Stripe's PaymentIntent status, e.g. succeeded, requires_action
    client_secret: str
    decline_code: str = ""
    decline_message: str = ""


@dataclass(frozen=True, kw_only=True)
class RefundResult:
    refund_id: str
    amount: int
    currency: str
    status: str


def _client() -> stripe.StripeClient:
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base_addresses,
        # A retry with the same idempotency key is safe; a long one keeps the widget waiting.
        max_network_retries=1,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT),
    )


@contextmanager
def _stripe_errors() -> Iterator[None]:
    """Turns the SDK's errors into this module's two."""
    try:
        yield
    except (stripe.InvalidRequestError, stripe.IdempotencyError) as exc:
        raise PaymentRejected(exc.user_message or str(exc))
    except stripe.StripeError as exc:
        # Anything else Stripe raises (an error this SDK version does not name) is treated
        # as unavailable too: the caller answers 503 or retries, never a 500.
        logger.warning("stripe unavailable: %s: %s", type(exc).__name__, exc)
        raise ProviderUnavailable(str(exc))


def _refund_result(refund: stripe.Refund) -> RefundResult:
    return RefundResult(
        refund_id=refund.id, amount=refund.amount, currency=refund.currency, status=refund.status
    )


def _intent_result(intent: stripe.PaymentIntent) -> IntentResult:
    return IntentResult(
        payment_intent_id=intent.id,
        status=intent.status,
        client_secret=intent.client_secret or "",
    )


def payment_intent_create(
    *, amount: int, currency: str, metadata: dict[str, str], idempotency_key: str
) -> IntentResult:
    """Creates an order's PaymentIntent, without a payment method and unconfirmed.

    Its parameters depend on the order alone, so the order's idempotency key always
    names the same request: a retry after a lost answer gets the same intent back.
    """
    with _stripe_errors():
        intent = _client().v1.payment_intents.create(
            params={
                "amount": amount,
                "currency": currency,
                "payment_method_types": ["card"],
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    return _intent_result(intent)


def payment_intent_pay(*, payment_intent_id: str, payment_method: str) -> IntentResult:
    """Sets the intent's payment method and confirms it on the server.

    Stripe's own retry: after a decline, or with another card while 3-D Secure is
    pending, the same intent takes the new payment method (one intent, at most one
    successful charge). Two calls, update then confirm, because localstripe cannot
    confirm with a payment method. A declined card is an answer, not an error.
    """
    client = _client()
    with _stripe_errors():
        client.v1.payment_intents.update(
            payment_intent_id, params={"payment_method": payment_method}
        )
        try:
            intent = client.v1.payment_intents.confirm(payment_intent_id)
        except stripe.CardError as exc:
            error = exc.error
            intent = getattr(error, "payment_intent", None) if error else None
            return IntentResult(
                payment_intent_id=payment_intent_id,
                status="requires_payment_method",
                client_secret=getattr(intent, "client_secret", "") or "",
                decline_code=(getattr(error, "decline_code", None) or exc.code or "card_declined"),
                decline_message=exc.user_message or "Your card was declined.",
            )
    return _intent_result(intent)


def payment_intent_get(*, payment_intent_id: str) -> IntentResult:
    with _stripe_errors():
        return _intent_result(_client().v1.payment_intents.retrieve(payment_intent_id))


def payment_intent_cancel(*, payment_intent_id: str) -> None:
    """Cancels an intent nobody will confirm (it holds no money); a refusal is only logged."""
    try:
        with _stripe_errors():
            _client().v1.payment_intents.cancel(payment_intent_id)
    except (PaymentRejected, ProviderUnavailable) as exc:
        logger.warning("could not cancel unused payment intent %s: %s", payment_intent_id, exc)


def payment_intents_list(*, page_size: int = 100, max_pages: int = 1000) -> Iterator[dict]:
    """Every PaymentIntent of the account, as plain dicts, a page of `page_size` at a time.

    Stripe could filter on its side (`created[gte]`, or the Search API on metadata);
    localstripe accepts neither (only `limit` and `starting_after`), so the caller filters
    on `created` and metadata itself. At most `max_pages` pages: the work is bounded.
    """
    client = _client()
    starting_after = None
    for _ in range(max_pages):
        params: dict = {"limit": page_size}
        if starting_after:
            params["starting_after"] = starting_after
        with _stripe_errors():
            page = client.v1.payment_intents.list(params=params)
        for intent in page.data:
            yield intent.to_dict()
        if not page.has_more or not page.data:
            return
        starting_after = page.data[-1].id
    logger.warning("payment intents: stopped after %d pages of %d", max_pages, page_size)


def refund_create(
    *, payment_intent_id: str, amount: int, metadata: dict[str, str], idempotency_key: str
) -> RefundResult:
    with _stripe_errors():
        refund = _client().v1.refunds.create(
            params={"payment_intent": payment_intent_id, "amount": amount, "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )
    return _refund_result(refund)


def refund_find(*, payment_intent_id: str) -> RefundResult | None:
    """A refund Stripe already holds for this payment, found by re-reading Stripe.

    Stripe's idempotency keys make a repeated refund call safe; localstripe
    ignores them, so a task redelivered after the refund but before recording it
    must look first.
    """
    with _stripe_errors():
        refunds = _client().v1.refunds.list(params={"payment_intent": payment_intent_id})
    for refund in refunds.data:
        if refund.status in ("succeeded", "pending"):
            return _refund_result(refund)
    return None


def event_construct(*, payload: bytes, signature: str) -> dict:
    """The event Stripe sent, as a plain dict, once its signature and timestamp verify."""
    try:
        stripe.Webhook.construct_event(
            payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
        )
    except stripe.SignatureVerificationError as exc:
        raise InvalidSignature(str(exc))
    except ValueError as exc:
        raise InvalidSignature(f"The payload is not a Stripe event: {exc}")
    event = json.loads(payload)
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidSignature("The payload is not a Stripe event.")
    return event
