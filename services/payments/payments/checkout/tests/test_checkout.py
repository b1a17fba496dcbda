"""The widget's checkout against a real localstripe, through the real stripe SDK."""

from datetime import timedelta

import pytest
from conftest import CARD_3DS, CARD_DECLINED, Localstripe, free_port
from contracts.booking import PAYMENT_SUCCEEDED

from payments.checkout.models import (
    CheckoutAttempt,
    Payment,
    PaymentOrder,
    Refund,
    WebhookEvent,
)

CHECKOUTS = "/api/payments/v1/checkouts"


def checkout(api_client, order: str, payment_method: str):
    return api_client.post(
        CHECKOUTS, {"payment_order": order, "payment_method": payment_method}, format="json"
    )


def nothing_written() -> bool:
    return not any(
        model.objects.exists() for model in (PaymentOrder, Payment, Refund, WebhookEvent)
    )


def test_config_gives_the_widget_the_publishable_key_and_stripe_js(api_client, localstripe):
    response = api_client.get("/api/payments/v1/config")

    assert response.status_code == 200
    assert response.json() == {
        "publishable_key": "pk_test_payments_tests",
        "stripe_js_url": f"{localstripe.url}/js.stripe.com/v3/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "amount"), [("full", 12000), ("deposit", 3000)])
def test_checkout_charges_exactly_the_order(api_client, localstripe, make_order, kind, amount):
    order = make_order(kind=kind, amount=amount, booking_id="b-1")

    response = checkout(api_client, order, localstripe.card())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "succeeded"
    assert (body["amount"], body["currency"], body["kind"]) == (amount, "chf", kind)
    assert body["client_secret"].startswith(body["payment_intent"])
    intent = localstripe.get(f"/v1/payment_intents/{body['payment_intent']}")
    assert (intent["amount"], intent["currency"], intent["status"]) == (amount, "chf", "succeeded")
    assert intent["metadata"]["booking_id"] == "b-1"
    assert intent["metadata"]["order_id"] == f"b-1:{kind}"
    assert intent["metadata"]["kind"] == kind
    payment = Payment.objects.get()
    # Only the verified webhook marks it paid.
    assert payment.status == Payment.Status.PROCESSING
    assert payment.order.order_id == f"b-1:{kind}"


@pytest.mark.django_db
def test_an_identical_retry_answers_the_first_checkout_again(api_client, localstripe, make_order):
    order = make_order()
    card = localstripe.card()

    first = checkout(api_client, order, card).json()
    second = checkout(api_client, order, card).json()

    assert second == first
    assert Payment.objects.count() == 1
    intents = localstripe.get("/v1/payment_intents", limit=100000)["data"]
    assert [i["id"] for i in intents].count(first["payment_intent"]) == 1


@pytest.mark.django_db
def test_a_declined_card_is_a_clear_answer_and_another_card_may_pay(
    api_client, localstripe, make_order
):
    order = make_order()

    declined = checkout(api_client, order, localstripe.card(CARD_DECLINED))

    assert declined.status_code == 201
    assert declined.json()["status"] == "failed"
    assert declined.json()["decline_code"] == "card_declined"
    assert declined.json()["decline_message"] == "Your card was declined."

    paid = checkout(api_client, order, localstripe.card())

    assert paid.status_code == 201
    assert paid.json()["status"] == "succeeded"
    # Stripe's retry: the same intent took the second card; one intent, one charge.
    assert paid.json()["payment_intent"] == declined.json()["payment_intent"]
    intent = localstripe.get(f"/v1/payment_intents/{paid.json()['payment_intent']}")
    assert intent["status"] == "succeeded"
    assert PaymentOrder.objects.get().payment_intent_id == intent["id"]
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_a_3d_secure_card_requires_action_in_the_browser(api_client, localstripe, make_order):
    response = checkout(api_client, make_order(), localstripe.card(CARD_3DS))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requires_action"
    assert body["client_secret"].startswith(body["payment_intent"])
    assert Payment.objects.get().status == Payment.Status.REQUIRES_ACTION


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mutation", "status", "code"),
    [
        ("tampered", 400, "invalid_payment_order"),
        ("foreign", 400, "invalid_payment_order"),
        ("garbage", 400, "invalid_payment_order"),
        ("expired", 410, "payment_order_expired"),
    ],
)
def test_an_order_not_signed_by_booking_or_expired_is_refused(
    api_client, localstripe, make_order, mutation, status, code
):
    if mutation == "tampered":
        body, mac = make_order(amount=12000).split(".")
        cheaper = make_order(amount=100).split(".")[0]
        order = f"{cheaper}.{mac}"
        assert body != cheaper
    elif mutation == "foreign":
        order = make_order(secret="another-platforms-secret")
    elif mutation == "garbage":
        order = "not-a-payment-order"
    else:
        order = make_order(expires_in=timedelta(seconds=-1))

    response = checkout(api_client, order, localstripe.card())

    assert response.status_code == status
    assert response.json()["code"] == code
    assert nothing_written()


