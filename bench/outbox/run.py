"""Outbox benchmark: what the transactional outbox costs a booking, and how soon the emails
go out once a dead broker is back.

1. Cost. In one process with the booking service's code (PostgreSQL database
   `bench_outbox_booking` on BENCH_PG, Redis BENCH_OUTBOX_REDIS), BENCH_BOOKINGS (default 40)
   bookings through the public API (hold, then book), alternating the outbox path (the row
   written in the transaction, relayed after commit) with the plain path it replaced
   (`send_task` after commit, nothing written). Prints the p50 and p95 of the booking request
   on each path and the difference.
2. Recovery. The whole platform (deploy/stack.py) on a throwaway redis-server and PostgreSQL
   cluster: Redis is killed, BENCH_DOWN_BOOKINGS (default 10) bookings are made while it is
   down, Redis is started again; prints the seconds from its return to the last of their
   emails (three a booking), and how long the bookings took while it was down.

It asserts nothing: it prints figures. `make bench` or `.venv/bin/python bench/outbox/run.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))
sys.path.insert(0, str(REPO))

BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "40"))
DOWN_BOOKINGS = int(os.environ.get("BENCH_DOWN_BOOKINGS", "10"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_OUTBOX_REDIS", "redis://127.0.0.1:6379/14")
EMAILS_TIMEOUT = 180.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def cost() -> None:
    import psycopg

    database = "bench_outbox_booking"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    os.environ.update(
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(REPO / "services" / "booking"))
    import django

    django.setup()
    import datetime

    from contracts.celery import payload_kwargs
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from booking.catalog.tests.factories import ServiceFactory
    from booking.reservations import events
    from booking.reservations.services import bookings, cancellation, maintenance, manage
    from booking.reservations.tests.conftest import Widget, at, bookable_staff
    from booking.tenants.tests.factories import TenantFactory

    publishers = (events, bookings, cancellation, maintenance, manage)
    outbox_path = events.publish_after_commit

    def plain_path(name, payload):
        """What the outbox replaced: publish after commit, nothing written."""
        from config.celery import app

        kwargs = payload_kwargs(payload)
        transaction.on_commit(lambda: app.send_task(name, kwargs=kwargs))

    def use(publish) -> None:
        for module in publishers:
            if hasattr(module, "publish_after_commit"):
                module.publish_after_commit = publish

    tenant = TenantFactory(slug=f"bench-{uuid.uuid4().hex[:6]}", timezone="Europe/Zurich")
    service = ServiceFactory(tenant=tenant, name="Session", duration_minutes=30)
    staff = bookable_staff(tenant, service)
    first_day = (datetime.datetime.now(tenant.zone) + datetime.timedelta(days=2)).date()
    starts = [
        at(tenant, first_day + datetime.timedelta(days=n // 20), 8 + (n % 20) // 2, 30 * (n % 2))
        for n in range(BOOKINGS + 2)
    ]
    timings: dict[str, list[float]] = {"outbox": [], "plain": []}
    for n, start in enumerate(starts):
        path = "outbox" if n % 2 == 0 else "plain"
        use(outbox_path if path == "outbox" else plain_path)
        widget = Widget(tenant)
        assert widget.hold(service, staff, start).status_code == 201
        began = time.perf_counter()
        response = widget.book(email=f"c{n}@bench.example")
        took = (time.perf_counter() - began) * 1000
        assert response.status_code == 201, response.content
        if n >= 2:  # the first of each path warms up
            timings[path].append(took)
    use(outbox_path)
    outbox, plain = timings["outbox"], timings["plain"]
    print(f"booking request, {len(outbox)} + {len(plain)} bookings (ms):")
    print(f"  plain path (send after commit)  p50 {statistics.median(plain):6.1f}"
          f"  p95 {percentile(plain, 0.95):6.1f}")  # fmt: skip
    print(f"  outbox (row + relay)            p50 {statistics.median(outbox):6.1f}"
          f"  p95 {percentile(outbox, 0.95):6.1f}")  # fmt: skip
    print(f"  added by the outbox             p50 "
          f"{statistics.median(outbox) - statistics.median(plain):+6.1f} ms a booking")  # fmt: skip


def recovery() -> None:
    from stack import Stack

    from tests.conftest import Gateway
    from tests.throwaway_servers import ThrowawayPostgres, ThrowawayRedis

    components = [
        "smtp",
        "booking",
        "booking-worker",
        "booking-beat",
        "notifications-urgent",
        "notifications-bulk",
        "gateway",
    ]
    with ThrowawayPostgres() as postgres, ThrowawayRedis() as broker:
        stack = Stack(
            name="bench_outbox",
            components=components,
            postgres=postgres.url,
            redis_url=broker.url(0),
            var_dir=REPO / "var" / "bench" / "outbox",
            fresh=True,
            env={"GATEWAY_RATE_BOOKINGS": "100r/s", "GATEWAY_BURST_BOOKINGS": "100"},
        )
        with stack:
            demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
            slug, service = demo["tenant"], demo["services"]["Consultation"]
            http = Gateway(stack.gateway_url)
            slots: list[dict] = []
            day = date.today() + timedelta(days=2)
            while len(slots) < DOWN_BOOKINGS:
                answer = http.get(
                    f"/api/booking/v1/public/{slug}/slots",
                    params={"service": service, "staff": "any", "date": day.isoformat()},
                )
                slots += answer.json()["slots"]
                day += timedelta(days=1)
            before = set(stack.mail_dir.rglob("*.eml"))
            broker.kill()

            def book(slot: dict) -> float:
                began = time.monotonic()
                with Gateway(stack.gateway_url) as session:
                    hold = session.post(
                        f"/api/booking/v1/public/{slug}/holds",
                        json={"service": service, "staff": slot["staff"]["id"],
                              "start": slot["start"]},
                    )  # fmt: skip
                    made = session.post(
                        f"/api/booking/v1/public/{slug}/bookings",
                        headers={"X-Cart-Token": hold.json()["cart_token"]},
                        json={
                            "client": {
                                "name": "Bench",
                                "email": f"{uuid.uuid4().hex[:8]}@bench.example",
                                "phone": "+41 79 000 00 00",
                            },
                            "payment": "none",
                        },
                    )
                    assert made.status_code == 201, made.text
                return time.monotonic() - began

            with ThreadPoolExecutor(max_workers=3) as pool:
                took = list(pool.map(book, slots[:DOWN_BOOKINGS]))
            time.sleep(2)
            broker.start()
            back = time.time()
            expected = 3 * DOWN_BOOKINGS
            deadline = time.monotonic() + EMAILS_TIMEOUT
            while True:
                new = [p for p in stack.mail_dir.rglob("*.eml") if p not in before]
                if len(new) >= expected or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            last = max((p.stat().st_mtime for p in new), default=back)
            print(f"broker down: {DOWN_BOOKINGS} bookings answered 201, "
                  f"p50 {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms")  # fmt: skip
            print(f"broker back: {len(new)}/{expected} emails, the last "
                  f"{last - back:.1f} s after Redis returned")  # fmt: skip


if __name__ == "__main__":
    cost()
    recovery()
