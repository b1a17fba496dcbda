"""Payments' messages to the booking service pass through the transactional outbox: a paid
checkout's PaymentSucceeded is committed with the payment, reaches the real broker once,
and waits in the table (the checkout still answering) while the broker is down."""

import time

import pytest
from contracts.booking import PAYMENT_SUCCEEDED
from plumbing.outbox import services as outbox
from plumbing.outbox.models import OutboxMessage
from plumbing.outbox.testing import dead_broker

from payments.checkout.models import Payment

from .test_webhooks import intent_history, paid_checkout

pytestmark = pytest.mark.django_db(transaction=True)


def paid(api_client, localstripe, deliver, order: str) -> None:
    """A checkout, then Stripe's webhooks about it: the payment succeeds."""
    intent_id = paid_checkout(api_client, localstripe, order)["payment_intent"]
    for event in intent_history(localstripe, intent_id):
        assert deliver(event).status_code == 200


# What the service sees while Redis is down.
DEAD_BROKER = dead_broker()


@pytest.fixture(autouse=True)
def closed_breaker():
    outbox.breaker.reset()
    yield
    outbox.breaker.reset()


def test_a_paid_checkout_commits_its_message_and_publishes_it_once(
    api_client, localstripe, make_order, deliver, booking_events
):
    paid(api_client, localstripe, deliver, make_order(booking_id="booking-ob-1"))

    payment = Payment.objects.get()
    [message] = OutboxMessage.objects.all()
    assert message.task_name == PAYMENT_SUCCEEDED
    assert message.dedupe_key == payment.payment_intent_id
    assert message.sent_at is not None
    assert [m["kwargs"]["dedupe_key"] for m in booking_events.messages(PAYMENT_SUCCEEDED)] == [
        payment.payment_intent_id
    ]


def test_with_the_broker_down_the_payment_is_recorded_and_its_message_waits(
    api_client, localstripe, make_order, deliver, booking_events, settings
):
    settings.CELERY_APP = f"{__name__}.DEAD_BROKER"

    started = time.monotonic()
    paid(api_client, localstripe, deliver, make_order(booking_id="booking-ob-2"))

    assert time.monotonic() - started < 10
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    [message] = OutboxMessage.objects.all()
    assert message.sent_at is None and message.attempts == 1
    assert booking_events.messages(PAYMENT_SUCCEEDED) == []

    settings.CELERY_APP = "config.celery.app"
    assert outbox.outbox_sweep().sent == 1
    assert len(booking_events.messages(PAYMENT_SUCCEEDED)) == 1
