import datetime
import zoneinfo

import pytest

from booking.catalog.tests.factories import ServiceFactory, StaffFactory, WorkingHoursFactory
from booking.reservations.models import Cart, Reservation
from booking.reservations.selectors import cart_token_hash

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
# "Now" in these tests: Monday 2 November 2026, 08:00 in Zurich.
NOW = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=ZURICH)
MONDAY = datetime.date(2026, 11, 9)


def at(day: datetime.date, hour: int, minute: int = 0, zone=ZURICH) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def reserve(staff, service, start, *, expires_at=None, cart=None) -> Reservation:
    """A live reservation as the holds and bookings code would write it."""
    end = start + datetime.timedelta(minutes=service.duration_minutes)
    return Reservation.objects.create(
        tenant=staff.tenant,
        staff=staff,
        service=service,
        cart=cart,
        start=start,
        end=end,
        blocked_start=start - datetime.timedelta(minutes=service.buffer_before_minutes),
        blocked_end=end + datetime.timedelta(minutes=service.buffer_after_minutes),
        state=Reservation.State.BOOKED if expires_at is None else Reservation.State.HELD,
        expires_at=expires_at,
    )


def cart_create(tenant, token: str) -> Cart:
    return Cart.objects.create(tenant=tenant, token_hash=cart_token_hash(token))


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """Every request in these tests happens at NOW unless a test moves the clock."""
    clock = {"now": NOW}
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    return clock


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(tenant):
    return ServiceFactory(tenant=tenant, name="Portrait", duration_minutes=60)


def staff_working(tenant, service, name, hours=((9, 0, 12, 0),), weekdays=range(5), interval=30):
    member = StaffFactory(
        tenant=tenant, name=name, services=[service], slot_interval_minutes=interval
    )
    for weekday in weekdays:
        for h1, m1, h2, m2 in hours:
            WorkingHoursFactory(
                staff=member,
                weekday=weekday,
                start_time=datetime.time(h1, m1),
                end_time=datetime.time(h2, m2),
            )
    return member
