"""One payment order, one PaymentIntent, one charge (issue 15), against a real localstripe.

Concurrent checkouts of one order from two tabs with two cards, a retry after a
decline or during 3-D Secure, and whatever still slips through (an intent made for
the order outside any checkout) refunded by the webhook or by reconciliation.
"""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from conftest import CARD_3DS, CARD_DECLINED, TENANT_ID
from contracts import payments as payments_contract
from contracts.booking import PAYMENT_REFUNDED, PAYMENT_SUCCEEDED
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from payments.checkout import services, tasks
from payments.checkout.models import CheckoutAttempt, Payment, PaymentOrder, Refund

CHECKOUTS = "/api/payments/v1/checkouts"
CARD_MASTERCARD = "5555555555554444"


def checkout(api_client, order: str, payment_method: str):
    return api_client.post(
        CHECKOUTS, {"payment_order": order, "payment_method": payment_method}, format="json"
    )


def order_intents(localstripe, booking_id: str) -> list[dict]:
    intents = localstripe.get("/v1/payment_intents", limit=100000)["data"]
    return [i for i in intents if i["metadata"].get("booking_id") == booking_id]


def charges(localstripe, booking_id: str, status: str = "succeeded") -> list[dict]:
    """What localstripe charged for one booking: what the customer sees on the statement."""
    intents = {i["id"] for i in order_intents(localstripe, booking_id)}
    found = localstripe.get("/v1/charges", limit=100000)["data"]
    return [c for c in found if c["payment_intent"] in intents and c["status"] == status]


def deliver_all(localstripe, deliver, payment_intent_id: str, wait_for: str) -> None:
    for event in localstripe.events(payment_intent_id, wait_for=wait_for):
        deliver(event)


def forced_intent(localstripe, order: PaymentOrder, card: str) -> dict:
    """A second intent for the order, paid outside any checkout (as a lost race would)."""
    intent = localstripe.client().v1.payment_intents.create(
        params={
            "amount": order.amount,
            "currency": order.currency,
            "payment_method": card,
            "payment_method_types": ["card"],
            "confirm": True,
            "metadata": {
                "tenant_id": order.tenant_id,
                "booking_id": order.booking_id,
                "order_id": order.order_id,
                "kind": order.kind,
            },
        }
    )
    assert intent.status == "succeeded"
    return intent.to_dict()


def run_refunds(payments_events) -> list[dict]:
    """Runs every payments.refund.v1 waiting on the payments worker's queue, as it would."""
    asked = payments_events.messages(payments_contract.REFUND)
    for message in asked:
        tasks.refund.apply(kwargs=message["kwargs"]).get()
    payments_events.clear()
    return [m["kwargs"] for m in asked]


@pytest.fixture
def empty_stripe(localstripe):
    """Reconciliation reads the whole account: start it with only this test's intents."""
    localstripe.flush()
    return localstripe


@pytest.fixture
def paid_order(api_client, localstripe, make_order, deliver):
    """An order paid through checkout, its success delivered by localstripe's webhook."""

    def pay(booking_id: str, *, amount: int = 4500, kind: str = "deposit") -> PaymentOrder:
        answer = checkout(
            api_client,
            make_order(booking_id=booking_id, amount=amount, kind=kind),
            localstripe.card(),
        ).json()
        assert answer["status"] == "succeeded", answer
        deliver_all(localstripe, deliver, answer["payment_intent"], "payment_intent.succeeded")
        order = PaymentOrder.objects.get(booking_id=booking_id)
        assert order.payment_intent_id == answer["payment_intent"]
        return order

    return pay


