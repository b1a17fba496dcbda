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


def payment_intent_create_confirmed(
    *,
    amount: int,
    currency: str,
    payment_method: str,
    metadata: dict[str, str],
    idempotency_key: str,
) -> IntentResult:
    """Creates and confirms a PaymentIntent on the server (Stripe's "finalize on the server").

    A declined card is an answer, not an error: the result carries Stripe's decline.
    """
    with _stripe_errors():
        try:
            intent = _client().v1.payment_intents.create(
                params={
                    "amount": amount,
                    "currency": currency,
                    "payment_method": payment_method,
                    "payment_method_types": ["card"],
                    "confirm": True,
                    "metadata": metadata,
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as exc:
            error = exc.error
            intent = getattr(error, "payment_intent", None) if error else None
            return IntentResult(
                payment_intent_id=getattr(intent, "id", "") or "",
                status="requires_payment_method",
                client_secret=getattr(intent, "client_secret", "") or "",
                decline_code=(getattr(error, "decline_code", None) or exc.code or "card_declined"),
                decline_message=exc.user_message or "Your card was declined.",
            )
    return IntentResult(
        payment_intent_id=intent.id,
        status=intent.status,
        client_secret=intent.client_secret or "",
    )


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
