"""Scaling on this machine: more worker processes, more throughput, until the cores run out.

1. Emails per second of the bulk queue with 1, 2 and 4 notifications worker processes (each
   `celery worker -Q notifications.bulk --concurrency 1`, as one Kubernetes replica each).
   For each count, BENCH_SCALING_BOOKINGS (default 30) bookings are made while no bulk
   worker runs, so their confirmation tasks (three emails each) wait in the queue; then the
   workers start and the rate is the emails between the first and the last arrival at the
   SMTP sink divided by that time (worker start-up is not counted).
2. Bookings per second (hold, then book, from BENCH_SCALING_CLIENTS (default 4) concurrent
   clients, each booking from its own address) against the booking service with 1 and 2
   gunicorn worker processes, straight to the service (nginx is not what is measured).

Each result is printed with its ratio to one process. The machine's core count is printed
too: past it, more processes only share the same CPUs (PostgreSQL, Redis and the SMTP sink
run on them as well), so the curve flattens there. Real processes, PostgreSQL databases
`bench_scaling_*` on BENCH_PG and Redis BENCH_SCALING_REDIS (default database 14, flushed).
It asserts nothing. `make bench` or `.venv/bin/python bench/scaling/run.py`.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from stack import Stack  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_SCALING_REDIS", "redis://127.0.0.1:6379/14")
BOOKINGS = int(os.environ.get("BENCH_SCALING_BOOKINGS", "30"))
CLIENTS = int(os.environ.get("BENCH_SCALING_CLIENTS", "4"))
WORKER_COUNTS = (1, 2, 4)
GUNICORN_COUNTS = (1, 2)
EMAILS_TIMEOUT = 240.0
PUBLIC = "/api/booking/v1/public"


def free_starts(base: str, slug: str, service: str, count: int) -> list[dict]:
    """`count` distinct offered starts from the day after tomorrow on."""
    found: list[dict] = []
    day = datetime.date.today() + datetime.timedelta(days=2)
    with requests.Session() as http:
        for _ in range(120):
            response = http.get(
                f"{base}{PUBLIC}/{slug}/slots",
                params={"service": service, "staff": "any", "date": day.isoformat()},
                timeout=20,
            )
            response.raise_for_status()
            found += response.json()["slots"]
            if len(found) >= count:
                return found[:count]
            day += datetime.timedelta(days=1)
    raise SystemExit(f"fewer than {count} free starts in 120 days")


def book(base: str, slug: str, service: str, slot: dict, number: int) -> int:
    """Hold, then book, from an address of its own (the service trusts X-Forwarded-For from
    loopback, as from the gateway), so no per-address cap is what gets measured."""
    address = {
        "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    }
    with requests.Session() as http:
        hold = http.post(
            f"{base}{PUBLIC}/{slug}/holds",
            json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
            headers=address,
            timeout=30,
        )
        if hold.status_code != 201:
            return hold.status_code
        booking = http.post(
            f"{base}{PUBLIC}/{slug}/bookings",
            headers={
                **address,
                "X-Cart-Token": hold.json()["cart_token"],
                "Idempotency-Key": str(uuid.uuid4()),
            },
            json={
                "client": {
                    "name": "Scaling Client",
                    "email": f"scale-{uuid.uuid4().hex[:10]}@example.com",
                    "phone": "+41 79 000 00 00",
                },
                "reminder": False,
                "payment": "none",
            },
            timeout=30,
        )
        return booking.status_code


def same(*values, count: int) -> list[list]:
    """Each value repeated `count` times: pool.map's fixed arguments."""
    return [[value] * count for value in values]


