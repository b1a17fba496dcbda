"""payments.refund.v1: the tenant's policy, refunded on localstripe once, told to booking once."""

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from conftest import TENANT_ID
from contracts import payments as payments_contract
from contracts.booking import PAYMENT_REFUNDED
from contracts.routing import queue_for

from payments.checkout import tasks
from payments.checkout.models import Payment, Refund

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def refund_request(
    booking_id: str,
    *,
    reason: str = payments_contract.REFUND_REASON_CANCELLED,
    hours_before_cutoff: float = 1,
    deposit_refundable: bool = False,
    dedupe_key: str = "cancel-1",
) -> payments_contract.Refund:
    return payments_contract.Refund(
        dedupe_key=dedupe_key,
        tenant_id=TENANT_ID,
        booking_id=booking_id,
        reason=reason,
        requested_at=NOW.isoformat(),
        full_refund_until=(NOW + timedelta(hours=hours_before_cutoff)).isoformat(),
        deposit_refundable=deposit_refundable,
    )


def run_refund_task(request: payments_contract.Refund) -> None:
    """As the worker runs it: by name, with the JSON kwargs a producer sends."""
    assert queue_for(payments_contract.REFUND, asdict(request)) == "payments.events"
    tasks.refund.apply(kwargs=asdict(request)).get()


@pytest.fixture
def paid(api_client, localstripe, make_order, deliver):
    """A booking paid through checkout and confirmed by localstripe's webhook event."""

    def pay(*, booking_id: str, kind: str = "full", amount: int = 12000) -> Payment:
        order = make_order(booking_id=booking_id, kind=kind, amount=amount)
        answer = api_client.post(
            "/api/payments/v1/checkouts",
            {"payment_order": order, "payment_method": localstripe.card()},
            format="json",
        ).json()
        for event in localstripe.events(
            answer["payment_intent"], wait_for="payment_intent.succeeded"
        ):
            deliver(event)
        payment = Payment.objects.get(payment_intent_id=answer["payment_intent"])
        assert payment.status == Payment.Status.SUCCEEDED
        return payment

    return pay


def stripe_refunds(localstripe, payment: Payment) -> list[int]:
    refunds = localstripe.get("/v1/refunds", payment_intent=payment.payment_intent_id)["data"]
    return [refund["amount"] for refund in refunds]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("kind", "reason", "hours_before_cutoff", "deposit_refundable", "refunded"),
    [
        ("full", "cancelled", 2, False, 12000),
        ("full", "cancelled", -2, False, 0),
        ("deposit", "cancelled", 2, False, 0),
        ("deposit", "cancelled", 2, True, 3000),
        ("deposit", "cancelled", -2, True, 0),
        ("deposit", "booking_expired", -2, False, 3000),
    ],
    ids=[
        "full-before-cutoff",
        "full-after-cutoff",
        "deposit-kept",
        "deposit-refundable",
        "deposit-after-cutoff",
        "paid-after-expiry",
    ],
)
def test_the_policy_decides_what_goes_back(
    localstripe,
    paid,
    booking_events,
    kind,
    reason,
    hours_before_cutoff,
    deposit_refundable,
    refunded,
):
    amount = 12000 if kind == "full" else 3000
    payment = paid(booking_id=f"policy-{kind}-{reason}", kind=kind, amount=amount)

    run_refund_task(
        refund_request(
            payment.booking_id,
            reason=reason,
            hours_before_cutoff=hours_before_cutoff,
            deposit_refundable=deposit_refundable,
        )
    )

    assert sum(stripe_refunds(localstripe, payment)) == refunded
    messages = booking_events.messages(PAYMENT_REFUNDED)
    if refunded:
        refund = Refund.objects.get()
        assert messages == [
            {
                "task": PAYMENT_REFUNDED,
                "kwargs": {
                    "dedupe_key": refund.stripe_refund_id,
                    "tenant_id": TENANT_ID,
                    "booking_id": payment.booking_id,
                    "payment_intent_id": payment.payment_intent_id,
                    "amount": refunded,
                    "currency": "chf",
                    "reason": reason,
                },
            }
        ]
    else:
        assert not Refund.objects.exists()
        assert messages == []


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_or_repeated_refund_refunds_once(localstripe, paid, booking_events):
    payment = paid(booking_id="twice")

    run_refund_task(refund_request("twice"))
    run_refund_task(refund_request("twice"))
    run_refund_task(refund_request("twice", dedupe_key="cancel-again"))

    assert stripe_refunds(localstripe, payment) == [12000]
    assert Refund.objects.count() == 1
    assert len(booking_events.messages(PAYMENT_REFUNDED)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_field_a_newer_booking_service_adds_is_ignored(localstripe, paid, booking_events):
    """During a rolling deploy booking may send a field this worker does not know yet."""
    payment = paid(booking_id="newer")

    tasks.refund.apply(kwargs={**asdict(refund_request("newer")), "note": "by phone"}).get()

    assert stripe_refunds(localstripe, payment) == [12000]
    assert len(booking_events.messages(PAYMENT_REFUNDED)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_refund_made_before_a_crash_is_recorded_not_repeated(localstripe, paid, booking_events):
    """The worker died after Stripe refunded and before recording it; the task runs again."""
    payment = paid(booking_id="crashed")
    made = localstripe.client().v1.refunds.create(
        params={"payment_intent": payment.payment_intent_id, "amount": 12000}
    )

    run_refund_task(refund_request("crashed"))

    assert stripe_refunds(localstripe, payment) == [12000]
    assert Refund.objects.get().stripe_refund_id == made.id
    assert len(booking_events.messages(PAYMENT_REFUNDED)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_payment_made_after_its_booking_expired_is_refunded_in_full(
    localstripe, paid, booking_events
):
    """Booking saw the payment arrive for an expired booking and asks for it back."""
    first = paid(booking_id="expired", kind="deposit", amount=3000)

    run_refund_task(
        refund_request(
            "expired",
            reason=payments_contract.REFUND_REASON_BOOKING_EXPIRED,
            hours_before_cutoff=-48,
            deposit_refundable=False,
        )
    )

    intent = localstripe.get(f"/v1/payment_intents/{first.payment_intent_id}")
    assert stripe_refunds(localstripe, first) == [3000]
    assert intent["latest_charge"]["refunded"] is True
    message = booking_events.messages(PAYMENT_REFUNDED)[0]["kwargs"]
    assert (message["reason"], message["amount"]) == ("booking_expired", 3000)


@pytest.mark.django_db(transaction=True)
def test_a_refund_reported_by_stripe_is_recorded_once(localstripe, paid, deliver, booking_events):
    """A refund made in Stripe's dashboard arrives as charge.refunded, possibly twice."""
    payment = paid(booking_id="dashboard")
    refund = localstripe.client().v1.refunds.create(
        params={"payment_intent": payment.payment_intent_id, "amount": 5000}
    )
    charge = localstripe.get(f"/v1/payment_intents/{payment.payment_intent_id}")["latest_charge"]
    charge["refunds"] = {"object": "list", "data": [refund.to_dict()]}
    event = {
        "id": "evt_charge_refunded",
        "object": "event",
        "type": "charge.refunded",
        "created": 1,
        "data": {"object": charge},
    }

    deliver(event)
    deliver(event)

    recorded = Refund.objects.get()
    assert (recorded.stripe_refund_id, recorded.amount) == (refund.id, 5000)
    assert len(booking_events.messages(PAYMENT_REFUNDED)) == 1
