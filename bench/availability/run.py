"""Availability benchmark: a month calendar and one day's slots, through the gateway.

A tenant with 20 staff members (Monday-Friday 09:00-17:00, a 30-minute grid) and about
4,000 booked reservations over next month. Measured through nginx and gunicorn (two
workers) started by deploy/stack.py; PostgreSQL database `bench_availability`, Redis
database 9 for the cache. Prints p50/p95 milliseconds and SQL queries per request for:
the month calendar and one day's slots, for one staff member and for `staff=any`, each
cold (the tenant's cached availability invalidated before every request) and warm.

It asserts nothing: it prints figures. Run with `make bench` or
`.venv/bin/python bench/availability/run.py`.
"""

import datetime
import http.client
import json
import os
import random
import statistics
import sys
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booking_database import (  # noqa: E402
    percentile,
    recreate_booking_database,
    use_booking_database,
)

DATABASE = "bench_availability"
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
DATABASE_URL = use_booking_database(DATABASE, REDIS_URL)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
STAFF = 20
BOOKED_HALF_HOURS_A_DAY = 9  # of 16: about 4,000 reservations over a month's weekdays
ZONE = zoneinfo.ZoneInfo("Europe/Zurich")


def seed(next_month: datetime.date):
    """The tenant, two services, 20 staff and ~4,000 booked half hours. Returns the ids."""
    from booking.catalog.models import Service, Staff, WorkingHours
    from booking.reservations.models import Reservation
    from booking.tenants.models import Tenant

    tenant = Tenant.objects.create(
        slug="bench", name="Bench studio", plan="business", timezone="Europe/Zurich"
    )
    portrait = Service.objects.create(tenant=tenant, name="Portrait", duration_minutes=60)
    consultation = Service.objects.create(tenant=tenant, name="Consultation", duration_minutes=30)
    staff = Staff.objects.bulk_create(
        Staff(tenant=tenant, name=f"Photographer {n:02}", slot_interval_minutes=30)
        for n in range(STAFF)
    )
    for member in staff:
        member.services.add(portrait, consultation)
    WorkingHours.objects.bulk_create(
        WorkingHours(
            tenant=tenant,
            staff=member,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(17),
        )
        for member in staff
        for weekday in range(5)
    )
    rng = random.Random(7)
    half_hour = datetime.timedelta(minutes=30)
    reservations = []
    day = next_month
    while day.month == next_month.month:
        if day.weekday() < 5:
            opening = datetime.datetime.combine(day, datetime.time(9), tzinfo=ZONE)
            for member in staff:
                for k in rng.sample(range(16), BOOKED_HALF_HOURS_A_DAY):
                    start = opening + k * half_hour
                    reservations.append(
                        Reservation(
                            tenant=tenant,
                            staff=member,
                            service=consultation,
                            start=start,
                            end=start + half_hour,
                            blocked_start=start,
                            blocked_end=start + half_hour,
                            state=Reservation.State.BOOKED,
                            live=True,
                            expires_at=None,
                        )
                    )
        day += datetime.timedelta(days=1)
    Reservation.objects.bulk_create(reservations, batch_size=1000)
    return tenant, portrait, staff, len(reservations)


def main() -> None:
    recreate_booking_database(DATABASE)
    import django

    django.setup()
    from booking.availability.cache import availability_changed_for_tenant
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from stack import Stack

    today = datetime.datetime.now(ZONE).date()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    tenant, portrait, staff, booked = seed(next_month)
    a_tuesday = next_month + datetime.timedelta(days=(1 - next_month.weekday()) % 7 + 7)
    print(
        f"tenant: {STAFF} staff, {booked} booked reservations in {next_month:%Y-%m}; "
        f"{REQUESTS} requests per case"
    )

    base = f"/api/booking/v1/public/{tenant.slug}"
    cases = [
        ("month calendar, one staff", "calendar", {"staff": staff[0].id, "month": next_month}),
        ("month calendar, staff=any", "calendar", {"staff": "any", "month": next_month}),
        ("day slots, one staff", "slots", {"staff": staff[0].id, "date": a_tuesday}),
        ("day slots, staff=any", "slots", {"staff": "any", "date": a_tuesday}),
    ]

    def path_of(endpoint: str, params: dict) -> str:
        query = {"service": portrait.id, **params}
        if "month" in query:
            query["month"] = query["month"].strftime("%Y-%m")
        return f"{base}/{endpoint}?{urlencode(query)}"

    def invalidate() -> None:
        availability_changed_for_tenant(tenant_id=tenant.id)

    # SQL queries per request, counted in-process (the same code the gunicorns run).
    client = Client()
    queries = {}
    for label, endpoint, params in cases:
        invalidate()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(path_of(endpoint, params)).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(path_of(endpoint, params)).status_code == 200
        queries[label] = (len(cold.captured_queries), len(warm.captured_queries))
    connection.close()

    stack = Stack(
        name="bench_availability",
        components=["booking", "gateway"],
        postgres=None,  # the database is ours: DATABASE_URL below
        redis_url=REDIS_URL,
        env={"DATABASE_URL": DATABASE_URL, "LOG_LEVEL": "WARNING"},
        booking_workers=2,
    )
    with stack:
        gateway = urlsplit(stack.gateway_url)
        conn = http.client.HTTPConnection(gateway.hostname, gateway.port, timeout=30)

        def timed_get(path: str) -> float:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"{path}: {response.status} {body[:300]!r}")
            return elapsed

        # Both gunicorn workers warm (imports, connections) before measuring.
        for _ in range(10):
            timed_get(path_of("slots", cases[2][2]))
        sample = json.loads(_get_body(conn, path_of("calendar", cases[1][2])))
        statuses = [day["status"] for day in sample["days"]]

        print(f"through the gateway {stack.gateway_url} (nginx -> gunicorn, 2 workers)")
        print(f"{'case':<28} {'cache':<5} {'p50 ms':>8} {'p95 ms':>8} {'SQL/req':>8}")
        # The floor: the same path through nginx and gunicorn to a view that does nothing.
        floor = [timed_get("/api/booking/healthz") for _ in range(REQUESTS)]
        print(
            f"{'healthz (the floor)':<28} {'-':<5} {statistics.median(floor):>8.1f} "
            f"{percentile(floor, 0.95):>8.1f} {0:>8}"
        )
        for label, endpoint, params in cases:
            path = path_of(endpoint, params)
            for mode in ("cold", "warm"):
                timings = []
                for _ in range(REQUESTS):
                    if mode == "cold":
                        invalidate()
                    timings.append(timed_get(path))
                count = queries[label][0 if mode == "cold" else 1]
                print(
                    f"{label:<28} {mode:<5} {statistics.median(timings):>8.1f} "
                    f"{percentile(timings, 0.95):>8.1f} {count:>8}"
                )
        conn.close()
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"machine load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
        print(
            "month statuses (staff=any): "
            + ", ".join(f"{s}={statuses.count(s)}" for s in sorted(set(statuses)))
        )


def _get_body(conn, path: str) -> bytes:
    conn.request("GET", path)
    return conn.getresponse().read()


if __name__ == "__main__":
    main()