def emails_per_second() -> dict[int, float]:
    stack = Stack(
        name="bench_scaling",
        # notifications-urgent makes and migrates the notifications database; the bulk
        # workers are started below, as many as measured.
        components=["smtp", "booking", "notifications-urgent"],
        postgres=PG,
        redis_url=REDIS_URL,
        var_dir=REPO / "var" / "bench" / "scaling",
        fresh=True,
        booking_workers=2,
    )
    rates: dict[int, float] = {}
    stack.start()
    try:
        demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
        slug, service = demo["tenant"], demo["services"]["Consultation"]
        base = stack.url("booking")
        starts = free_starts(base, slug, service, BOOKINGS * len(WORKER_COUNTS))
        for round_number, workers in enumerate(WORKER_COUNTS):
            seen = set(stack.mail_dir.glob("*.eml"))
            mine = starts[round_number * BOOKINGS : (round_number + 1) * BOOKINGS]
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                numbers = [1000 * round_number + n for n in range(len(mine))]
                answers = list(
                    pool.map(book, *same(base, slug, service, count=len(mine)), mine, numbers)
                )
            booked = answers.count(201)
            expected = 3 * booked
            processes = [start_bulk_worker(stack, n) for n in range(workers)]
            try:
                deadline = time.monotonic() + EMAILS_TIMEOUT
                while True:
                    arrived = sorted(
                        int(p.name.split("-")[0]) / 1e9
                        for p in stack.mail_dir.glob("*.eml")
                        if p not in seen
                    )
                    if len(arrived) >= expected or time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
            finally:
                for process in processes:
                    stop(process)
            span = arrived[-1] - arrived[0] if len(arrived) > 1 else 0.0
            rates[workers] = (len(arrived) - 1) / span if span > 0 else 0.0
            print(
                f"  bulk queue, {workers} worker process(es): {len(arrived)}/{expected} emails "
                f"of {booked} bookings in {span:.1f} s = {rates[workers]:.1f} emails/s",
                flush=True,
            )
    finally:
        stack.stop()
    return rates


def start_bulk_worker(stack: Stack, number: int) -> subprocess.Popen:
    log = (stack.log_dir / f"bench-bulk-{number}.log").open("ab")
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "WARNING"),
            *("-Q", "notifications.bulk", "--concurrency", "1"),
            *("-n", f"bulk{number}.bench_scaling@%h", "--without-mingle", "--without-gossip"),
        ],
        cwd=REPO / "services" / "notifications",
        env=stack.env_for("notifications"),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the worker's own process group (it and its pool child), then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def bookings_per_second() -> dict[int, float]:
    rates: dict[int, float] = {}
    for workers in GUNICORN_COUNTS:
        stack = Stack(
            name="bench_scaling",
            components=["booking"],
            postgres=PG,
            redis_url=REDIS_URL,
            var_dir=REPO / "var" / "bench" / "scaling",
            fresh=True,
            booking_workers=workers,
        )
        stack.start()
        try:
            demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
            slug, service = demo["tenant"], demo["services"]["Consultation"]
            base = stack.url("booking")
            starts = free_starts(base, slug, service, BOOKINGS * 2)
            # A few warm-up bookings so both runs measure warm processes.
            for number, slot in enumerate(starts[:CLIENTS]):
                book(base, slug, service, slot, 60000 + number)
            measured = starts[CLIENTS:]
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                numbers = list(range(len(measured)))
                answers = list(
                    pool.map(
                        book, *same(base, slug, service, count=len(measured)), measured, numbers
                    )
                )
            elapsed = time.monotonic() - started
            rates[workers] = answers.count(201) / elapsed
            print(
                f"  booking, {workers} gunicorn process(es): {answers.count(201)}/{len(measured)} "
                f"bookings (201) in {elapsed:.1f} s = {rates[workers]:.1f} bookings/s "
                f"from {CLIENTS} concurrent clients",
                flush=True,
            )
        finally:
            stack.stop()
    return rates


def main() -> None:
    cores = os.cpu_count() or 1
    print(f"scaling bench on {cores} CPU core(s); PostgreSQL, Redis and the SMTP sink share them")
    emails = emails_per_second()
    bookings = bookings_per_second()
    print("ratios to one process:")
    for workers, rate in emails.items():
        ratio = rate / emails[1] if emails.get(1) else 0.0
        print(f"  emails/s with {workers} bulk worker(s): {rate:.1f} ({ratio:.2f}x)")
    for workers, rate in bookings.items():
        ratio = rate / bookings[1] if bookings.get(1) else 0.0
        print(f"  bookings/s with {workers} gunicorn process(es): {rate:.1f} ({ratio:.2f}x)")
    print(
        f"  this machine has {cores} core(s): at most {cores} processes run at once, and the "
        "load generator, PostgreSQL, Redis and the SMTP sink take their share of the same "
        "cores. Past that a process only gains by filling another's waits (SMTP and database "
        "round trips): sending email is mostly waiting, so bulk workers still gain a little "
        "beyond the cores; booking is CPU work in Python and PostgreSQL, so its curve ends at "
        "the cores. On a cluster each replica brings its own CPU request, and the ratios "
        "measured here are a floor."
    )


if __name__ == "__main__":
    main()
