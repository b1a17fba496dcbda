import datetime
import zoneinfo

import pytest

from booking.availability.selectors import schedule_allows_start
from booking.catalog.tests.factories import (
    DayOffFactory,
    ServiceFactory,
    StaffFactory,
    WorkingHoursFactory,
)

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
# A Monday long before the slots asked for below.
NOW = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=ZURICH)
MONDAY = datetime.date(2026, 11, 9)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZURICH)


@pytest.fixture
def setup(tenant):
    service = ServiceFactory(tenant=tenant, duration_minutes=60)
    staff = StaffFactory(tenant=tenant, services=[service], slot_interval_minutes=30)
    WorkingHoursFactory(
        staff=staff, weekday=0, start_time=datetime.time(9), end_time=datetime.time(12)
    )
    return tenant, service, staff


def allows(setup, start, now=NOW):
    tenant, service, staff = setup
    return schedule_allows_start(tenant=tenant, service=service, staff=staff, start=start, now=now)


def test_a_start_on_the_grid_inside_working_hours_is_allowed(setup):
    assert allows(setup, at(MONDAY, 9))
    assert allows(setup, at(MONDAY, 11))
    assert allows(setup, at(MONDAY, 9).astimezone(datetime.UTC))


def test_starts_off_the_grid_or_not_fitting_are_refused(setup):
    assert not allows(setup, at(MONDAY, 9, 15))
    assert not allows(setup, at(MONDAY, 11, 30))  # would end 12:30, after work
    assert not allows(setup, at(MONDAY, 8, 30))
    assert not allows(setup, at(MONDAY + datetime.timedelta(days=1), 9))  # no hours on Tuesday


def test_a_day_off_is_refused(setup):
    tenant, _, staff = setup
    DayOffFactory(staff=staff, start_date=MONDAY, end_date=MONDAY)
    assert not allows(setup, at(MONDAY, 9))


def test_past_notice_and_horizon_are_refused(setup):
    tenant, _, _ = setup
    assert not allows(setup, at(MONDAY, 9), now=at(MONDAY, 9, 1))
    tenant.minimum_notice_minutes = 120
    assert not allows(setup, at(MONDAY, 10), now=at(MONDAY, 8, 30))
    assert allows(setup, at(MONDAY, 10, 30), now=at(MONDAY, 8, 30))
    tenant.minimum_notice_minutes = 0
    tenant.booking_horizon_days = 6
    assert not allows(setup, at(MONDAY, 9), now=NOW)
    tenant.booking_horizon_days = 7
    assert allows(setup, at(MONDAY, 9), now=NOW)
