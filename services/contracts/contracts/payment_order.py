"""The signed payment order: how booking tells payments what may be charged.

The browser carries the order from booking to payments but cannot change it: the
token is `base64url(json) "." base64url(hmac_sha256(secret, json))`, and only the
two services know the secret (PAYMENT_ORDER_SECRET in both environments).
"""

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime

KIND_FULL = "full"
KIND_DEPOSIT = "deposit"
VERSION = 1


class PaymentOrderError(ValueError):
    code = "invalid_payment_order"


class PaymentOrderExpired(PaymentOrderError):
    code = "payment_order_expired"


@dataclass(frozen=True, kw_only=True)
class PaymentOrder:
    order_id: str  # unique per booking and kind; the Stripe idempotency key derives from it
    tenant_id: str
    booking_id: str
    amount: int  # minor units
    currency: str  # ISO 4217, lower case
    kind: str  # full | deposit
    description: str
    expires_at: str  # ISO 8601 with offset
    v: int = VERSION


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


def sign_payment_order(order: PaymentOrder, secret: str) -> str:
    if not secret:
        raise ValueError("a payment order secret is required")
    body = json.dumps(asdict(order), sort_keys=True, separators=(",", ":")).encode()
    return f"{_b64(body)}.{_b64(_mac(secret, body))}"


def verify_payment_order(token: str, secret: str, now: datetime) -> PaymentOrder:
    """The order inside a token, once its signature and expiry are checked."""
    try:
        body_part, mac_part = token.split(".")
        body = _unb64(body_part)
        mac = _unb64(mac_part)
    except (ValueError, AttributeError):
        raise PaymentOrderError("The payment order is malformed.")
    if not hmac.compare_digest(mac, _mac(secret, body)):
        raise PaymentOrderError("The payment order's signature does not match.")
    try:
        order = PaymentOrder(**json.loads(body))
        expires_at = datetime.fromisoformat(order.expires_at)
    except (TypeError, ValueError):
        raise PaymentOrderError("The payment order's content is not understood.")
    if order.v != VERSION or order.kind not in (KIND_FULL, KIND_DEPOSIT) or order.amount <= 0:
        raise PaymentOrderError("The payment order's content is not understood.")
    if expires_at <= now:
        raise PaymentOrderExpired("The payment order has expired.")
    return order