@pytest.mark.django_db
def test_an_unknown_payment_method_is_a_4xx_not_a_500(api_client, localstripe, make_order):
    response = checkout(api_client, make_order(booking_id="b-unknown"), "pm_doesnotexist")

    assert response.status_code == 400
    assert response.json()["code"] == "payment_method_rejected"
    # The order's intent exists, unpaid; no payment is recorded and another card may pay.
    order = PaymentOrder.objects.get()
    intent = localstripe.get(f"/v1/payment_intents/{order.payment_intent_id}")
    assert intent["status"] == "requires_payment_method"
    assert not Payment.objects.exists()
    assert not CheckoutAttempt.objects.exists()


def order_intents(localstripe, booking_id: str) -> list[dict]:
    intents = localstripe.get("/v1/payment_intents", limit=100000)["data"]
    return [i for i in intents if i["metadata"].get("booking_id") == booking_id]


def succeeded_charges(localstripe, booking_id: str) -> list[dict]:
    intents = {i["id"] for i in order_intents(localstripe, booking_id)}
    charges = localstripe.get("/v1/charges", limit=100000)["data"]
    return [c for c in charges if c["payment_intent"] in intents and c["status"] == "succeeded"]


@pytest.mark.django_db(transaction=True)
def test_a_paid_order_cannot_be_paid_again(api_client, localstripe, make_order, deliver):
    order = make_order(booking_id="b-paid")
    card = localstripe.card()
    first = checkout(api_client, order, card).json()
    for event in localstripe.events(first["payment_intent"], wait_for="payment_intent.succeeded"):
        deliver(event)

    again = checkout(api_client, order, localstripe.card())

    assert again.status_code == 409
    assert again.json()["code"] == "already_paid"
    assert Payment.objects.count() == 1
    assert [c["amount"] for c in succeeded_charges(localstripe, "b-paid")] == [12000]
    (intent,) = order_intents(localstripe, "b-paid")
    assert intent["payment_method"] == card


@pytest.mark.django_db(transaction=True)
def test_stripe_down_answers_503_writes_nothing_and_the_checkout_succeeds_once_it_is_back(
    api_client, settings, make_order, tmp_path, booking_events
):
    # Its own localstripe, so stopping it leaves the session's one alone.
    server = Localstripe(free_port(), tmp_path / "localstripe.log")
    server.start()
    try:
        settings.STRIPE_API_BASE = server.url
        order = make_order()
        card = server.card()
        server.stop()

        down = checkout(api_client, order, card)

        assert down.status_code == 503
        assert down.json()["code"] == "payment_provider_unavailable"
        assert nothing_written()
        assert booking_events.messages() == []

        server.start()
        # localstripe comes back empty, so the browser's Stripe.js makes the card again.
        back = checkout(api_client, order, server.card())

        assert back.status_code == 201
        assert back.json()["status"] == "succeeded"
        assert Payment.objects.count() == 1
    finally:
        server.stop()


def test_payments_switched_off_answers_503(api_client, settings, make_order):
    settings.PAYMENTS_ENABLED = False

    response = api_client.get("/api/payments/v1/config")

    assert response.status_code == 503
    assert response.json()["code"] == "payments_disabled"


@pytest.mark.django_db(transaction=True)
def test_a_checkout_alone_tells_booking_nothing(
    api_client, localstripe, make_order, booking_events
):
    response = checkout(api_client, make_order(), localstripe.card())

    assert response.json()["status"] == "succeeded"
    assert booking_events.messages(PAYMENT_SUCCEEDED) == []
