"""Wiring for the hold and booking tests: a bookable service, a movable clock, API calls."""

import datetime
import itertools
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from booking.catalog.tests.factories import ServiceFactory, StaffFactory, WorkingHoursFactory
from booking.reservations.models import Reservation


@dataclass
class Clock:
    now: datetime.datetime

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The clock, moved by the test instead of waiting.

    Django's own clock moves with it, so row timestamps (created_at) agree with it.
    """
    moved = Clock(now=timezone.now())
    monkeypatch.setattr("django.utils.timezone.now", lambda: moved.now)
    return moved


def bookable_staff(tenant, service, name="Anna"):
    staff = StaffFactory(tenant=tenant, name=name, email=f"{name.lower()}@studio.test")
    staff.services.set([service])
    for weekday in range(7):
        WorkingHoursFactory(
            tenant=tenant,
            staff=staff,
            weekday=weekday,
            start_time=datetime.time(8),
            end_time=datetime.time(20),
        )
    return staff


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, dict]]:
    """Tasks published after commit, by name (the broker itself is tested in test_broker;
    the outbox the tasks pass through in test_outbox)."""
    sent: list[tuple[str, dict]] = []

    class RecordingApp:
        def send_task(self, name, kwargs, **options):
            sent.append((name, kwargs))

    monkeypatch.setattr("config.celery.app", RecordingApp())
    return sent


@pytest.fixture
def service(tenant):
    return ServiceFactory(tenant=tenant, name="Portrait session", duration_minutes=60)


@pytest.fixture
def staff(tenant, service):
    return bookable_staff(tenant, service)


@pytest.fixture
def day(tenant) -> datetime.date:
    """A day three days ahead, inside the booking horizon."""
    return (timezone.now().astimezone(tenant.zone) + datetime.timedelta(days=3)).date()


def at(tenant, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tenant.zone)


@pytest.fixture
def five_pm(tenant, day) -> datetime.datetime:
    return at(tenant, day, 17)


_networks = itertools.count(1)


def new_address() -> str:
    """A client address no other widget of the run has (the caps count per address)."""
    n = next(_networks)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class Widget:
    """One browser: its own HTTP client and cart token, speaking the public API.

    Each one calls from its own address unless given one: browsers racing for a start are
    different customers, and the caps per address (test_address_caps) serialise one
    address's requests.
    """

    def __init__(self, tenant, client: APIClient | None = None, *, address: str | None = None):
        self.tenant = tenant
        self.address = address or new_address()
        self.http = client or APIClient(REMOTE_ADDR=self.address)
        self.cart_token: str | None = None

    def url(self, path: str) -> str:
        return f"/api/booking/v1/public/{self.tenant.slug}/{path}"

    def headers(self, idempotency_key: str | None = None) -> dict:
        headers = {}
        if self.cart_token:
            headers["HTTP_X_CART_TOKEN"] = self.cart_token
        if idempotency_key:
            headers["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
        return headers

    def hold(self, service, staff, start, *, key: str | None = None):
        response = self.http.post(
            self.url("holds"),
            {"service": str(service.id), "staff": str(staff.id), "start": start.isoformat()},
            format="json",
            **self.headers(key),
        )
        if response.status_code == 201:
            self.cart_token = response.json()["cart_token"]
        return response

    def extend(self, hold_id, *, key: str | None = None):
        return self.http.post(self.url(f"holds/{hold_id}/extend"), **self.headers(key))

    def release(self, hold_id):
        return self.http.delete(self.url(f"holds/{hold_id}"), **self.headers())

    def book(
        self,
        *,
        email="new.client@example.com",
        name="Nora Client",
        payment="none",
        reminder=False,
        key: str | None = None,
    ):
        body = {
            "client": {"name": name, "email": email, "phone": "+41 79 000 00 00"},
            "note": "First visit",
            "reminder": reminder,
            "payment": payment,
        }
        return self.http.post(self.url("bookings"), body, format="json", **self.headers(key))

    def verify(self, booking_id, code, *, key: str | None = None):
        return self.http.post(
            self.url(f"bookings/{booking_id}/verify"),
            {"code": code},
            format="json",
            **self.headers(key),
        )

    def resend(self, booking_id, *, key: str | None = None):
        return self.http.post(self.url(f"bookings/{booking_id}/resend-code"), **self.headers(key))


@pytest.fixture
def widget(tenant) -> Widget:
    return Widget(tenant)


@pytest.fixture
def other_widget(tenant) -> Widget:
    return Widget(tenant)


def live_overlaps(staff_id=None) -> int:
    """Pairs of live claims of one staff member whose times overlap, found by SQL."""
    from django.db import connection

    sql = """
        SELECT count(*) FROM reservations_reservation a
        JOIN reservations_reservation b
          ON a.staff_id = b.staff_id AND a.id < b.id
         AND a.live AND b.live
         AND tstzrange(a.blocked_start, a.blocked_end) && tstzrange(b.blocked_start, b.blocked_end)
    """
    params: list = []
    if staff_id is not None:
        sql += " WHERE a.staff_id = %s"
        params.append(staff_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def new_key() -> str:
    return str(uuid.uuid4())


def live_claims(staff) -> list[Reservation]:
    return list(Reservation.objects.filter(staff=staff, live=True))
