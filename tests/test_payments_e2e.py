"""Paying for a booking end to end: widget calls through nginx, localstripe, its webhook,
the payments and booking workers.

hold -> booking (awaiting_payment, signed payment order) -> checkout with a card made on
localstripe -> localstripe's signed payment_intent.succeeded -> payments publishes
booking.payment_succeeded.v1 -> the booking worker confirms. Prints how long that takes.
"""

import datetime
import hashlib
import hmac
import json
import random
import time
import uuid

import pytest
import requests
import stripe

PUBLIC = "/api/booking/v1/public"
CHECKOUTS = "/api/payments/v1/checkouts"
WEBHOOK = "/api/payments/v1/stripe/webhook"
CARD_OK = "4242424242424242"
CARD_3DS = "4000002500003155"


def stripe_client(stack) -> stripe.StripeClient:
    """What Stripe.js does in the browser, done through the SDK against the stack's localstripe."""
    return stripe.StripeClient(
        stack.env_for("payments")["STRIPE_SECRET_KEY"],
        base_addresses={"api": stack.url("localstripe")},
    )


def card(stack, number: str = CARD_OK) -> str:
    return (
        stripe_client(stack)
        .v1.payment_methods.create(
            params={
                "type": "card",
                "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
            }
        )
        .id
    )


def book_awaiting_payment(http, demo, hold_slot, *, payment: str, weeks_ahead: int) -> dict:
    """A held Portrait session booked with a payment choice: the booking, its client's email
    and its slot."""
    after = datetime.date.today() + datetime.timedelta(weeks=weeks_ahead)
    slot, cart = hold_slot(demo.portrait, after=after)
    email = f"payer-{uuid.uuid4().hex[:10]}@example.com"
    booking = http.post(
        f"{PUBLIC}/{demo.slug}/bookings",
        headers={"X-Cart-Token": cart, "Idempotency-Key": str(uuid.uuid4())},
        json={
            "client": {
                "name": "Paying Client",
                "email": email,
                "phone": "+41 79 000 00 00",
            },
            "payment": payment,
        },
    )
    assert booking.status_code == 201, booking.text
    body = booking.json()
    assert body["status"] == "awaiting_payment"
    assert body["payment_order"]
    return {**body, "email": email, "slot": slot}


def admin_booking(admin_http, booking_id: str) -> dict:
    offset = 0
    while True:
        page = admin_http.get(
            "/api/booking/v1/admin/bookings", params={"limit": 500, "offset": offset}
        )
        assert page.status_code == 200, page.text
        for booking in page.json()["results"]:
            if booking["id"] == booking_id:
                return booking
        offset += 500
        if offset >= page.json()["count"]:
            raise AssertionError(f"booking {booking_id} is not in the admin list")


def wait_for_status(
    admin_http, booking_id: str, status: str, timeout: float = 30, every: float = 0.1
) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        booking = admin_booking(admin_http, booking_id)
        if booking["status"] == status:
            return booking
        if time.monotonic() > deadline:
            raise AssertionError(f"booking {booking_id} is {booking['status']}, not {status}")
        # The admin API is rate limited per key (300 a minute on the demo's plan).
        time.sleep(every)


def localstripe_events(stack, payment_intent_id: str) -> list[dict]:
    """The events localstripe made about one intent, exactly as it serialises them."""
    response = requests.get(
        f"{stack.url('localstripe')}/v1/events",
        params={"limit": 100000},
        auth=(stack.env_for("payments")["STRIPE_SECRET_KEY"], ""),
        timeout=10,
    )
    response.raise_for_status()
    return [
        e for e in response.json()["data"] if e["data"]["object"].get("id") == payment_intent_id
    ]


