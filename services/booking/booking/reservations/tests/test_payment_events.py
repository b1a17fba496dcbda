"""Payment events from the payments service, handled by calling the booking worker's tasks.

Each may arrive twice or late: a succeeded payment confirms once, a payment for a
booking whose slot is gone is refunded, and the refund is told to the client once.
"""

from dataclasses import asdict

import pytest
from contracts import booking as booking_contract
from contracts import notifications, payments

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations import tasks
from booking.reservations.models import Booking, Reservation

from .conftest import Widget, bookable_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_service(tenant):
    tenant.payments_enabled = True
    tenant.save()
    return ServiceFactory(
        tenant=tenant, name="Shoot", price_amount=20000, currency="chf", down_payment_percent=25
    )


@pytest.fixture
def paid_staff(tenant, paid_service):
    return bookable_staff(tenant, paid_service, name="Paul")


def awaiting_payment(tenant, service, staff, start, payment="full") -> Booking:
    widget = Widget(tenant)
    assert widget.hold(service, staff, start).status_code == 201
    body = widget.book(payment=payment).json()
    assert body["status"] == "awaiting_payment"
    return Booking.objects.get(pk=body["id"])


def succeeded(booking: Booking, *, intent="pi_1", kind="full", amount=20000) -> dict:
    return asdict(
        booking_contract.PaymentSucceeded(
            dedupe_key=intent,
            tenant_id=str(booking.tenant_id),
            booking_id=str(booking.id),
            order_id=f"{booking.id}:{kind}",
            payment_intent_id=intent,
            amount=amount,
            currency="chf",
            kind=kind,
        )
    )


def deliver(task, kwargs, capture) -> None:
    with capture(execute=True):
        task.run(**kwargs)


def test_a_payment_confirms_the_booking_with_confirmation_and_receipt(
    tenant, paid_service, paid_staff, five_pm, published, django_capture_on_commit_callbacks
):
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)

    deliver(tasks.payment_succeeded, succeeded(booking), django_capture_on_commit_callbacks)

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert (booking.amount_paid, booking.balance_due, booking.expires_at) == (20000, 0, None)
    assert Reservation.objects.get().expires_at is None
    assert [name for name, _ in published] == [
        notifications.SEND_BOOKING_CONFIRMATION,
        notifications.SEND_PAYMENT_RECEIPT,
    ]
    receipt = notifications.PaymentMessage(**published[1][1])
    assert (receipt.amount, receipt.kind, receipt.balance_due) == (20000, "full", 0)
    assert receipt.dedupe_key == f"booking:{booking.id}:payment:pi_1"
    assert [a["service_name"] for a in published[1][1]["appointments"]] == ["Shoot"]


def test_a_deposit_records_the_balance_due(
    tenant, paid_service, paid_staff, five_pm, published, django_capture_on_commit_callbacks
):
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm, payment="deposit")

    deliver(
        tasks.payment_succeeded,
        succeeded(booking, kind="deposit", amount=5000),
        django_capture_on_commit_callbacks,
    )

    booking.refresh_from_db()
    assert (booking.status, booking.amount_paid, booking.balance_due) == ("confirmed", 5000, 15000)
    assert published[-1][1]["balance_due"] == 15000


def test_a_redelivered_payment_event_changes_nothing(
    tenant, paid_service, paid_staff, five_pm, published, django_capture_on_commit_callbacks
):
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)
    event = succeeded(booking)

    for _ in range(3):
        deliver(tasks.payment_succeeded, event, django_capture_on_commit_callbacks)

    assert len(published) == 2
    booking.refresh_from_db()
    assert booking.amount_paid == 20000


def test_a_late_payment_takes_back_a_slot_nobody_took(
    tenant, paid_service, paid_staff, five_pm, published, clock, django_capture_on_commit_callbacks
):
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)
    clock.advance(minutes=tenant.payment_window_minutes + 5)

    deliver(tasks.payment_succeeded, succeeded(booking), django_capture_on_commit_callbacks)

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    reservation = Reservation.objects.get()
    assert (reservation.live, reservation.state, reservation.expires_at) == (True, "booked", None)
    assert Widget(tenant).hold(paid_service, paid_staff, five_pm).status_code == 409


