"""Integrators read and cancel bookings with their API key."""

import datetime
import itertools

import pytest
from contracts import notifications, payments

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations.models import Booking
from booking.reservations.services.payments import booking_payment_succeed
from booking.tenants.tests.factories import TenantFactory

from .conftest import Widget, at, bookable_staff

pytestmark = pytest.mark.django_db
CLIENT_NUMBERS = itertools.count(1)
BOOKINGS = "/api/booking/v1/admin/bookings"


def book(tenant, service, staff, start, payment="none") -> str:
    widget = Widget(tenant)
    assert widget.hold(service, staff, start).status_code == 201
    return widget.book(payment=payment, email=f"client{next(CLIENT_NUMBERS)}@example.com").json()[
        "id"
    ]


def test_bookings_are_listed_by_start_and_filtered(admin_client, tenant, service, staff, day):
    later = book(tenant, service, staff, at(tenant, day + datetime.timedelta(days=1), 9))
    earlier = book(tenant, service, staff, at(tenant, day, 9))
    Booking.objects.filter(pk=later).update(status="cancelled")
    other_tenant = TenantFactory(slug="other")
    other_service = ServiceFactory(tenant=other_tenant)
    book(
        other_tenant, other_service, bookable_staff(other_tenant, other_service), at(tenant, day, 9)
    )

    everything = admin_client.get(BOOKINGS).json()
    confirmed = admin_client.get(BOOKINGS, {"status": "confirmed"}).json()
    on_day = admin_client.get(BOOKINGS, {"date_from": day, "date_to": day}).json()

    assert [b["id"] for b in everything["results"]] == [earlier, later]
    assert everything["count"] == 2
    assert [b["id"] for b in confirmed["results"]] == [earlier]
    assert [b["id"] for b in on_day["results"]] == [earlier]
    first = everything["results"][0]
    assert first["client"]["email"].endswith("@example.com")
    assert first["appointments"][0]["staff_name"] == "Anna"


@pytest.mark.parametrize(
    "query",
    [{"offset": "695289802949665686028288", "limit": 417}, {"offset": 10_001}, {"limit": 501}],
)
def test_pages_are_bounded(admin_client, query):
    response = admin_client.get(BOOKINGS, query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "1969-12-31"},
        {"date_to": "9001-01-01"},
        {"date_from": "2026-02-30"},
    ],
)
def test_filter_dates_outside_the_window_are_400(admin_client, query):
    # The window is 1970-01-01 to 9000-12-31; at its far ends a day's midnight has no
    # UTC instant in every zone.
    response = admin_client.get(BOOKINGS, query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert set(response.json()["detail"]) == set(query)


def test_the_window_s_own_ends_are_accepted(admin_client):
    response = admin_client.get(BOOKINGS, {"date_from": "1970-01-01", "date_to": "9000-12-31"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_list_needs_an_api_key(api_client):
    response = api_client.get(BOOKINGS)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_cancelling_frees_the_slot_and_tells_the_client(
    admin_client, tenant, service, staff, five_pm, published, django_capture_on_commit_callbacks
):
    booking_id = book(tenant, service, staff, five_pm)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")
    again = admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert again.status_code == 200
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    [(name, payload)] = published
    assert name == notifications.SEND_BOOKING_CANCELLED
    assert payload["dedupe_key"] == f"booking:{booking_id}:cancelled"
    assert payload["refund"] == ""


def test_cancelling_a_paid_booking_asks_payments_for_the_refund_by_the_tenant_policy(
    admin_client, tenant, published, clock, django_capture_on_commit_callbacks
):
    # What each policy gives back is test_manage.py's table (the client's cancel); an
    # integrator's cancel goes the same way: the refund request carries the tenant's policy.
    tenant.payments_enabled = True
    tenant.full_refund_hours_before = 24
    tenant.save()
    service = ServiceFactory(
        tenant=tenant, price_amount=20000, currency="chf", down_payment_percent=25
    )
    staff = bookable_staff(tenant, service)
    start = at(tenant, (clock.now + datetime.timedelta(days=5)).date(), 10)
    booking_id = book(tenant, service, staff, start, payment="full")
    booking_payment_succeed(
        tenant_id=tenant.id,
        booking_id=booking_id,
        payment_intent_id="pi_1",
        amount=20000,
        currency="chf",
        kind="full",
    )
    clock.now = start - datetime.timedelta(hours=72)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")

    assert response.status_code == 200
    sent = dict(published)
    assert sent[payments.REFUND]["reason"] == "cancelled"
    assert sent[payments.REFUND]["deposit_refundable"] is tenant.deposit_refundable
    assert datetime.datetime.fromisoformat(sent[payments.REFUND]["full_refund_until"]) == (
        start - datetime.timedelta(hours=24)
    )
    assert sent[notifications.SEND_BOOKING_CANCELLED]["refund"] == "full"
    assert sent[notifications.SEND_BOOKING_CANCELLED]["refund_amount"] == 20000


def test_an_expired_booking_cannot_be_cancelled(
    admin_client, tenant, service, staff, five_pm, clock
):
    from booking.reservations.models import Client

    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email="kim@example.com").json()["id"]
    clock.advance(minutes=10)

    response = admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")

    assert response.status_code == 409
    assert response.json()["code"] == "booking_not_cancellable"


def test_another_tenants_booking_is_not_found(admin_client, tenant, day):
    other_tenant = TenantFactory(slug="other")
    other_service = ServiceFactory(tenant=other_tenant)
    staff = bookable_staff(other_tenant, other_service)
    booking_id = book(other_tenant, other_service, staff, at(tenant, day, 9))

    response = admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")

    assert response.status_code == 404
    assert Booking.objects.get(pk=booking_id).status == "confirmed"


def test_a_booking_past_its_deadline_is_listed_as_expired(
    admin_client, tenant, service, staff, five_pm, clock
):
    from booking.reservations.models import Client

    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email="kim@example.com").json()["id"]
    clock.advance(minutes=10)

    expired = admin_client.get(BOOKINGS, {"status": "expired"}).json()["results"]
    waiting = admin_client.get(BOOKINGS, {"status": "awaiting_verification"}).json()["results"]

    assert [(b["id"], b["status"]) for b in expired] == [(booking_id, "expired")]
    assert waiting == []