def signed_delivery(http, stack, event: dict):
    body = json.dumps(event).encode()
    timestamp = int(time.time())
    mac = hmac.new(
        stack.stripe_webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return http.post(
        WEBHOOK,
        data=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={mac}"},
    )


@pytest.mark.parametrize(
    ("payment", "weeks_ahead", "paid", "balance_due"),
    [("full", 3, 15000, 0), ("deposit", 4, 4500, 10500)],
)
def test_a_paid_booking_is_confirmed_by_stripes_webhook(
    http, admin_http, stack, demo, hold_slot, mailbox, payment, weeks_ahead, paid, balance_due
):
    booking = book_awaiting_payment(http, demo, hold_slot, payment=payment, weeks_ahead=weeks_ahead)
    payment_method = card(stack)

    started = time.monotonic()
    checkout = http.post(
        CHECKOUTS,
        json={"payment_order": booking["payment_order"], "payment_method": payment_method},
    )

    assert checkout.status_code == 201, checkout.text
    assert checkout.json()["status"] == "succeeded"
    assert (checkout.json()["amount"], checkout.json()["kind"]) == (paid, payment)
    confirmed = wait_for_status(admin_http, booking["id"], "confirmed")
    elapsed = time.monotonic() - started
    # The figure this test exists to show (run with -s); localstripe waits 1s before posting.
    print(f"\n{payment} payment: checkout to confirmed in {elapsed:.2f}s")  # noqa: T201
    assert confirmed["amount_paid"] == paid
    assert confirmed["balance_due"] == balance_due
    mailbox.wait_for(to=booking["email"], subject="is confirmed")
    mailbox.wait_for(to=booking["email"], subject="Payment received")

    # Stripe retries and reorders: the same signed events again, one to three times each.
    events = localstripe_events(stack, checkout.json()["payment_intent"])
    assert any(event["type"] == "payment_intent.succeeded" for event in events)
    deliveries = [event for event in events for _ in range(random.randint(1, 3))]
    random.shuffle(deliveries)
    for event in deliveries:
        response = signed_delivery(http, stack, event)
        assert response.status_code == 200, response.text
        assert response.json()["duplicate"] is True
    time.sleep(2)
    again = admin_booking(admin_http, booking["id"])
    assert (again["status"], again["amount_paid"]) == ("confirmed", paid)
    confirmations = [
        m for m in mailbox.new() if booking["email"] in str(m["To"]) and "confirmed" in m["Subject"]
    ]
    assert len(confirmations) == 1


def test_a_forged_webhook_is_refused_through_the_gateway(http):
    event = {"id": "evt_forged", "type": "payment_intent.succeeded", "data": {"object": {}}}

    response = http.post(
        WEBHOOK,
        data=json.dumps(event),
        headers={"Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"


def test_stripe_down_is_a_clear_503_and_the_checkout_succeeds_once_it_is_back(
    http, admin_http, stack, demo, hold_slot
):
    booking = book_awaiting_payment(http, demo, hold_slot, payment="full", weeks_ahead=5)
    payment_method = card(stack)
    stack.stop_component("localstripe")
    try:
        down = http.post(
            CHECKOUTS,
            json={"payment_order": booking["payment_order"], "payment_method": payment_method},
        )

        assert down.status_code == 503
        assert down.json()["code"] == "payment_provider_unavailable"
        assert admin_booking(admin_http, booking["id"])["status"] == "awaiting_payment"
    finally:
        # Restarting re-registers the webhook; localstripe comes back empty.
        stack.start_component("localstripe")

    back = http.post(
        CHECKOUTS, json={"payment_order": booking["payment_order"], "payment_method": card(stack)}
    )

    assert back.status_code == 201, back.text
    assert back.json()["status"] == "succeeded"
    wait_for_status(admin_http, booking["id"], "confirmed")


def test_payments_config_and_docs_are_served_through_the_gateway(http, stack):
    config = http.get("/api/payments/v1/config")
    schema = http.get("/api/payments/v1/schema/")
    docs = http.get("/api/payments/v1/docs/")

    assert config.status_code == 200
    assert config.json()["stripe_js_url"] == f"{stack.url('localstripe')}/js.stripe.com/v3/"
    assert schema.status_code == 200
    assert "/api/payments/v1/checkouts" in schema.text
    assert docs.status_code == 200
    assert http.get("/api/payments/readyz").status_code == 200


def test_a_payment_that_arrives_after_its_booking_expired_is_refunded_and_the_client_told(
    http, admin_http, stack, demo, hold_slot, mailbox
):
    """3-D Secure passed after the payment window closed and someone else took the slot."""
    window = admin_http.get("/api/booking/v1/admin/settings").json()["payment_window_minutes"]
    admin_http.patch("/api/booking/v1/admin/settings", json={"payment_window_minutes": 1})
    try:
        booking = book_awaiting_payment(http, demo, hold_slot, payment="full", weeks_ahead=6)
    finally:
        admin_http.patch("/api/booking/v1/admin/settings", json={"payment_window_minutes": window})
    checkout = http.post(
        CHECKOUTS,
        json={"payment_order": booking["payment_order"], "payment_method": card(stack, CARD_3DS)},
    ).json()
    assert checkout["status"] == "requires_action"

    expires_at = datetime.datetime.fromisoformat(booking["expires_at"])
    time.sleep(max(0.0, (expires_at - datetime.datetime.now(datetime.UTC)).total_seconds()))
    wait_for_status(admin_http, booking["id"], "expired", timeout=30, every=1)
    slot = booking["slot"]
    taken = http.post(
        f"{PUBLIC}/{demo.slug}/holds",
        json={"service": demo.portrait, "staff": slot["staff"]["id"], "start": slot["start"]},
    )
    assert taken.status_code == 201, taken.text
    # The customer passes the challenge in Stripe.js only now.
    requests.post(
        f"{stack.url('localstripe')}/v1/payment_intents/{checkout['payment_intent']}/_authenticate",
        data={"client_secret": checkout["client_secret"], "success": "true", "key": "pk_test_x"},
        timeout=10,
    ).raise_for_status()

    deadline = time.monotonic() + 30
    while (refunded := admin_booking(admin_http, booking["id"]))["amount_refunded"] < 15000:
        assert time.monotonic() < deadline, refunded
        time.sleep(0.5)
    assert (refunded["status"], refunded["amount_paid"]) == ("expired", 15000)
    refunds = requests.get(
        f"{stack.url('localstripe')}/v1/refunds",
        params={"payment_intent": checkout["payment_intent"]},
        auth=(stack.env_for("payments")["STRIPE_SECRET_KEY"], ""),
        timeout=10,
    ).json()["data"]
    assert [r["amount"] for r in refunds] == [15000]
    mailbox.wait_for(to=booking["email"], subject="Refund")
