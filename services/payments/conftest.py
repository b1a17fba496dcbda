"""Wiring shared by the payments service's tests.

Stripe is a real localstripe process on a free loopback port, spoken to through
the real stripe SDK; the broker is the Redis of REDIS_URL, whose booking.events
queue the tests read to see what the booking service would receive.
"""

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
import requests
import stripe
from contracts.payment_order import PaymentOrder, sign_payment_order
from contracts.queues import BOOKING_EVENTS, PAYMENTS_EVENTS
from rest_framework.test import APIClient

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from stack import free_port  # noqa: E402

# localstripe with the retry after a decline that Stripe allows (see that file).
LOCALSTRIPE = REPO / "deploy" / "localstripe_server.py"
SECRET_KEY = "sk_test_payments_tests"
PUBLISHABLE_KEY = "pk_test_payments_tests"
WEBHOOK_SECRET = "whsec_payments_tests"
ORDER_SECRET = "payments-tests-order-secret"
TENANT_ID = "6f1c3a52-1d7c-4d0e-9a40-3a7e2f6b9c11"

CARD_OK = "4242424242424242"
# localstripe declines a *charge* only for these numbers; 4000000000000002 is
# declined by localstripe only when attached to a customer, so it would pay here.
CARD_DECLINED = "4000000000000341"
CARD_3DS = "4000002500003155"


class Localstripe:
    """One localstripe process; stop() and start() on the same port simulate an outage."""

    def __init__(self, port: int, log_path: Path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child process owns it
        # --from-scratch: never load the state file localstripe shares in /tmp.
        self.process = subprocess.Popen(
            [sys.executable, str(LOCALSTRIPE), "--port", str(self.port), "--from-scratch"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/v1/balance", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"localstripe did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def flush(self) -> None:
        """Forgets every object, as a Stripe account nobody used yet."""
        requests.delete(f"{self.url}/_config/data", timeout=5).raise_for_status()

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(SECRET_KEY, base_addresses={"api": self.url})

    def card(self, number: str = CARD_OK) -> str:
        """A card PaymentMethod, as Stripe.js creates it in the browser."""
        method = self.client().v1.payment_methods.create(
            params={
                "type": "card",
                "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
            }
        )
        return method.id

    def get(self, path: str, **params) -> dict:
        response = requests.get(f"{self.url}{path}", params=params, auth=(SECRET_KEY, ""))
        response.raise_for_status()
        return response.json()

    def events(self, payment_intent_id: str, wait_for: str = "", timeout: float = 5) -> list[dict]:
        """The events localstripe generated about one PaymentIntent, oldest first."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                event
                for event in self.get("/v1/events", limit=100000)["data"]
                if event["data"]["object"].get("id") == payment_intent_id
            ]
            if not wait_for or any(e["type"] == wait_for for e in found):
                return sorted(found, key=lambda e: e["created"])
            if time.monotonic() > deadline:
                raise AssertionError(f"localstripe made no {wait_for} for {payment_intent_id}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory) -> Iterator[Localstripe]:
    server = Localstripe(free_port(), tmp_path_factory.mktemp("localstripe") / "localstripe.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def stripe_settings(settings, localstripe):
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_JS_URL = f"{localstripe.url}/js.stripe.com/v3/"
    settings.STRIPE_TIMEOUT = 5
    settings.PAYMENT_ORDER_SECRET = ORDER_SECRET
    return settings


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_order() -> Callable[..., str]:
    """A signed payment order as the booking service issues it."""

    def make(
        *,
        amount: int = 12000,
        kind: str = "full",
        currency: str = "chf",
        booking_id: str | None = None,
        expires_in: timedelta = timedelta(minutes=15),
        secret: str = ORDER_SECRET,
    ) -> str:
        booking_id = booking_id or os.urandom(16).hex()
        order = PaymentOrder(
            order_id=f"{booking_id}:{kind}",
            tenant_id=TENANT_ID,
            booking_id=booking_id,
            amount=amount,
            currency=currency,
            kind=kind,
            description="Portrait session",
            expires_at=(datetime.now(UTC) + expires_in).isoformat(),
        )
        return sign_payment_order(order, secret)

    return make


def sign_event(event: dict, *, secret: str = WEBHOOK_SECRET, at: int | None = None):
    """The body and Stripe-Signature header Stripe sends: HMAC-SHA256 of "t.body"."""
    import hashlib
    import hmac

    body = json.dumps(event).encode()
    timestamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={mac}"


@pytest.fixture
def deliver(api_client) -> Callable[..., object]:
    """Posts one event to the webhook, signed now with the webhook secret."""

    def post(event: dict, client: APIClient | None = None, **sign_kwargs):
        body, header = sign_event(event, **sign_kwargs)
        return (client or api_client).post(
            "/api/payments/v1/stripe/webhook",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )

    return post


class BrokerQueue:
    """Messages waiting on one Redis queue, as Celery's consumers would read them."""

    def __init__(self, url: str, name: str):
        self.redis = redis.Redis.from_url(url)
        self.name = name

    def clear(self) -> None:
        self.redis.delete(self.name)

    def messages(self, task: str | None = None) -> list[dict]:
        found = []
        for raw in reversed(self.redis.lrange(self.name, 0, -1)):
            message = json.loads(raw)
            args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
            if task is None or message["headers"]["task"] == task:
                found.append({"task": message["headers"]["task"], "kwargs": kwargs})
        return found


@pytest.fixture
def booking_events() -> Iterator[BrokerQueue]:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("reading the broker's queue needs REDIS_URL")
    queue = BrokerQueue(url, BOOKING_EVENTS)
    queue.clear()
    yield queue
    queue.clear()


@pytest.fixture
def payments_events() -> Iterator[BrokerQueue]:
    """The payments worker's own queue: refunds asked for (payments.refund.v1)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("reading the broker's queue needs REDIS_URL")
    queue = BrokerQueue(url, PAYMENTS_EVENTS)
    queue.clear()
    yield queue
    queue.clear()
