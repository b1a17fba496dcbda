"""A day with one start (17:00-18:00, a one-hour service): one hold makes it full."""

import datetime

import pytest
from django.utils import timezone

from booking.catalog.tests.factories import ServiceFactory, StaffFactory, WorkingHoursFactory
from booking.reservations.tests.conftest import Widget, at


@pytest.fixture
def service(tenant):
    return ServiceFactory(tenant=tenant, name="Portrait session", duration_minutes=60)


@pytest.fixture
def staff(tenant, service):
    person = StaffFactory(tenant=tenant, name="Anna", email="anna@studio.test")
    person.services.set([service])
    for weekday in range(7):
        WorkingHoursFactory(
            tenant=tenant,
            staff=person,
            weekday=weekday,
            start_time=datetime.time(17),
            end_time=datetime.time(18),
        )
    return person


@pytest.fixture
def day(tenant) -> datetime.date:
    return (timezone.now().astimezone(tenant.zone) + datetime.timedelta(days=3)).date()


@pytest.fixture
def full_day(tenant, service, staff, day):
    """The day's only start held by someone; answers (widget, hold id)."""
    holder = Widget(tenant)
    held = holder.hold(service, staff, at(tenant, day, 17))
    assert held.status_code == 201, held.content
    return holder, held.json()["id"]


def join(widget: Widget, service, day, email: str, staff="any"):
    return widget.http.post(
        widget.url("waitlist"),
        {
            "service": str(service.id),
            "staff": staff if staff == "any" else str(staff.id),
            "date": day.isoformat(),
            "email": email,
        },
        format="json",
    )
