"""Several services in one cart (issue 14 part 2): one booking, one code, one payment of the
sum (or of the down payments), one confirmation listing every appointment."""

import pytest
from contracts import notifications
from contracts.payment_order import verify_payment_order
from django.conf import settings

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations import tasks
from booking.reservations.models import Booking, Client, Reservation

from .conftest import at, bookable_staff
from .test_bookings import codes_sent, commits  # noqa: F401 (a fixture)
from .test_payment_events import deliver, succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_paid_services(tenant):
    tenant.payments_enabled = True
    tenant.save()
    portrait = ServiceFactory(
        tenant=tenant,
        name="Portrait session",
        duration_minutes=60,
        price_amount=12000,
        currency="chf",
        down_payment_percent=25,
    )
    retouch = ServiceFactory(
        tenant=tenant,
        name="Retouching",
        duration_minutes=30,
        price_amount=8000,
        currency="chf",
        down_payment_percent=50,
    )
    return portrait, retouch


@pytest.mark.parametrize(("payment", "amount"), [("deposit", 3000 + 4000), ("full", 20000)])
def test_two_services_are_one_booking_one_code_and_one_payment_of_the_sum(
    widget,
    tenant,
    day,
    two_paid_services,
    published,
    commits,  # noqa: F811
    clock,
    django_capture_on_commit_callbacks,
    payment,
    amount,
):
    portrait, retouch = two_paid_services
    anna = bookable_staff(tenant, portrait, name="Anna")
    ben = bookable_staff(tenant, retouch, name="Ben")
    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    assert widget.hold(portrait, anna, at(tenant, day, 9)).status_code == 201
    assert widget.hold(retouch, ben, at(tenant, day, 10)).status_code == 201

    created = widget.book(email="kim@example.com", payment=payment).json()

    # One booking, one code for both appointments.
    assert created["status"] == "awaiting_verification"
    assert [a["service_name"] for a in created["appointments"]] == [
        "Portrait session",
        "Retouching",
    ]
    [code] = codes_sent(published)
    verified = widget.verify(created["id"], code).json()
    assert verified["status"] == "awaiting_payment"
    assert (verified["payment_amount"], verified["total_amount"]) == (amount, 20000)
    # One signed order for the whole cart.
    order = verify_payment_order(
        verified["payment_order"], settings.PAYMENT_ORDER_SECRET, clock.now
    )
    assert (order.amount, order.kind, order.booking_id) == (amount, payment, created["id"])

    booking = Booking.objects.get()
    published.clear()
    deliver(
        tasks.payment_succeeded,
        succeeded(booking, kind=payment, amount=amount),
        django_capture_on_commit_callbacks,
    )

    booking.refresh_from_db()
    assert (booking.status, booking.amount_paid, booking.balance_due) == (
        "confirmed",
        amount,
        20000 - amount,
    )
    assert set(Reservation.objects.values_list("state", flat=True)) == {"booked"}
    assert Reservation.objects.filter(expires_at__isnull=False).count() == 0
    # One confirmation naming both appointments, one receipt of the one payment.
    assert [name for name, _ in published] == [
        notifications.SEND_BOOKING_CONFIRMATION,
        notifications.SEND_PAYMENT_RECEIPT,
    ]
    confirmation = notifications.BookingMessage(**published[0][1])
    assert [(a["service_name"], a["staff_name"]) for a in confirmation.appointments] == [
        ("Portrait session", "Anna"),
        ("Retouching", "Ben"),
    ]
    receipt = notifications.PaymentMessage(**published[1][1])
    assert (receipt.amount, receipt.kind, len(receipt.appointments)) == (amount, payment, 2)


def test_a_deposit_is_offered_for_a_cart_only_when_every_paid_service_takes_one(
    widget, tenant, day, two_paid_services
):
    portrait, retouch = two_paid_services
    retouch.down_payment_percent = None
    retouch.save()
    anna = bookable_staff(tenant, portrait, name="Anna")
    anna.services.add(retouch)
    widget.hold(portrait, anna, at(tenant, day, 9))
    widget.hold(retouch, anna, at(tenant, day, 11))

    refused = widget.book(payment="deposit")

    assert refused.status_code == 400
    assert refused.json()["code"] == "payment_not_offered"
    assert refused.json()["detail"]["offered"] == ["pay"]
    assert widget.book(payment="full").json()["payment_amount"] == 20000


def test_a_released_hold_leaves_the_cart_and_its_price(widget, tenant, day, two_paid_services):
    portrait, retouch = two_paid_services
    anna = bookable_staff(tenant, portrait, name="Anna")
    anna.services.add(retouch)
    widget.hold(portrait, anna, at(tenant, day, 9))
    second = widget.hold(retouch, anna, at(tenant, day, 11)).json()
    assert widget.release(second["id"]).status_code == 204

    body = widget.book(payment="deposit").json()

    assert [a["service_name"] for a in body["appointments"]] == ["Portrait session"]
    assert (body["payment_amount"], body["total_amount"]) == (3000, 12000)