@pytest.mark.django_db(transaction=True)
def test_two_tabs_paying_one_order_with_two_cards_at_once_charge_once(localstripe, make_order):
    from rest_framework.test import APIClient

    order = make_order(booking_id="two-tabs", amount=4500, kind="deposit")
    cards = [localstripe.card(), localstripe.card(CARD_MASTERCARD)]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def tab(index: int) -> None:
        try:
            start.wait()
            answers[index] = checkout(APIClient(), order, cards[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=tab, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(a.status_code for a in answers) == [201, 409], [a.json() for a in answers]
    won = next(a for a in answers if a.status_code == 201).json()
    lost = next(a for a in answers if a.status_code == 409).json()
    assert won["status"] == "succeeded"
    assert lost["code"] in ("payment_in_progress", "already_paid")
    assert [c["amount"] for c in charges(localstripe, "two-tabs")] == [4500]
    assert [i["id"] for i in order_intents(localstripe, "two-tabs")] == [won["payment_intent"]]
    assert not CheckoutAttempt.objects.exists()


@pytest.mark.django_db
def test_a_checkout_while_another_of_the_order_is_in_flight_is_409_and_charges_nothing(
    api_client, localstripe, make_order
):
    order = make_order(booking_id="in-flight")
    CheckoutAttempt.objects.create(
        order_id="in-flight:full", expires_at=timezone.now() + timedelta(minutes=1)
    )

    response = checkout(api_client, order, localstripe.card())

    assert response.status_code == 409
    assert response.json()["code"] == "payment_in_progress"
    assert order_intents(localstripe, "in-flight") == []


@pytest.mark.django_db
def test_an_attempt_left_by_a_dead_process_stops_blocking_once_expired(
    api_client, localstripe, make_order
):
    CheckoutAttempt.objects.create(
        order_id="crashed:full", expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = checkout(api_client, make_order(booking_id="crashed"), localstripe.card())

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "succeeded"
    assert not CheckoutAttempt.objects.exists()


@pytest.mark.django_db
def test_a_decline_then_another_card_is_one_intent_that_succeeds(
    api_client, localstripe, make_order
):
    order = make_order(booking_id="retry")

    declined = checkout(api_client, order, localstripe.card(CARD_DECLINED)).json()
    paid = checkout(api_client, order, localstripe.card(CARD_MASTERCARD)).json()

    assert (declined["status"], paid["status"]) == ("failed", "succeeded")
    (intent,) = order_intents(localstripe, "retry")
    assert intent["id"] == declined["payment_intent"] == paid["payment_intent"]
    assert intent["status"] == "succeeded"
    assert [c["amount"] for c in charges(localstripe, "retry")] == [12000]
    assert len(charges(localstripe, "retry", status="failed")) == 1
    payment = Payment.objects.get()
    assert (payment.payment_intent_id, payment.status) == (intent["id"], Payment.Status.PROCESSING)


@pytest.mark.django_db
def test_another_card_while_3d_secure_is_pending_pays_the_same_intent(
    api_client, localstripe, make_order
):
    order = make_order(booking_id="3ds-then-card")

    pending = checkout(api_client, order, localstripe.card(CARD_3DS)).json()
    paid = checkout(api_client, order, localstripe.card()).json()

    assert (pending["status"], paid["status"]) == ("requires_action", "succeeded")
    assert [i["id"] for i in order_intents(localstripe, "3ds-then-card")] == [
        pending["payment_intent"]
    ]
    assert [c["amount"] for c in charges(localstripe, "3ds-then-card")] == [12000]


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_success_by_webhook_is_refunded_and_never_confirms_the_booking(
    localstripe, paid_order, deliver, booking_events, payments_events
):
    order = paid_order("dup-webhook")
    booking_events.clear()
    duplicate = forced_intent(localstripe, order, localstripe.card(CARD_MASTERCARD))

    deliver_all(localstripe, deliver, duplicate["id"], "payment_intent.succeeded")

    assert booking_events.messages(PAYMENT_SUCCEEDED) == []
    asked = run_refunds(payments_events)
    assert [(a["booking_id"], a["reason"]) for a in asked] == [("dup-webhook", "duplicate_payment")]
    refund = Refund.objects.get()
    assert (refund.payment.payment_intent_id, refund.amount) == (duplicate["id"], 4500)
    assert refund.reason == "duplicate_payment"
    assert [c["amount"] for c in charges(localstripe, "dup-webhook") if not c["refunded"]] == [4500]
    told = booking_events.messages(PAYMENT_REFUNDED)
    assert [(m["kwargs"]["payment_intent_id"], m["kwargs"]["reason"]) for m in told] == [
        (duplicate["id"], "duplicate_payment")
    ]
    # The order's own payment is untouched.
    own = Payment.objects.get(payment_intent_id=order.payment_intent_id)
    assert own.status == Payment.Status.SUCCEEDED
    assert not Refund.objects.filter(payment=own).exists()


@pytest.mark.django_db(transaction=True)
def test_reconciliation_refunds_a_duplicate_no_webhook_told(
    empty_stripe, localstripe, paid_order, booking_events, payments_events
):
    order = paid_order("dup-reconcile")
    booking_events.clear()
    duplicate = forced_intent(localstripe, order, localstripe.card(CARD_MASTERCARD))
    out = StringIO()

    call_command("reconcile_payments", "--days", "1", stdout=out)

    printed = out.getvalue()
    assert "1 duplicate charge(s) to refund" in printed, printed
    assert f"refund requested: {duplicate['id']}" in printed
    run_refunds(payments_events)
    stripe_refunds = localstripe.get("/v1/refunds", payment_intent=duplicate["id"])["data"]
    assert [r["amount"] for r in stripe_refunds] == [4500]
    assert Refund.objects.get().reason == "duplicate_payment"
    assert booking_events.messages(PAYMENT_SUCCEEDED) == []
    assert [m["kwargs"]["reason"] for m in booking_events.messages(PAYMENT_REFUNDED)] == [
        "duplicate_payment"
    ]

    # Again: nothing left to do, nothing refunded twice.
    again = services.payments_reconcile(since=timezone.now() - timedelta(days=1))

    assert (again.recorded, again.refunds_requested) == ([], [])
    assert payments_events.messages() == []
    assert len(localstripe.get("/v1/refunds", payment_intent=duplicate["id"])["data"]) == 1


@pytest.mark.django_db(transaction=True)
def test_reconciliation_records_a_payment_whose_webhook_never_came(
    empty_stripe, api_client, localstripe, make_order, booking_events
):
    answer = checkout(api_client, make_order(booking_id="lost-webhook"), localstripe.card()).json()
    assert Payment.objects.get().status == Payment.Status.PROCESSING

    report = services.payments_reconcile(since=timezone.now() - timedelta(days=1))

    assert [line.split()[0] for line in report.recorded] == [answer["payment_intent"]]
    assert report.refunds_requested == []
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    told = booking_events.messages(PAYMENT_SUCCEEDED)
    assert [m["kwargs"]["payment_intent_id"] for m in told] == [answer["payment_intent"]]


@pytest.mark.django_db
def test_reconciliation_pages_through_intents_and_skips_others(empty_stripe, localstripe):
    """Intents of other systems (no order metadata) and older ones are left alone."""
    client = localstripe.client()
    for _ in range(3):
        client.v1.payment_intents.create(
            params={"amount": 100, "currency": "chf", "metadata": {"source": "elsewhere"}}
        )

    listed = list(services.stripe_gateway.payment_intents_list(page_size=2))
    report = services.payments_reconcile(since=timezone.now() + timedelta(minutes=1))

    assert len(listed) == report.intents_listed == 3
    assert len({i["id"] for i in listed}) == len(listed)
    assert report.intents_ours == 0


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_refunds_a_duplicate_in_full_whatever_the_policy(
    localstripe, paid_order, deliver, payments_events
):
    order = paid_order("dup-cancel")
    duplicate = forced_intent(localstripe, order, localstripe.card(CARD_MASTERCARD))
    deliver_all(localstripe, deliver, duplicate["id"], "payment_intent.succeeded")
    payments_events.clear()  # the duplicate's own refund request is lost

    now = timezone.now()
    services.booking_refund(
        request=payments_contract.Refund(
            dedupe_key="cancel-late",
            tenant_id=TENANT_ID,
            booking_id="dup-cancel",
            reason=payments_contract.REFUND_REASON_CANCELLED,
            requested_at=now.isoformat(),
            full_refund_until=(now - timedelta(hours=1)).isoformat(),  # too late: keeps all
            deposit_refundable=False,
        )
    )

    refunds = {r.payment.payment_intent_id: (r.amount, r.reason) for r in Refund.objects.all()}
    assert refunds == {duplicate["id"]: (4500, "duplicate_payment")}
