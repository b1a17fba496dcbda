"""Holds benchmark: many clients storm a few starts through the gateway.

32 concurrent keep-alive connections (BENCH_CONNECTIONS) send POST /holds for a few
(staff, start) pairs of one tenant for a bounded time and count (BENCH_SECONDS,
BENCH_REQUESTS); a client that wins releases its hold again (DELETE) so the starts stay
contested. Through nginx and gunicorn (BENCH_WORKERS sync workers) started by
deploy/stack.py; PostgreSQL database `bench_holds`, Redis database 8.

Prints holds a second, p50/p99 latency of the POSTs, the counts of 201, 409, 429 and
5xx, and the overlapping live claims that SQL finds afterwards (the target is 0). In the
same run it measures raw single-row inserts with one commit each on the same database,
over as many connections, and prints the ratio. Targets on the 2-core machine: p99 under
50 ms at 32 connections, 0 server errors, 0 overlaps, at least 40% of the raw insert rate.

It asserts nothing: it prints figures. Run with `make bench` or
`.venv/bin/python bench/holds/run.py`.
"""

import datetime
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import zoneinfo
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booking_database import (  # noqa: E402
    percentile,
    recreate_booking_database,
    use_booking_database,
)

DATABASE = "bench_holds"
REDIS_URL = os.environ.get("BENCH_HOLDS_REDIS", "redis://127.0.0.1:6379/8")
DATABASE_URL = use_booking_database(DATABASE, REDIS_URL)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
MAX_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "6000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
STAFF = 3
STARTS_PER_STAFF = 4  # 12 contested (staff, start) pairs, some of them overlapping
ZONE = zoneinfo.ZoneInfo("Europe/Zurich")


def seed():
    """A tenant with a 1-hour service, a few staff working every day, and the contested starts."""
    from booking.catalog.models import Service, Staff, WorkingHours
    from booking.tenants.models import Tenant

    # Every simulated client connects from 127.0.0.1: lift the cap per address (issue 16),
    # which would otherwise answer most of the storm with 403/429 before the staff lock.
    tenant = Tenant.objects.create(
        slug="bench",
        name="Bench studio",
        plan="business",
        timezone="Europe/Zurich",
        max_live_holds_per_address=100,
    )
    service = Service.objects.create(tenant=tenant, name="Portrait", duration_minutes=60)
    staff = Staff.objects.bulk_create(
        Staff(tenant=tenant, name=f"Photographer {n}", slot_interval_minutes=30)
        for n in range(STAFF)
    )
    for member in staff:
        member.services.add(service)
    WorkingHours.objects.bulk_create(
        WorkingHours(
            tenant=tenant,
            staff=member,
            weekday=weekday,
            start_time=datetime.time(8),
            end_time=datetime.time(20),
        )
        for member in staff
        for weekday in range(7)
    )
    day = datetime.datetime.now(ZONE).date() + datetime.timedelta(days=2)
    # 10:00, 10:30, 11:00, 11:30: neighbours overlap for a 1-hour service.
    starts = [
        datetime.datetime.combine(day, datetime.time(10), tzinfo=ZONE)
        + datetime.timedelta(minutes=30 * k)
        for k in range(STARTS_PER_STAFF)
    ]
    targets = [
        json.dumps({"service": str(service.id), "staff": str(m.id), "start": s.isoformat()})
        for m in staff
        for s in starts
    ]
    return tenant, targets


