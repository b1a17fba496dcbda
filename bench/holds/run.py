"""Holds benchmark: the hot path of the widget as a share of the stack's floor, `healthz`.

Everything runs through nginx and gunicorn (BENCH_WORKERS workers of deploy/gunicorn.conf.py's
class; BENCH_GUNICORN_ARGS adds flags, e.g. "--worker-class gthread --threads 4") started by
deploy/stack.py, on one set of 32
keep-alive connections (BENCH_CONNECTIONS) reused by every phase; PostgreSQL database
`bench_holds` (BENCH_HOLDS_DATABASE), Redis database 8 (BENCH_HOLDS_REDIS). In one run:

1. `healthz` for BENCH_SECONDS/2, before and after the holds: the floor of the stack.
2. Contested holds for BENCH_SECONDS: POST /holds on 12 (staff, start) pairs of one tenant,
   a winner releasing its hold at once (DELETE) so the starts stay contested. Throughput as
   a share of healthz's (goal >= 40%), p50/p99 (goal p99 <= 50 ms), and CPU ms per hold
   from the gunicorn workers' rusage (/proc/<pid>/stat; the DELETEs are included).
3. One day of slots and one month's calendar, p50 as a multiple of healthz p50 (goal <= 3x),
   on one connection, the three requests interleaved.
4. A flash crowd: 500 new carts racing for 50 starts of one staff member (exactly 50 win).
5. A spread: 2,000 holds across 200 tenants, no two on one start (every one wins): unrelated
   tenants must not serialise on anything shared.
6. SQL afterwards: overlapping live claims (goal 0); the 5xx count (goal 0).

The benchmark's own allow-listed configuration: every simulated client is 127.0.0.1, so
the gateway's per-address request limits for holds are lifted (GATEWAY_RATE_HOLDS and
GATEWAY_BURST_HOLDS below) and the benchmark's tenants allow 10,000 live holds per address
(written to the database directly: the settings API allows at most 100). Production keeps both limits on; nothing here changes them.

The services log in the format LOG_FORMAT gives (plain by default; json is the containers'),
and the first line printed says which: with json gunicorn writes no access line of its own.

BENCH_PROFILE=<name> records the workers with py-spy during the contested holds and writes
bench/holds/profiles/<name>.svg (flame graph) and <name>.txt (collapsed stacks).

It asserts nothing: it prints figures. Absolute figures on a shared machine are noise;
compare the ratios of one run. Run with `make bench` or `.venv/bin/python bench/holds/run.py`.
"""

import datetime
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booking_database import (  # noqa: E402
    percentile,
    recreate_booking_database,
    use_booking_database,
)

DATABASE = os.environ.get("BENCH_HOLDS_DATABASE", "bench_holds")
REDIS_URL = os.environ.get("BENCH_HOLDS_REDIS", "redis://127.0.0.1:6379/8")
DATABASE_URL = use_booking_database(DATABASE, REDIS_URL)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
GUNICORN_ARGS = os.environ.get("BENCH_GUNICORN_ARGS", "")
PROFILE = os.environ.get("BENCH_PROFILE", "")
PROFILES = Path(__file__).resolve().parent / "profiles"
STAFF = 3
STARTS_PER_STAFF = 4  # 12 contested (staff, start) pairs, some of them overlapping
FLASH_CARTS, FLASH_STARTS = 500, 50
SPREAD_TENANTS, SPREAD_HOLDS_PER_TENANT = 200, 10
LATENCY_ROUNDS = int(os.environ.get("BENCH_LATENCY_ROUNDS", "300"))
ZONE = zoneinfo.ZoneInfo("Europe/Zurich")
BENCH_HOLDS_PER_ADDRESS = 10_000
PUBLIC = "/api/booking/v1/public"
HEALTHZ = "/api/booking/healthz"


def _tenant(slug: str, name: str):
    from booking.tenants.models import Tenant

    # Every simulated client connects from 127.0.0.1: issue 16's cap per address (and its
    # challenge from half of it) would answer the storm with 403/429. Written here past the
    # settings API's maximum of 100, since the flash crowd's 50 winners alone reach 50.
    return Tenant(
        slug=slug,
        name=name,
        plan="business",
        timezone="Europe/Zurich",
        max_live_holds_per_address=BENCH_HOLDS_PER_ADDRESS,
    )


