"""Integrators book, read, move and page through bookings, and list, export and erase
clients, with their API key; another tenant's objects answer 404 like unknown ids."""

import datetime
import itertools

import pytest
from contracts import notifications
from rest_framework.test import APIClient

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations.models import Booking, Client, Reservation
from booking.reservations.services.clients import FORGET_SENT_MESSAGES
from booking.tenants.services import api_key_create
from booking.tenants.tests.factories import TenantFactory

from .conftest import Widget, at, bookable_staff

pytestmark = pytest.mark.django_db
CLIENT_NUMBERS = itertools.count(1)
BOOKINGS = "/api/booking/v1/admin/bookings"
CLIENTS = "/api/booking/v1/admin/clients"


def book(tenant, service, staff, start, email=None, note="First visit") -> str:
    widget = Widget(tenant)
    assert widget.hold(service, staff, start).status_code == 201
    email = email or f"client{next(CLIENT_NUMBERS)}@example.com"
    response = widget.http.post(
        widget.url("bookings"),
        {
            "client": {"name": "Nora Client", "email": email, "phone": "+41 79 000 00 00"},
            "note": note,
        },
        format="json",
        **widget.headers(),
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def staff_booking(service, staff, start_at, **overrides) -> dict:
    return {
        "service": str(service.id),
        "staff": str(staff.id),
        "start": start_at.isoformat(),
        "client": {"name": "Paul Phone", "email": "paul@example.com", "phone": "+41 79 111"},
        "note": "Booked by phone",
        **overrides,
    }


@pytest.fixture
def other_tenant():
    return TenantFactory(slug="other")


@pytest.fixture
def other_admin(other_tenant) -> APIClient:
    _, raw_key = api_key_create(tenant=other_tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


def test_one_booking_is_read_as_the_list_shows_it_and_not_by_another_tenant(
    admin_client, other_admin, tenant, service, staff, five_pm
):
    booking_id = book(tenant, service, staff, five_pm)

    one = admin_client.get(f"{BOOKINGS}/{booking_id}")
    listed = admin_client.get(BOOKINGS).json()["results"][0]
    foreign = other_admin.get(f"{BOOKINGS}/{booking_id}")

    assert one.status_code == 200
    assert one.json() == listed
    assert one.json()["note"] == "First visit"
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "booking_not_found"


def test_staff_book_a_paid_service_for_a_known_client_confirmed_at_once(
    admin_client, tenant, published, django_capture_on_commit_callbacks
):
    # A paying tenant offers only online payment in the widget; a booking staff make for a
    # client is paid at the appointment, and a known email is asked for no code.
    tenant.payments_enabled = True
    tenant.save()
    service = ServiceFactory(tenant=tenant, price_amount=12000, currency="chf")
    staff = bookable_staff(tenant, service)
    day = (datetime.datetime.now(tenant.zone) + datetime.timedelta(days=4)).date()
    Client.objects.create(tenant=tenant, name="Paul", email="paul@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            BOOKINGS, staff_booking(service, staff, at(tenant, day, 10)), format="json"
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["payment"] == "none"
    assert (body["total_amount"], body["balance_due"], body["amount_paid"]) == (12000, 12000, 0)
    assert body["client"]["email"] == "paul@example.com"
    assert when(body["appointments"][0]["start"]) == at(tenant, day, 10)
    assert Client.objects.filter(tenant=tenant).count() == 1
    assert [name for name, _ in published] == [notifications.SEND_BOOKING_CONFIRMATION]
    # The start is taken for the widget now.
    assert Widget(tenant).hold(service, staff, at(tenant, day, 10)).status_code == 409


def test_notify_client_false_sends_no_confirmation(
    admin_client, tenant, service, staff, five_pm, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            BOOKINGS, staff_booking(service, staff, five_pm, notify_client=False), format="json"
        )

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert published == []


def test_staff_booking_goes_through_the_guard(admin_client, tenant, service, staff, five_pm):
    widget = Widget(tenant)
    assert widget.hold(service, staff, five_pm).status_code == 201

    held = admin_client.post(BOOKINGS, staff_booking(service, staff, five_pm), format="json")
    off_schedule = admin_client.post(
        BOOKINGS,
        staff_booking(service, staff, five_pm.replace(hour=22)),
        format="json",
    )
    naive = admin_client.post(
        BOOKINGS,
        staff_booking(service, staff, five_pm, start=five_pm.replace(tzinfo=None).isoformat()),
        format="json",
    )

    assert held.status_code == 409
    assert held.json()["code"] == "slot_unavailable"
    assert off_schedule.status_code == 409
    assert off_schedule.json()["detail"]["reason"] == "not_offered"
    assert naive.status_code == 400
    assert naive.json()["code"] == "invalid_input"
    assert Booking.objects.count() == 0


def test_staff_cannot_book_another_tenant_s_service_or_staff(
    other_admin, tenant, service, staff, five_pm
):
    response = other_admin.post(BOOKINGS, staff_booking(service, staff, five_pm), format="json")

    assert response.status_code == 404
    assert response.json()["code"] in {"service_not_found", "staff_not_found"}
    assert Booking.objects.count() == 0


def test_reschedule_moves_the_booking_and_frees_the_old_start(
    admin_client,
    other_admin,
    tenant,
    service,
    staff,
    five_pm,
    published,
    django_capture_on_commit_callbacks,
):
    booking_id = book(tenant, service, staff, five_pm)
    published.clear()
    new_start = five_pm + datetime.timedelta(hours=1)

    foreign = other_admin.post(
        f"{BOOKINGS}/{booking_id}/reschedule", {"start": new_start.isoformat()}, format="json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved = admin_client.post(
            f"{BOOKINGS}/{booking_id}/reschedule", {"start": new_start.isoformat()}, format="json"
        )

    assert foreign.status_code == 404
    assert foreign.json()["code"] == "booking_not_found"
    assert moved.status_code == 200, moved.json()
    assert when(moved.json()["first_start"]) == new_start
    # The booking is for the new time only: the old one is not among its appointments.
    assert [when(a["start"]) for a in moved.json()["appointments"]] == [new_start]
    shown = admin_client.get(f"{BOOKINGS}/{booking_id}").json()["appointments"]
    assert [when(a["start"]) for a in shown] == [new_start]
    assert notifications.SEND_BOOKING_RESCHEDULED in [name for name, _ in published]
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    assert Widget(tenant).hold(service, staff, new_start).status_code == 409


def test_reschedule_onto_a_taken_start_or_of_a_cancelled_booking_is_409(
    admin_client, tenant, service, staff, five_pm
):
    first = book(tenant, service, staff, five_pm)
    taken = five_pm + datetime.timedelta(hours=2)
    book(tenant, service, staff, taken)
    cancelled = book(tenant, service, staff, five_pm - datetime.timedelta(hours=3))
    admin_client.post(f"{BOOKINGS}/{cancelled}/cancel")

    onto_taken = admin_client.post(
        f"{BOOKINGS}/{first}/reschedule", {"start": taken.isoformat()}, format="json"
    )
    not_confirmed = admin_client.post(
        f"{BOOKINGS}/{cancelled}/reschedule",
        {"start": (five_pm + datetime.timedelta(hours=4)).isoformat()},
        format="json",
    )

    assert onto_taken.status_code == 409
    assert onto_taken.json()["code"] == "slot_unavailable"
    assert not_confirmed.status_code == 409
    assert not_confirmed.json()["code"] == "booking_not_confirmed"
    assert when(admin_client.get(f"{BOOKINGS}/{first}").json()["first_start"]) == five_pm


def test_the_list_filters_by_staff_service_start_and_change(
    admin_client, tenant, service, staff, five_pm, clock
):
    other_service = ServiceFactory(tenant=tenant, name="Passport photo", duration_minutes=30)
    ben = bookable_staff(tenant, other_service, name="Ben")
    with_anna = book(tenant, service, staff, five_pm)
    with_ben = book(tenant, other_service, ben, five_pm + datetime.timedelta(hours=1))
    clock.advance(minutes=5)
    since = clock.now
    Booking.objects.get(pk=with_ben).save()

    def ids(**query) -> list[str]:
        response = admin_client.get(BOOKINGS, query)
        assert response.status_code == 200, response.json()
        return [b["id"] for b in response.json()["results"]]

    assert ids(staff=str(staff.id)) == [with_anna]
    assert ids(service=str(other_service.id)) == [with_ben]
    assert ids(staff=str(ben.id), service=str(service.id)) == []
    assert ids(start_after=(five_pm + datetime.timedelta(minutes=1)).isoformat()) == [with_ben]
    assert ids(start_before=(five_pm + datetime.timedelta(minutes=1)).isoformat()) == [with_anna]
    assert ids(start_after=five_pm.isoformat()) == [with_anna, with_ben]
    assert ids(updated_since=since.isoformat()) == [with_ben]


def test_a_cancelled_booking_is_still_found_by_its_staff_member(
    admin_client, tenant, service, staff, five_pm
):
    booking_id = book(tenant, service, staff, five_pm)
    admin_client.post(f"{BOOKINGS}/{booking_id}/cancel")

    found = admin_client.get(BOOKINGS, {"staff": str(staff.id)}).json()["results"]

    assert [b["id"] for b in found] == [booking_id]


def test_cursor_pages_cover_every_booking_once_in_order(
    admin_client, tenant, service, staff, five_pm
):
    nine = five_pm - datetime.timedelta(hours=8)
    made = [book(tenant, service, staff, nine + datetime.timedelta(hours=h)) for h in range(5)]

    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = admin_client.get(BOOKINGS, query).json()
        seen += [b["id"] for b in page["results"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        # A booking made meanwhile before the cursor does not shift the pages.
        if pages == 1:
            book(tenant, service, staff, nine - datetime.timedelta(hours=1))

    assert seen == made
    assert pages == 3


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "bm90IGEgY3Vyc29y"},
        {"cursor": "%%%"},
        {"cursor": "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwgIngiXQ"},
    ],
)
def test_a_cursor_this_api_did_not_give_is_400(admin_client, query):
    response = admin_client.get(BOOKINGS, query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "abc", "offset": 2},
        {"staff": "not-a-uuid"},
        {"start_after": "2026-01-01T10:00:00"},
        {"updated_since": "yesterday"},
    ],
)
def test_bad_list_parameters_are_400_invalid_input(admin_client, query):
    response = admin_client.get(BOOKINGS, query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_clients_are_searched_and_paged_within_the_tenant(
    admin_client, other_admin, tenant, service, staff, five_pm
):
    book(tenant, service, staff, five_pm, email="nora@example.com")
    book(tenant, service, staff, five_pm + datetime.timedelta(hours=1), email="kim@studio.test")

    everyone = admin_client.get(CLIENTS).json()
    searched = admin_client.get(CLIENTS, {"search": "STUDIO.test"}).json()
    first_page = admin_client.get(CLIENTS, {"limit": 1}).json()
    second_page = admin_client.get(CLIENTS, {"limit": 1, "cursor": first_page["next_cursor"]})
    foreign = other_admin.get(CLIENTS).json()

    assert [c["email"] for c in everyone["results"]] == ["nora@example.com", "kim@studio.test"]
    assert everyone["next_cursor"] is None
    assert [c["email"] for c in searched["results"]] == ["kim@studio.test"]
    assert [c["email"] for c in second_page.json()["results"]] == ["kim@studio.test"]
    assert foreign["results"] == []


def test_the_export_holds_everything_about_the_client(
    admin_client, other_admin, tenant, service, staff, five_pm
):
    booking_id = book(tenant, service, staff, five_pm, email="nora@example.com")
    book(tenant, service, staff, five_pm + datetime.timedelta(hours=1), email="kim@example.com")
    client = Client.objects.get(email="nora@example.com")

    response = admin_client.get(f"{CLIENTS}/{client.id}/export")
    foreign = [
        other_admin.get(f"{CLIENTS}/{client.id}/export"),
        other_admin.get(f"{CLIENTS}/{client.id}"),
        other_admin.delete(f"{CLIENTS}/{client.id}"),
    ]

    assert response.status_code == 200
    export = response.json()
    assert export["client"]["email"] == "nora@example.com"
    assert export["client"]["phone"] == "+41 79 000 00 00"
    [booking] = export["bookings"]
    assert booking["id"] == booking_id
    assert booking["note"] == "First visit"
    assert booking["client_address"].startswith("10.")
    assert when(booking["appointments"][0]["start"]) == five_pm
    assert [(r.status_code, r.json()["code"]) for r in foreign] == [(404, "client_not_found")] * 3
    assert Client.objects.get(pk=client.id).email == "nora@example.com"


def test_erasing_a_client_keeps_the_bookings_without_personal_data(
    admin_client,
    tenant,
    service,
    staff,
    five_pm,
    clock,
    published,
    django_capture_on_commit_callbacks,
):
    booking_id = book(tenant, service, staff, five_pm, email="nora@example.com")
    client = Client.objects.get(email="nora@example.com")
    published.clear()

    too_early = admin_client.delete(f"{CLIENTS}/{client.id}")
    clock.now = five_pm + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        erased = admin_client.delete(f"{CLIENTS}/{client.id}")
    with django_capture_on_commit_callbacks(execute=True):
        again = admin_client.delete(f"{CLIENTS}/{client.id}")

    assert too_early.status_code == 409
    assert too_early.json()["code"] == "client_has_upcoming_bookings"
    assert too_early.json()["detail"]["bookings"] == [booking_id]
    assert (erased.status_code, again.status_code) == (204, 204)
    # The booking worker forgets the messages sent to the address, and notifications its
    # log of them, once.
    assert published == [
        (FORGET_SENT_MESSAGES, {"email": "nora@example.com"}),
        (
            notifications.FORGET_CLIENT,
            {
                "dedupe_key": f"client:{client.id}:forget",
                "tenant_id": str(tenant.id),
                "email": "nora@example.com",
                "booking_ids": [booking_id],
            },
        ),
    ]
    export = admin_client.get(f"{CLIENTS}/{client.id}/export").json()
    assert export["client"]["name"] == "Anonymized client"
    assert "nora" not in str(export).lower()
    assert "+41" not in str(export)
    assert export["client"]["anonymized_at"] is not None
    [booking] = export["bookings"]
    assert (booking["id"], booking["status"], booking["note"]) == (booking_id, "confirmed", "")
    assert booking["client_address"] == ""
    assert not Reservation.objects.filter(client_address__isnull=False, booking_id=booking_id)
    assert admin_client.get(CLIENTS, {"search": "nora"}).json()["results"] == []
    # The email is free again: the same person may book anew as a new client.
    book(tenant, service, staff, five_pm + datetime.timedelta(days=2), email="nora@example.com")
    assert Client.objects.filter(tenant=tenant).count() == 2


@pytest.mark.parametrize("start", ["2024-01-01T12:99:00Z", "2024-02-30T10:00:00+01:00"])
def test_a_start_that_is_no_time_is_400_everywhere(
    admin_client, tenant, service, staff, five_pm, start
):
    booking_id = book(tenant, service, staff, five_pm)

    moved = admin_client.post(
        f"{BOOKINGS}/{booking_id}/reschedule", {"start": start}, format="json"
    )
    made = admin_client.post(
        BOOKINGS, {**staff_booking(service, staff, five_pm), "start": start}, format="json"
    )
    held = Widget(tenant).http.post(
        f"/api/booking/v1/public/{tenant.slug}/holds",
        {"service": str(service.id), "staff": str(staff.id), "start": start},
        format="json",
    )

    for response in (moved, made, held):
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_input"
        assert "start" in response.json()["detail"]