def raw_insert_rate(connections: int, seconds: float) -> float:
    """Single-row INSERTs, each its own commit, from `connections` connections at once."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS bench_raw_insert")
        setup.execute(
            "CREATE TABLE bench_raw_insert (id bigserial PRIMARY KEY, staff uuid, "
            "starts_at timestamptz, created_at timestamptz DEFAULT now())"
        )
    counts = [0] * connections
    barrier = threading.Barrier(connections + 1)
    deadline = [0.0]

    def insert(index: int) -> None:
        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            barrier.wait()
            staff = "00000000-0000-0000-0000-000000000001"
            while time.perf_counter() < deadline[0]:
                connection.execute(
                    "INSERT INTO bench_raw_insert (staff, starts_at) VALUES (%s, now())", [staff]
                )
                counts[index] += 1

    threads = [threading.Thread(target=insert, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with psycopg.connect(DATABASE_URL, autocommit=True) as cleanup:
        cleanup.execute("DROP TABLE bench_raw_insert")
    return sum(counts) / elapsed


def overlapping_live_claims() -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(
            """
            SELECT count(*) FROM reservations_reservation a
            JOIN reservations_reservation b
              ON a.staff_id = b.staff_id AND a.id < b.id AND a.live AND b.live
             AND tstzrange(a.blocked_start, a.blocked_end)
                 && tstzrange(b.blocked_start, b.blocked_end)
            """
        ).fetchone()[0]


def process_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def machine_cpu_seconds() -> tuple[float, float]:
    """Busy and total CPU time of the whole machine so far (Linux /proc/stat), in ticks."""
    with open("/proc/stat") as stat:
        fields = [float(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def storm(gateway_url: str, tenant_slug: str, targets: list[str]) -> dict:
    gateway = urlsplit(gateway_url)
    holds_path = f"/api/booking/v1/public/{tenant_slug}/holds"
    latencies: list[float] = []
    statuses: Counter = Counter()
    releases: Counter = Counter()
    lock = threading.Lock()
    issued = [0]
    barrier = threading.Barrier(CONNECTIONS + 1)
    deadline = [0.0]

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(gateway.hostname, gateway.port, timeout=30)
        barrier.wait()
        while time.perf_counter() < deadline[0]:
            with lock:
                if issued[0] >= MAX_REQUESTS:
                    break
                issued[0] += 1
            body = rng.choice(targets)
            started = time.perf_counter()
            try:
                conn.request(
                    "POST", holds_path, body=body, headers={"Content-Type": "application/json"}
                )
                response = conn.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(gateway.hostname, gateway.port, timeout=30)
                status = "connection error"
                payload = b""
            elapsed = (time.perf_counter() - started) * 1000
            release_status = None
            if status == 201:
                hold = json.loads(payload)
                conn.request(
                    "DELETE",
                    f"{holds_path}/{hold['id']}",
                    headers={"X-Cart-Token": hold["cart_token"]},
                )
                release = conn.getresponse()
                release.read()
                release_status = release.status
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if release_status is not None:
                    releases[release_status] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + SECONDS
    started = time.perf_counter()
    client_cpu, machine = process_cpu_seconds(), machine_cpu_seconds()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    elapsed = time.perf_counter() - started
    client_cpu = process_cpu_seconds() - client_cpu
    machine_busy, machine_total = (
        now - then for now, then in zip(machine_cpu_seconds(), machine, strict=True)
    )
    return {
        "client_cores": client_cpu / elapsed,
        "machine_cores": machine_busy / machine_total * (os.cpu_count() or 1),
        "elapsed": elapsed,
        "latencies": latencies,
        "statuses": statuses,
        "releases": releases,
    }


def main() -> None:
    recreate_booking_database(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from stack import Stack

    tenant, targets = seed()
    connection.close()
    print(
        f"{len(targets)} contested (staff, start) pairs, {CONNECTIONS} connections, "
        f"up to {SECONDS:.0f} s or {MAX_REQUESTS} holds; a winner releases its hold at once"
    )

    stack = Stack(
        name="bench_holds",
        components=["booking", "gateway"],
        postgres=None,  # the database is ours: DATABASE_URL below
        redis_url=REDIS_URL,
        env={
            "DATABASE_URL": DATABASE_URL,
            "LOG_LEVEL": "WARNING",
            # Every client of the bench comes from 127.0.0.1: the per-address limits of
            # the gateway would measure nginx's limiter, not the holds.
            "GATEWAY_RATE_HOLDS": "100000r/s",
            "GATEWAY_BURST_HOLDS": "100000",
        },
        booking_workers=WORKERS,
    )
    with stack:
        gateway = urlsplit(stack.gateway_url)
        warm = http.client.HTTPConnection(gateway.hostname, gateway.port, timeout=30)
        for _ in range(2 * WORKERS):
            warm.request("GET", "/api/booking/readyz")
            warm.getresponse().read()
        warm.close()
        result = storm(stack.gateway_url, tenant.slug, targets)

    overlaps = overlapping_live_claims()
    raw_rate = raw_insert_rate(CONNECTIONS, min(SECONDS, 10))
    raw_single = raw_insert_rate(1, 3)

    latencies = result["latencies"]
    statuses = result["statuses"]
    holds_per_second = len(latencies) / result["elapsed"]
    server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    print(f"through the gateway {stack.gateway_url} (nginx -> gunicorn, {WORKERS} sync workers)")
    print(
        f"hold requests: {len(latencies)} in {result['elapsed']:.1f} s = "
        f"{holds_per_second:.0f} holds/s (each 201 also released by a DELETE: "
        f"{dict(result['releases'])})"
    )
    print(
        f"latency of POST /holds: p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms"
    )
    print(
        f"CPU during the storm: {result['machine_cores']:.2f} of {os.cpu_count()} cores busy, "
        f"{result['client_cores']:.2f} of them the load generator (this process)"
    )
    print(
        "answers: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=lambda x: str(x[0])))
        + f"; 5xx: {server_errors}"
    )
    print(f"overlapping live claims found by SQL afterwards: {overlaps}")
    print(
        f"raw single-row INSERT + COMMIT on {DATABASE}: {raw_rate:.0f}/s over "
        f"{CONNECTIONS} connections, {raw_single:.0f}/s over 1 connection"
    )
    print(
        f"holds/s as a share of the raw insert rate: {holds_per_second / raw_rate:.0%} "
        f"(of the 1-connection rate: {holds_per_second / raw_single:.0%})"
    )


if __name__ == "__main__":
    main()