def _staff_working_every_day(tenant, service, count: int, interval: int) -> list:
    from booking.catalog.models import Staff, WorkingHours

    staff = Staff.objects.bulk_create(
        Staff(tenant=tenant, name=f"Photographer {n}", slot_interval_minutes=interval)
        for n in range(count)
    )
    Staff.services.through.objects.bulk_create(
        Staff.services.through(staff_id=member.id, service_id=service.id) for member in staff
    )
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
    return staff


def _body(service, staff, start: datetime.datetime) -> str:
    return json.dumps(
        {"service": str(service.id), "staff": str(staff.id), "start": start.isoformat()}
    )


def seed() -> dict:
    """The contested tenant, the flash-crowd tenant and the spread's 200 tenants."""
    from booking.catalog.models import Service
    from booking.tenants.models import Tenant

    day = datetime.datetime.now(ZONE).date() + datetime.timedelta(days=2)
    tenant = _tenant("bench", "Bench studio")
    tenant.save()
    service = Service.objects.create(tenant=tenant, name="Portrait", duration_minutes=60)
    staff = _staff_working_every_day(tenant, service, STAFF, 30)
    # 10:00, 10:30, 11:00, 11:30: neighbours overlap for a 1-hour service.
    starts = [
        datetime.datetime.combine(day, datetime.time(10), tzinfo=ZONE)
        + datetime.timedelta(minutes=30 * k)
        for k in range(STARTS_PER_STAFF)
    ]
    contested = [_body(service, m, s) for m in staff for s in starts]

    flash = _tenant("flash", "Flash studio")
    flash.save()
    quick = Service.objects.create(tenant=flash, name="Quick", duration_minutes=30)
    (idol,) = _staff_working_every_day(flash, quick, 1, 30)
    # 50 disjoint 30-minute starts, 24 a day from 08:00, over three days.
    flash_starts = [
        datetime.datetime.combine(day + datetime.timedelta(days=n // 24), datetime.time(8), ZONE)
        + datetime.timedelta(minutes=30 * (n % 24))
        for n in range(FLASH_STARTS)
    ]
    rng = random.Random(7)
    crowd = [(flash.slug, _body(quick, idol, rng.choice(flash_starts))) for _ in range(FLASH_CARTS)]

    spread_tenants = Tenant.objects.bulk_create(
        _tenant(f"spread-{n:03}", f"Spread studio {n}") for n in range(SPREAD_TENANTS)
    )
    spread_services = Service.objects.bulk_create(
        Service(tenant=t, name="Portrait", duration_minutes=60) for t in spread_tenants
    )
    spread = []
    for t, s in zip(spread_tenants, spread_services, strict=True):
        (member,) = _staff_working_every_day(t, s, 1, 60)
        spread += [
            (t.slug, _body(s, member, datetime.datetime.combine(day, datetime.time(8 + k), ZONE)))
            for k in range(SPREAD_HOLDS_PER_TENANT)
        ]
    rng.shuffle(spread)
    return {
        "tenant": tenant,
        "contested": contested,
        "slots_query": f"service={service.id}&staff={staff[0].id}&date={day.isoformat()}",
        "calendar_query": f"service={service.id}&staff={staff[0].id}&month={day:%Y-%m}",
        "flash_staff": idol.id,
        "crowd": crowd,
        "spread": spread,
    }


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


def live_claims_of(staff_id) -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(
            "SELECT count(*) FROM reservations_reservation WHERE staff_id = %s AND live",
            [staff_id],
        ).fetchone()[0]


def worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of the gunicorn master's children so far (/proc/<pid>/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == master_pid:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


class Clients:
    """CONNECTIONS keep-alive connections to the gateway, reused by every phase."""

    def __init__(self, gateway_url: str) -> None:
        self.address = urlsplit(gateway_url)
        self.connections = [self._connect() for _ in range(CONNECTIONS)]

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=30)

    def request(self, index: int, method: str, path: str, body=None, headers=None):
        """One request on connection `index`: (status, payload, ms)."""
        started = time.perf_counter()
        try:
            connection = self.connections[index]
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            self.connections[index].close()
            self.connections[index] = self._connect()
            status, payload = "connection error", b""
        return status, payload, (time.perf_counter() - started) * 1000

    def run(self, job: Callable, jobs: Iterator, seconds: float | None = None) -> dict:
        """Every connection takes jobs until they run out (or `seconds` pass)."""
        latencies: list[float] = []
        statuses: Counter = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(len(self.connections) + 1)
        deadline = [float("inf")]

        def loop(index: int) -> None:
            barrier.wait()
            while time.perf_counter() < deadline[0]:
                with lock:
                    item = next(jobs, None)
                if item is None:
                    break
                status, ms = job(index, item)
                with lock:
                    latencies.append(ms)
                    statuses[status] += 1

        threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(self.connections))]
        for thread in threads:
            thread.start()
        if seconds is not None:
            deadline[0] = time.perf_counter() + seconds
        started = time.perf_counter()
        barrier.wait()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return {"elapsed": elapsed, "latencies": latencies, "statuses": statuses}


