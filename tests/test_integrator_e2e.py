"""An integrator's day, written only with the typed client (clients/python, booking_client)
generated from the committed OpenAPI document, through nginx against the real processes:
create a service, a staff member and working hours; read slots; hold; book; receive
booking.confirmed on a loopback receiver and verify it with `standardwebhooks`; read the
booking back as the admin API shows it. Then the back office's side through the same client:
book for a client by phone, move it, find it by filters and pages, export and erase the client.

The operator's token (to create the tenant, as an operator hands out API keys) and the
gateway's address come from the session's stack; everything else is the client.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

from booking_client import AuthenticatedClient, Client
from booking_client.api.admin_bookings import (
    admin_bookings_cancel,
    admin_bookings_create,
    admin_bookings_get,
    admin_bookings_list,
    admin_bookings_reschedule,
)
from booking_client.api.admin_clients import (
    admin_clients_delete,
    admin_clients_export,
    admin_clients_list,
)
from booking_client.api.admin_services import admin_services_create
from booking_client.api.admin_settings import admin_settings_update
from booking_client.api.admin_staff import admin_staff_create, admin_working_hours_replace
from booking_client.api.admin_webhooks import admin_webhooks_create
from booking_client.api.platform import platform_tenant_create
from booking_client.api.public import public_slots_list
from booking_client.api.public_holds_and_bookings import (
    public_bookings_create,
    public_holds_create,
)
from booking_client.models import (
    AdminBookingCreateInputRequest,
    AdminBookingRescheduleInputRequest,
    BookingClientInputRequest,
    BookingCreateInputRequest,
    HoldCreateInputRequest,
    PatchedTenantSettingsRequest,
    ServiceAdminRequest,
    StaffAdminRequest,
    TenantCreateInputRequest,
    WebhookEndpointCreateInputRequest,
    WorkingHoursAdminRequest,
    WorkingWeekAdminInputRequest,
)
from booking_client.models.error import Error
from standardwebhooks import Webhook

# The loopback receiver of the webhook tests: an integrator's endpoint on 127.0.0.1.
from tests.test_webhooks_e2e import receiver  # noqa: F401

ZURICH = ZoneInfo("Europe/Zurich")


def integrator_tenant(gateway_url: str, platform_token: str):
    """A Business tenant as an operator makes one, and its catalog as its integrator makes it:
    a 45-minute service, one staff member working 09:00-17:00 every day, no code asked."""
    operator = AuthenticatedClient(
        base_url=gateway_url, token=platform_token, raise_on_unexpected_status=True
    )
    slug = f"int-{uuid.uuid4().hex[:10]}"
    tenant = platform_tenant_create.sync(
        client=operator,
        body=TenantCreateInputRequest(
            slug=slug, name="Integrator Studio", plan="business", timezone="Europe/Zurich"
        ),
    )
    admin = AuthenticatedClient(
        base_url=gateway_url, token=tenant.api_key, raise_on_unexpected_status=True
    )
    public = Client(base_url=gateway_url, raise_on_unexpected_status=True)

    # The catalog: a service, who gives it, and when.
    settings = admin_settings_update.sync(
        client=admin, body=PatchedTenantSettingsRequest(verify_every_email=False)
    )
    assert settings.verify_every_email is False
    service = admin_services_create.sync(
        client=admin, body=ServiceAdminRequest(name="Fitting", duration_minutes=45)
    )
    staff = admin_staff_create.sync(
        client=admin, body=StaffAdminRequest(name="Lea", services=[service.id])
    )
    admin_working_hours_replace.sync(
        staff.id,
        client=admin,
        body=WorkingWeekAdminInputRequest(
            intervals=[
                WorkingHoursAdminRequest(weekday=day, start_time="09:00", end_time="17:00")
                for day in range(7)
            ]
        ),
    )
    return slug, admin, public, service, staff


def test_an_integrator_books_and_hears_of_it_with_the_typed_client(
    gateway_url,
    stack,
    receiver,  # noqa: F811
):
    slug, admin, public, service, staff = integrator_tenant(gateway_url, stack.platform_token)
    rec = receiver()
    endpoint = admin_webhooks_create.sync(
        client=admin,
        body=WebhookEndpointCreateInputRequest(url=rec.url, events=["booking.confirmed"]),
    )
    assert endpoint.secret.startswith("whsec_")

    # A client of the business: slots, a hold, the booking.
    day = datetime.datetime.now(ZURICH).date() + datetime.timedelta(days=2)
    slots = public_slots_list.sync(slug, client=public, date=day, service=service.id)
    assert slots.slots, "a working day with no start offered"
    first = slots.slots[0]
    assert first.start.astimezone(ZURICH).time() == datetime.time(9, 0)
    assert first.end - first.start == datetime.timedelta(minutes=45)
    hold = public_holds_create.sync(
        slug,
        client=public,
        body=HoldCreateInputRequest(service=service.id, staff=staff.id, start=first.start),
    )
    assert hold.start == first.start
    booking = public_bookings_create.sync(
        slug,
        client=public,
        body=BookingCreateInputRequest(
            client=BookingClientInputRequest(name="Ida Integrator", email="ida@example.com")
        ),
        x_cart_token=hold.cart_token,
    )
    assert booking.status == "confirmed"

    # The integrator hears of it, signed, with the booking as the admin API shows it.
    [(_, headers, body)] = rec.wait(1, timeout=30)
    event = Webhook(endpoint.secret).verify(body, headers)
    assert event["type"] == "booking.confirmed"
    shown = admin_bookings_get.sync(booking.id, client=admin)
    assert event["data"]["id"] == str(booking.id) == str(shown.id)
    assert event["data"]["status"] == shown.status == "confirmed"
    assert event["data"]["client"]["email"] == shown.client.email == "ida@example.com"
    assert datetime.datetime.fromisoformat(event["data"]["first_start"]) == first.start
    assert [a.staff_name for a in shown.appointments] == ["Lea"]


def test_the_back_office_books_moves_finds_and_erases_with_the_typed_client(gateway_url, stack):
    slug, admin, public, service, staff = integrator_tenant(gateway_url, stack.platform_token)
    day = datetime.datetime.now(ZURICH).date() + datetime.timedelta(days=3)
    ten = datetime.datetime.combine(day, datetime.time(10), tzinfo=ZURICH)
    eleven = ten + datetime.timedelta(hours=1)

    # A client calls; staff book for them, without an email.
    made = admin_bookings_create.sync(
        client=admin,
        body=AdminBookingCreateInputRequest(
            service=service.id,
            staff=staff.id,
            start=ten,
            client=BookingClientInputRequest(name="Paul Phone", email="paul@example.com"),
            note="Called at 9",
            notify_client=False,
        ),
    )
    assert (made.status, made.payment, made.first_start) == ("confirmed", "none", ten)
    taken = admin_bookings_create.sync(
        client=admin,
        body=AdminBookingCreateInputRequest(
            service=service.id,
            staff=staff.id,
            start=ten,
            client=BookingClientInputRequest(name="Other", email="other@example.com"),
        ),
    )
    assert isinstance(taken, Error) and taken.code == "slot_unavailable"

    # They call again: one hour later. The old start is offered again at once.
    moved = admin_bookings_reschedule.sync(
        made.id, client=admin, body=AdminBookingRescheduleInputRequest(start=eleven)
    )
    assert moved.first_start == eleven
    starts = {
        s.start
        for s in public_slots_list.sync(slug, client=public, date=day, service=service.id).slots
    }
    assert ten in starts and eleven not in starts

    # Found by its staff member and start, one page at a time.
    page = admin_bookings_list.sync(
        client=admin,
        staff=staff.id,
        start_after=ten,
        start_before=eleven + datetime.timedelta(minutes=1),
        limit=1,
    )
    assert ([b.id for b in page.results], page.next_cursor) == ([made.id], None)
    assert (
        admin_bookings_list.sync(
            client=admin, service=service.id, start_after=eleven + datetime.timedelta(minutes=1)
        ).results
        == []
    )

    # The client asks for their data, then to be forgotten.
    [paul] = admin_clients_list.sync(client=admin, search="PAUL@").results
    export = admin_clients_export.sync(paul.id, client=admin)
    assert [(b.id, b.note) for b in export.bookings] == [(made.id, "Called at 9")]
    refused = admin_clients_delete.sync(paul.id, client=admin)
    assert isinstance(refused, Error) and refused.code == "client_has_upcoming_bookings"
    assert admin_bookings_cancel.sync(made.id, client=admin).status == "cancelled"
    admin_clients_delete.sync(paul.id, client=admin)
    erased = admin_clients_export.sync(paul.id, client=admin)
    assert erased.client.name == "Anonymized client"
    assert "paul" not in erased.client.email
    assert [(b.id, b.status, b.note) for b in erased.bookings] == [(made.id, "cancelled", "")]
    assert admin_clients_list.sync(client=admin, search="paul").results == []
