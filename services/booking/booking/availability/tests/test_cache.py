"""The cache answers repeated reads, and every change invalidates exactly what it changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.availability import selectors
from booking.availability.cache import (
    availability_changed_for_staff,
    availability_changed_for_tenant,
    versions_replace,
)
from booking.availability.snapshot import SNAPSHOT_LOAD_QUERIES
from booking.catalog.models import Service
from booking.tenants.models import Tenant

from .conftest import MONDAY, NOW, at, reserve, staff_working

URL = "/api/booking/v1/public/studio/slots"
TUESDAY = MONDAY + datetime.timedelta(days=1)


def read(api_client, service, staff, day=MONDAY) -> tuple[list[str], int]:
    """The offered start times of a day and how many SQL queries answering took."""
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(
            URL, {"service": service.id, "staff": staff.id, "date": day.isoformat()}
        )
    assert response.status_code == 200
    return [slot["start"][11:16] for slot in response.json()["slots"]], len(
        captured.captured_queries
    )


@pytest.fixture
def anna(tenant, service):
    return staff_working(tenant, service, "Anna", hours=[(9, 0, 11, 0)])


@pytest.fixture
def bert(tenant, service):
    return staff_working(tenant, service, "Bert", hours=[(9, 0, 11, 0)])


def test_a_booking_disappears_at_once_when_its_writer_calls_the_hook(
    api_client, tenant, service, anna
):
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]
    reserve(anna, service, at(MONDAY, 9))
    # Without the hook the cached answer still stands: proof that it is cached.
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]

    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    assert read(api_client, service, anna)[0] == ["10:00"]


def test_a_hold_reappears_when_it_expires_with_no_write(
    api_client, tenant, service, anna, frozen_now
):
    reserve(anna, service, at(MONDAY, 10), expires_at=NOW + datetime.timedelta(minutes=5))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    assert read(api_client, service, anna)[0] == ["09:00"]
    frozen_now["now"] = NOW + datetime.timedelta(minutes=5)
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]


def test_changing_one_staff_member_keeps_the_others_cached(api_client, tenant, service, anna, bert):
    read(api_client, service, anna)
    _, cold = read(api_client, service, bert)
    read(api_client, service, bert, TUESDAY)
    _, warm = read(api_client, service, bert)
    assert warm < cold

    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=None)
    assert read(api_client, service, bert)[1] == warm
    assert read(api_client, service, anna)[1] == cold

    # A date far from the change stays cached too.
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=bert.id, dates=[MONDAY])
    assert read(api_client, service, bert, TUESDAY)[1] == cold  # the neighbouring date
    read(api_client, service, bert, MONDAY + datetime.timedelta(days=7))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=bert.id, dates=[MONDAY])
    assert read(api_client, service, bert, MONDAY + datetime.timedelta(days=7))[1] == warm


def test_a_tenant_change_invalidates_everyone(api_client, tenant, service, anna, bert):
    read(api_client, service, anna)
    _, cold = read(api_client, service, bert)
    availability_changed_for_tenant(tenant_id=tenant.id)
    # The first read after it also reloads the tenant's catalog snapshot (snapshot.py).
    assert read(api_client, service, anna)[1] == cold + SNAPSHOT_LOAD_QUERIES
    assert read(api_client, service, bert)[1] == cold


# A read uses this process's snapshot of the tenant without checking it first: the token
# comes back with the cached days (snapshot.tenant_unchecked). Another process's write is
# the row without this process's signals, then the tenant's new token.


def test_a_service_changed_by_another_process_reaches_the_next_read(
    api_client, tenant, service, anna
):
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]
    Service.objects.filter(pk=service.pk).update(duration_minutes=120)
    # Until the token moves, the snapshot and the days stand: proof that they are kept.
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]

    versions_replace(tenant_id=tenant.id)

    assert read(api_client, service, anna)[0] == ["09:00"]


def test_a_horizon_widened_by_another_process_reaches_a_day_that_was_beyond_it(
    api_client, tenant, service, anna
):
    Tenant.objects.filter(pk=tenant.pk).update(booking_horizon_days=3)
    versions_replace(tenant_id=tenant.id)
    # Beyond the horizon nothing is read from the cache: the token is checked on its own.
    assert read(api_client, service, anna)[0] == []
    Tenant.objects.filter(pk=tenant.pk).update(booking_horizon_days=30)
    assert read(api_client, service, anna)[0] == []

    versions_replace(tenant_id=tenant.id)

    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]


def test_a_horizon_widened_by_another_process_reaches_the_calendar(
    api_client, tenant, service, anna
):
    def monday_status() -> str:
        response = api_client.get(
            URL.replace("/slots", "/calendar"),
            {"service": service.id, "staff": anna.id, "month": "2026-11"},
        )
        assert response.status_code == 200
        return {day["date"]: day["status"] for day in response.json()["days"]}[MONDAY.isoformat()]

    Tenant.objects.filter(pk=tenant.pk).update(booking_horizon_days=3)
    versions_replace(tenant_id=tenant.id)
    assert monday_status() == "out_of_range"
    Tenant.objects.filter(pk=tenant.pk).update(booking_horizon_days=30)
    assert monday_status() == "out_of_range"

    versions_replace(tenant_id=tenant.id)

    assert monday_status() == "available"


def test_an_edited_service_never_meets_its_old_entries(api_client, tenant, service, anna):
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]
    service.duration_minutes = 120
    service.save()  # even if no hook were called
    assert read(api_client, service, anna)[0] == ["09:00"]


def test_a_write_landing_while_a_reader_computes_does_not_leave_a_stale_entry(
    api_client, tenant, service, anna, monkeypatch
):
    """The reader reads the versions before the database, the writer bumps them after commit."""
    compute = selectors._days_compute

    def compute_then_a_booking_commits(**kwargs):
        computed = compute(**kwargs)
        reserve(anna, service, at(MONDAY, 9))
        availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
        return computed

    monkeypatch.setattr(selectors, "_days_compute", compute_then_a_booking_commits)
    assert read(api_client, service, anna)[0] == ["09:00", "09:30", "10:00"]
    monkeypatch.setattr(selectors, "_days_compute", compute)
    assert read(api_client, service, anna)[0] == ["10:00"]


def test_an_evicted_version_never_revives_an_old_entry(api_client, tenant, service, anna):
    from django.core.cache import cache

    read(api_client, service, anna)
    reserve(anna, service, at(MONDAY, 9))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    cache.delete(f"av:d:{anna.id.hex}:{MONDAY.toordinal()}")  # as an eviction would
    assert read(api_client, service, anna)[0] == ["10:00"]