def test_a_payment_after_the_slot_was_taken_is_refunded_and_the_client_told(
    tenant, paid_service, paid_staff, five_pm, published, clock, django_capture_on_commit_callbacks
):
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)
    clock.advance(minutes=tenant.payment_window_minutes)
    assert Widget(tenant).hold(paid_service, paid_staff, five_pm).status_code == 201

    deliver(tasks.payment_succeeded, succeeded(booking), django_capture_on_commit_callbacks)

    booking.refresh_from_db()
    assert booking.status == "expired"
    assert booking.amount_paid == 20000
    [(name, refund)] = published
    assert name == payments.REFUND
    assert refund["reason"] == payments.REFUND_REASON_BOOKING_EXPIRED
    assert refund["booking_id"] == str(booking.id)
    assert refund["dedupe_key"] == f"booking:{booking.id}:refund:pi_1"
    assert Reservation.objects.filter(live=True).count() == 1  # the other client's hold

    refunded = asdict(
        booking_contract.PaymentRefunded(
            dedupe_key="re_1",
            tenant_id=str(booking.tenant_id),
            booking_id=str(booking.id),
            payment_intent_id="pi_1",
            amount=20000,
            currency="chf",
            reason=payments.REFUND_REASON_BOOKING_EXPIRED,
        )
    )
    for _ in range(2):
        deliver(tasks.payment_refunded, refunded, django_capture_on_commit_callbacks)

    told = [kw for name, kw in published if name == notifications.SEND_PAYMENT_REFUNDED]
    assert len(told) == 1
    assert (told[0]["amount"], told[0]["reason"]) == (20000, "booking_expired")
    assert told[0]["client_email"] == "new.client@example.com"
    booking.refresh_from_db()
    assert booking.amount_refunded == 20000


def test_a_payment_for_a_cancelled_booking_is_refunded(
    tenant, paid_service, paid_staff, five_pm, published, django_capture_on_commit_callbacks
):
    from booking.reservations.services.cancellation import booking_cancel

    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)
    booking_cancel(tenant=tenant, booking_id=booking.id)

    deliver(tasks.payment_succeeded, succeeded(booking), django_capture_on_commit_callbacks)

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert [name for name, _ in published] == [payments.REFUND]


def test_an_unknown_booking_is_ignored(published, tenant, django_capture_on_commit_callbacks):
    import uuid

    event = asdict(
        booking_contract.PaymentSucceeded(
            dedupe_key="pi_x",
            tenant_id=str(tenant.id),
            booking_id=str(uuid.uuid4()),
            order_id="x",
            payment_intent_id="pi_x",
            amount=1,
            currency="chf",
            kind="full",
        )
    )

    deliver(tasks.payment_succeeded, event, django_capture_on_commit_callbacks)

    assert published == []


def test_the_tasks_listen_on_the_booking_events_queue():
    from contracts import queues
    from contracts.routing import queue_for

    assert tasks.payment_succeeded.name == booking_contract.PAYMENT_SUCCEEDED
    assert tasks.payment_refunded.name == booking_contract.PAYMENT_REFUNDED
    assert queue_for(tasks.payment_succeeded.name, {}) == queues.BOOKING_EVENTS


def test_a_duplicate_charge_refunded_shows_in_the_history_not_in_what_was_paid(
    tenant,
    paid_service,
    paid_staff,
    five_pm,
    published,
    admin_client,
    django_capture_on_commit_callbacks,
):
    """Two tabs paid one order: payments refunded the second charge and says so (issue 15)."""
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm, payment="deposit")
    deliver(
        tasks.payment_succeeded,
        succeeded(booking, kind="deposit", amount=5000),
        django_capture_on_commit_callbacks,
    )
    refunded = asdict(
        booking_contract.PaymentRefunded(
            dedupe_key="re_dup",
            tenant_id=str(booking.tenant_id),
            booking_id=str(booking.id),
            payment_intent_id="pi_2",
            amount=5000,
            currency="chf",
            reason=payments.REFUND_REASON_DUPLICATE_PAYMENT,
        )
    )

    for _ in range(2):
        deliver(tasks.payment_refunded, refunded, django_capture_on_commit_callbacks)

    told = [kw for name, kw in published if name == notifications.SEND_PAYMENT_REFUNDED]
    assert [(t["amount"], t["reason"]) for t in told] == [(5000, "duplicate_payment")]
    shown = admin_client.get("/api/booking/v1/admin/bookings").json()["results"][0]
    assert (shown["status"], shown["amount_paid"], shown["amount_refunded"]) == (
        "confirmed",
        5000,
        0,
    )
    assert shown["balance_due"] == 15000
    assert [
        (h["type"], h["payment_intent"], h["refund"], h["amount"], h["reason"])
        for h in shown["payment_history"]
    ] == [
        ("payment", "pi_1", "", 5000, ""),
        ("payment", "pi_2", "", 5000, "duplicate_payment"),
        ("refund", "pi_2", "re_dup", 5000, "duplicate_payment"),
    ]


def test_a_field_a_newer_payments_service_adds_is_ignored(
    tenant, paid_service, paid_staff, five_pm, published, django_capture_on_commit_callbacks
):
    """During a rolling deploy payments may send a field this worker does not know yet."""
    booking = awaiting_payment(tenant, paid_service, paid_staff, five_pm)

    deliver(
        tasks.payment_succeeded,
        {**succeeded(booking), "receipt_url": "https://pay.example/r/1"},
        django_capture_on_commit_callbacks,
    )

    booking.refresh_from_db()
    assert booking.status == "confirmed"
