"""Stripe's webhook: verified, once per event id, in any order, and only forward."""

import random
import threading
import time

import pytest
import requests
from conftest import CARD_3DS, CARD_DECLINED, TENANT_ID, sign_event
from contracts.booking import PAYMENT_SUCCEEDED
from django.db import connection
from rest_framework.test import APIClient

from payments.checkout.models import Payment, WebhookEvent

WEBHOOK = "/api/payments/v1/stripe/webhook"


def paid_checkout(api_client, localstripe, order: str, card: str | None = None) -> dict:
    response = api_client.post(
        "/api/payments/v1/checkouts",
        {"payment_order": order, "payment_method": card or localstripe.card()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def intent_event(event_id: str, event_type: str, intent: dict, created: int) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": created,
        "data": {"object": intent},
    }


def shuffled_deliveries(events: list[dict], seed: int) -> list[dict]:
    """Each event one to three times, in a shuffled order."""
    rng = random.Random(seed)
    deliveries = [event for event in events for _ in range(rng.randint(1, 3))]
    rng.shuffle(deliveries)
    return deliveries


def intent_history(localstripe, payment_intent_id: str) -> list[dict]:
    """localstripe's succeeded event, plus the earlier states Stripe may also report."""
    succeeded = localstripe.events(payment_intent_id, wait_for="payment_intent.succeeded")
    intent = succeeded[-1]["data"]["object"]
    created = succeeded[-1]["created"]
    earlier = {**intent, "status": "processing"}
    failed = {
        **intent,
        "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
    }
    return [
        *succeeded,
        intent_event(
            f"evt_processing_{payment_intent_id}", "payment_intent.processing", earlier, created - 2
        ),
        intent_event(
            f"evt_failed_{payment_intent_id}", "payment_intent.payment_failed", failed, created - 1
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "problem", ["bad_signature", "stale_timestamp", "missing_header", "wrong_secret"]
)
def test_an_unverified_event_is_refused(api_client, localstripe, problem):
    event = intent_event("evt_forged", "payment_intent.succeeded", {"id": "pi_forged"}, 0)
    body, header = sign_event(event)
    if problem == "bad_signature":
        header = header[:-4] + "0000"
    elif problem == "stale_timestamp":
        body, header = sign_event(event, at=int(time.time()) - 600)
    elif problem == "wrong_secret":
        body, header = sign_event(event, secret="whsec_someone_else")
    headers = {} if problem == "missing_header" else {"HTTP_STRIPE_SIGNATURE": header}

    response = api_client.post(WEBHOOK, data=body, content_type="application/json", **headers)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_events_delivered_repeatedly_in_any_order_give_one_payment_and_one_message(
    api_client, localstripe, make_order, deliver, booking_events, seed
):
    order = make_order(booking_id=f"booking-{seed}")
    intent_id = paid_checkout(api_client, localstripe, order)["payment_intent"]
    events = intent_history(localstripe, intent_id)

    answers = [deliver(event).json() for event in shuffled_deliveries(events, seed)]

    assert sum(not answer["duplicate"] for answer in answers) == len(events)
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED
    messages = booking_events.messages(PAYMENT_SUCCEEDED)
    assert len(messages) == 1
    assert messages[0]["kwargs"] == {
        "dedupe_key": intent_id,
        "tenant_id": payment.tenant_id,
        "booking_id": f"booking-{seed}",
        "order_id": f"booking-{seed}:full",
        "payment_intent_id": intent_id,
        "amount": 12000,
        "currency": "chf",
        "kind": "full",
    }


@pytest.mark.django_db(transaction=True)
def test_events_arriving_before_the_checkout_was_recorded_make_the_payment(
    api_client, localstripe, make_order, deliver, booking_events
):
    """The webhook can come first: the intent's metadata carries what to record."""
    order = make_order(kind="deposit", amount=3000, booking_id="early")
    intent = localstripe.client().v1.payment_intents.create(
        params={
            "amount": 3000,
            "currency": "chf",
            "payment_method": localstripe.card(),
            "confirm": True,
            "metadata": {
                "tenant_id": TENANT_ID,
                "booking_id": "early",
                "order_id": "early:deposit",
                "kind": "deposit",
            },
        }
    )
    for event in localstripe.events(intent.id, wait_for="payment_intent.succeeded"):
        assert deliver(event).status_code == 200
    paid_checkout_answer = api_client.post(
        "/api/payments/v1/checkouts",
        {"payment_order": order, "payment_method": localstripe.card()},
        format="json",
    )

    payment = Payment.objects.get()
    assert (payment.payment_intent_id, payment.status) == (intent.id, Payment.Status.SUCCEEDED)
    assert (payment.amount, payment.kind, payment.order.order_id) == (
        3000,
        "deposit",
        "early:deposit",
    )
    assert len(booking_events.messages(PAYMENT_SUCCEEDED)) == 1
    # The order is paid: a second card is not charged.
    assert paid_checkout_answer.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_the_same_events_delivered_at_the_same_moment_are_processed_once(
    api_client, localstripe, make_order, booking_events
):
    intent_id = paid_checkout(api_client, localstripe, make_order())["payment_intent"]
    events = intent_history(localstripe, intent_id)
    deliveries = shuffled_deliveries(events * 2, seed=7)
    signed = [sign_event(event) for event in deliveries]
    start = threading.Barrier(len(signed))
    statuses: list[int] = []

    def post(body: bytes, header: str) -> None:
        try:
            start.wait(timeout=10)
            response = APIClient().post(
                WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=pair) for pair in signed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [200] * len(signed)
    assert WebhookEvent.objects.count() == len(events)
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert len(booking_events.messages(PAYMENT_SUCCEEDED)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_late_failure_never_undoes_a_success(
    api_client, localstripe, make_order, deliver, booking_events
):
    intent_id = paid_checkout(api_client, localstripe, make_order())["payment_intent"]
    succeeded, processing, failed = intent_history(localstripe, intent_id)

    for event in (succeeded, failed, processing):
        deliver(event)

    payment = Payment.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.decline_code == ""


@pytest.mark.django_db(transaction=True)
def test_3d_secure_completed_in_the_browser_is_confirmed_by_the_webhook(
    api_client, localstripe, make_order, deliver, booking_events
):
    answer = paid_checkout(api_client, localstripe, make_order(), localstripe.card(CARD_3DS))
    assert answer["status"] == "requires_action"
    assert booking_events.messages(PAYMENT_SUCCEEDED) == []

    # What Stripe.js does when the customer passes the 3-D Secure challenge.
    requests.post(
        f"{localstripe.url}/v1/payment_intents/{answer['payment_intent']}/_authenticate",
        data={"client_secret": answer["client_secret"], "success": "true", "key": "pk_test_x"},
        timeout=5,
    ).raise_for_status()
    for event in localstripe.events(answer["payment_intent"], wait_for="payment_intent.succeeded"):
        deliver(event)

    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert len(booking_events.messages(PAYMENT_SUCCEEDED)) == 1


@pytest.mark.django_db
def test_an_event_about_something_else_is_acknowledged_and_ignored(api_client, deliver):
    response = deliver(intent_event("evt_customer", "customer.created", {"id": "cus_1"}, 1))

    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    assert not Payment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_decline_reported_by_webhook_is_answered_again_to_an_identical_retry(
    api_client, localstripe, make_order, deliver
):
    order = make_order()
    declined_card = localstripe.card(CARD_DECLINED)
    first = api_client.post(
        "/api/payments/v1/checkouts",
        {"payment_order": order, "payment_method": declined_card},
        format="json",
    ).json()
    assert first["status"] == "failed"
    failed_events = [
        event
        for event in localstripe.get(
            "/v1/events", type="payment_intent.payment_failed", limit=100000
        )["data"]
        if event["data"]["object"]["payment_method"] == declined_card
    ]
    assert len(failed_events) == 1
    deliver(failed_events[0])
    intents_before = localstripe.get("/v1/payment_intents", limit=1)["total_count"]

    retry = api_client.post(
        "/api/payments/v1/checkouts",
        {"payment_order": order, "payment_method": declined_card},
        format="json",
    )

    assert retry.status_code == 201
    assert (retry.json()["status"], retry.json()["decline_code"]) == ("failed", "card_declined")
    assert localstripe.get("/v1/payment_intents", limit=1)["total_count"] == intents_before
    assert Payment.objects.get().status == Payment.Status.FAILED
