"""Two tenants with an owner, a manager and a staff login each, and a booking to act on."""

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client as BrowserClient
from django.utils import timezone

from booking.catalog.models import DayOff, Service, Staff, WorkingHours
from booking.office.models import Invitation, Membership, Role
from booking.office.services import membership_create
from booking.reservations.models import Booking, Client, Reservation
from booking.tenants.services import api_key_create
from booking.tenants.tests.factories import TenantFactory

PASSWORD = "A-long-enough-pass-42"


@dataclass
class Business:
    tenant: object
    service: Service
    anna: Staff
    marco: Staff
    owner: Membership
    manager: Membership
    staff_login: Membership  # Marco's login
    booking: Booking
    day_off: DayOff
    api_key_id: str
    invitation: Invitation


def _business(slug: str) -> Business:
    tenant = TenantFactory(slug=slug, name=f"Studio {slug}", timezone="Europe/Zurich")
    service = Service.objects.create(tenant=tenant, name=f"Portrait {slug}", duration_minutes=60)
    anna = Staff.objects.create(tenant=tenant, name=f"Anna {slug}")
    marco = Staff.objects.create(tenant=tenant, name=f"Marco {slug}")
    for member in (anna, marco):
        member.services.set([service])
        for weekday in range(7):
            WorkingHours.objects.create(
                tenant=tenant,
                staff=member,
                weekday=weekday,
                start_time=datetime.time(8),
                end_time=datetime.time(20),
            )
    owner = membership_create(
        tenant=tenant, email=f"owner@{slug}.test", role=Role.OWNER, password=PASSWORD
    )
    manager = membership_create(
        tenant=tenant, email=f"manager@{slug}.test", role=Role.MANAGER, password=PASSWORD
    )
    staff_login = membership_create(
        tenant=tenant, email=f"marco@{slug}.test", role=Role.STAFF, staff=marco, password=PASSWORD
    )
    client = Client.objects.create(tenant=tenant, name=f"Client {slug}", email=f"c@{slug}.test")
    start = (
        (timezone.now() + datetime.timedelta(days=3))
        .astimezone(tenant.zone)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    booking = Booking.objects.create(
        tenant=tenant,
        client=client,
        status=Booking.Status.CONFIRMED,
        first_start=start,
        confirmed_at=timezone.now(),
    )
    Reservation.objects.create(
        tenant=tenant,
        staff=anna,
        service=service,
        booking=booking,
        start=start,
        end=start + datetime.timedelta(hours=1),
        blocked_start=start,
        blocked_end=start + datetime.timedelta(hours=1),
        state=Reservation.State.BOOKED,
        live=True,
    )
    today = timezone.now().astimezone(tenant.zone).date()
    day_off = DayOff.objects.create(
        tenant=tenant,
        staff=anna,
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=21),
        reason="Holiday",
    )
    key, _ = api_key_create(tenant=tenant, name=f"key {slug}")
    invitation = Invitation.objects.create(
        tenant=tenant,
        email=f"new@{slug}.test",
        role=Role.MANAGER,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return Business(
        tenant,
        service,
        anna,
        marco,
        owner,
        manager,
        staff_login,
        booking,
        day_off,
        str(key.pk),
        invitation,
    )


@pytest.fixture
def business_a(db) -> Business:
    return _business("alpha")


@pytest.fixture
def business_b(db) -> Business:
    return _business("beta")


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, dict]]:
    sent: list[tuple[str, dict]] = []

    class RecordingApp:
        def send_task(self, name, kwargs, **options):
            sent.append((name, kwargs))

    monkeypatch.setattr("config.celery.app", RecordingApp())
    return sent


def signed_in(membership: Membership) -> BrowserClient:
    browser = BrowserClient(enforce_csrf_checks=False)
    response = browser.post(
        "/office/login/", {"email": membership.user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    return browser