def forever(value) -> Iterator:
    while True:
        yield value


def main() -> None:
    recreate_booking_database(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from stack import Stack

    data = seed()
    connection.close()
    slug = data["tenant"].slug
    env = {
        "DATABASE_URL": DATABASE_URL,
        "LOG_LEVEL": "WARNING",
        # The benchmark's allow-list: every client of the bench comes from 127.0.0.1, and
        # the gateway's per-address limits would measure nginx's limiter, not the holds.
        "GATEWAY_RATE_HOLDS": "100000r/s",
        "GATEWAY_BURST_HOLDS": "100000",
    }
    if GUNICORN_ARGS:
        # gunicorn reads extra flags from GUNICORN_CMD_ARGS (its documented variable).
        env["GUNICORN_CMD_ARGS"] = GUNICORN_ARGS
    stack = Stack(
        name=DATABASE,
        components=["booking", "gateway"],
        postgres=None,  # the database is ours: DATABASE_URL below
        redis_url=REDIS_URL,
        env=env,
        booking_workers=WORKERS,
    )
    with stack:
        master = stack._processes["booking"].popen.pid
        clients = Clients(stack.gateway_url)

        def get(index: int, path: str):
            status, _, ms = clients.request(index, "GET", path)
            return status, ms

        def contested_hold(index: int, body: str):
            status, payload, ms = clients.request(
                index, "POST", f"{PUBLIC}/{slug}/holds", body, {"Content-Type": "application/json"}
            )
            if status == 201:
                hold = json.loads(payload)
                clients.request(
                    index,
                    "DELETE",
                    f"{PUBLIC}/{slug}/holds/{hold['id']}",
                    headers={"X-Cart-Token": hold["cart_token"]},
                )
            return status, ms

        def hold(index: int, item: tuple[str, str]):
            tenant, body = item
            status, _, ms = clients.request(
                index,
                "POST",
                f"{PUBLIC}/{tenant}/holds",
                body,
                {"Content-Type": "application/json"},
            )
            return status, ms

        # Warm every worker and connection: imports, URL resolvers, caches.
        clients.run(get, iter([HEALTHZ] * (8 * CONNECTIONS)))
        rng = random.Random(1)
        clients.run(contested_hold, (rng.choice(data["contested"]) for _ in range(4 * CONNECTIONS)))

        cpu = worker_cpu_seconds(master)
        floor_before = clients.run(get, forever(HEALTHZ), SECONDS / 2)
        cpu_floor = worker_cpu_seconds(master) - cpu

        profiler = None
        if PROFILE:
            PROFILES.mkdir(exist_ok=True)
            py_spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--subprocesses"]
            py_spy += ["--pid", str(master), "--duration", str(int(SECONDS)), "--nonblocking"]
            profiler = [
                subprocess.Popen([*py_spy, "-o", str(PROFILES / f"{PROFILE}.{kind}"), "-f", fmt])
                for kind, fmt in (("svg", "flamegraph"), ("txt", "raw"))
            ]
        cpu = worker_cpu_seconds(master)
        holds = clients.run(
            contested_hold, (rng.choice(data["contested"]) for _ in iter(int, 1)), SECONDS
        )
        cpu_holds = worker_cpu_seconds(master) - cpu
        for process in profiler or []:
            process.wait()
        floor_after = clients.run(get, forever(HEALTHZ), SECONDS / 2)

        # Latency of the reads, on one connection, the three requests interleaved.
        reads = {
            "healthz": HEALTHZ,
            "slots": f"{PUBLIC}/{slug}/slots?{data['slots_query']}",
            "calendar": f"{PUBLIC}/{slug}/calendar?{data['calendar_query']}",
        }
        read_latency: dict[str, list[float]] = {name: [] for name in reads}
        read_statuses: Counter = Counter()
        for _ in range(LATENCY_ROUNDS):
            for name, path in reads.items():
                status, _, ms = clients.request(0, "GET", path)
                read_latency[name].append(ms)
                read_statuses[status] += 1

        cpu = worker_cpu_seconds(master)
        crowd = clients.run(hold, iter(data["crowd"]))
        cpu_crowd = worker_cpu_seconds(master) - cpu
        cpu = worker_cpu_seconds(master)
        spread = clients.run(hold, iter(data["spread"]))
        cpu_spread = worker_cpu_seconds(master) - cpu
        for connection_ in clients.connections:
            connection_.close()

    overlaps = overlapping_live_claims()
    flash_live = live_claims_of(data["flash_staff"])

    def rate(result: dict) -> float:
        return len(result["latencies"]) / result["elapsed"]

    def fivexx(*results: dict) -> int:
        return sum(
            n
            for result in results
            for s, n in result["statuses"].items()
            if isinstance(s, int) and s >= 500
        )

    def answers(result: dict) -> str:
        items = sorted(result["statuses"].items(), key=lambda x: str(x[0]))
        return ", ".join(f"{s}: {n}" for s, n in items)

    floor_rate = (rate(floor_before) + rate(floor_after)) / 2
    hold_rate = rate(holds)
    lat = holds["latencies"]
    floor_lat = floor_before["latencies"] + floor_after["latencies"]
    floor_requests = len(floor_before["latencies"])
    p50 = {name: statistics.median(values) for name, values in read_latency.items()}
    server_errors = fivexx(floor_before, holds, floor_after, crowd, spread) + sum(
        n for s, n in read_statuses.items() if isinstance(s, int) and s >= 500
    )
    flags = f" {GUNICORN_ARGS}" if GUNICORN_ARGS else ""
    print(
        f"through the gateway (nginx -> gunicorn, {WORKERS} workers{flags}), "
        f"{CONNECTIONS} connections, {os.environ.get('LOG_FORMAT') or 'plain'} logs"
    )
    print(
        f"healthz: {rate(floor_before):.0f}/s before, {rate(floor_after):.0f}/s after the holds; "
        f"p50 {statistics.median(floor_lat):.1f} ms, p99 {percentile(floor_lat, 0.99):.1f} ms; "
        f"{cpu_floor / floor_requests * 1000:.2f} CPU ms a request"
    )
    print(
        f"contested holds ({len(data['contested'])} (staff, start) pairs, a winner releases at "
        f"once): {len(lat)} in {holds['elapsed']:.1f} s = {hold_rate:.0f}/s; {answers(holds)}"
    )
    print(f"  throughput as a share of healthz: {hold_rate / floor_rate:.0%} (goal >= 40%)")
    print(
        f"  latency p50 {statistics.median(lat):.1f} ms, p99 {percentile(lat, 0.99):.1f} ms "
        f"(goal p99 <= 50 ms), max {max(lat):.1f} ms"
    )
    print(
        f"  server CPU: {cpu_holds / len(lat) * 1000:.2f} ms a hold (workers' rusage, with the "
        f"winners' DELETEs), {cpu_holds / holds['elapsed']:.2f} cores"
    )
    print(
        f"reads on one connection, p50 over {LATENCY_ROUNDS}: healthz {p50['healthz']:.2f} ms, "
        f"one day of slots {p50['slots']:.2f} ms = {p50['slots'] / p50['healthz']:.1f}x, "
        f"one month's calendar {p50['calendar']:.2f} ms = {p50['calendar'] / p50['healthz']:.1f}x "
        f"(goal <= 3x); answers {dict(read_statuses)}"
    )
    crowd_lat = crowd["latencies"]
    print(
        f"flash crowd ({FLASH_CARTS} new carts for {FLASH_STARTS} starts of one staff member): "
        f"{crowd['elapsed'] * 1000:.0f} ms, {rate(crowd):.0f}/s, p50 "
        f"{statistics.median(crowd_lat):.1f} ms, p99 {percentile(crowd_lat, 0.99):.1f} ms, "
        f"{cpu_crowd / len(crowd_lat) * 1000:.2f} CPU ms a hold; {answers(crowd)}; "
        f"live claims of that staff member by SQL: {flash_live} (goal {FLASH_STARTS})"
    )
    spread_lat = spread["latencies"]
    print(
        f"spread ({len(spread_lat)} holds across {SPREAD_TENANTS} tenants, none contested): "
        f"{rate(spread):.0f}/s = {rate(spread) / floor_rate:.0%} of healthz, p50 "
        f"{statistics.median(spread_lat):.1f} ms, p99 {percentile(spread_lat, 0.99):.1f} ms, "
        f"{cpu_spread / len(spread_lat) * 1000:.2f} CPU ms a hold; {answers(spread)}"
    )
    print(f"overlapping live claims found by SQL afterwards: {overlaps}; 5xx: {server_errors}")


if __name__ == "__main__":
    main()
