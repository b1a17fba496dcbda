"""Availability reads a fixed number of rows sets however many days and staff it covers."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.availability.cache import availability_changed_for_tenant
from booking.availability.snapshot import SNAPSHOT_LOAD_QUERIES

from .conftest import MONDAY, at, cart_create, reserve, staff_working

BASE = "/api/booking/v1/public/studio"


def count_queries(api_client, path, query, headers=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(f"{BASE}/{path}", query, headers=headers or {})
    assert response.status_code == 200, response.json()
    return len(captured.captured_queries)


def test_query_count_is_the_same_for_one_staff_one_day_and_twenty_staff_a_month(
    api_client, tenant, service
):
    anna = staff_working(tenant, service, "Anna")
    small_slots = count_queries(
        api_client, "slots", {"service": service.id, "staff": anna.id, "date": MONDAY}
    )
    small_calendar = count_queries(
        api_client, "calendar", {"service": service.id, "staff": anna.id, "month": "2026-11"}
    )

    team = [staff_working(tenant, service, f"Member {n:02}") for n in range(19)]
    for n, member in enumerate(team):
        for day in range(2, 28):
            date = datetime.date(2026, 11, day)
            if date.weekday() < 5:
                reserve(member, service, at(date, 9 + n % 3))
    cart_create(tenant, "tok")
    availability_changed_for_tenant(tenant_id=tenant.id)

    big_slots = count_queries(
        api_client, "slots", {"service": service.id, "staff": "any", "date": MONDAY}
    )
    big_calendar = count_queries(
        api_client,
        "calendar",
        {"service": service.id, "staff": "any", "month": "2026-11", "tz": "America/New_York"},
    )
    # Each first read after a tenant change reloads the catalog snapshot (snapshot.py).
    assert big_slots == small_slots <= 6
    assert big_calendar == small_calendar <= 6 - SNAPSHOT_LOAD_QUERIES
    # Twenty staff for a month as one staff for a day.
    assert big_calendar == small_slots - SNAPSHOT_LOAD_QUERIES
    # The cart adds its own two queries, no more.
    with_cart = count_queries(
        api_client, "calendar", {"service": service.id, "month": "2026-12"}, {"X-Cart-Token": "tok"}
    )
    assert with_cart == small_calendar + 2


def test_a_cached_answer_skips_the_schedule_and_reservation_queries(api_client, tenant, service):
    staff_working(tenant, service, "Anna")
    query = {"service": service.id, "month": "2026-11"}
    cold = count_queries(api_client, "calendar", query)
    warm = count_queries(api_client, "calendar", query)
    # Cold: the catalog snapshot's load, then the schedule and the reservations (three).
    assert cold == SNAPSHOT_LOAD_QUERIES + 3
    # Warm: the snapshot and the cached days, checked by their versions in the cache.
    assert warm == 0
