"""Faults survived: the broker and the database die under load, and nothing is lost.

The platform runs on its own throwaway redis-server and PostgreSQL cluster (free ports, a
temporary folder; tests/throwaway_servers.py), so these tests may kill them:

- Redis killed (SIGKILL) during a storm of bookings, then restarted: every booking answers
  201 confirmed meanwhile, and each one's three emails (client, staff member, owner) arrive
  exactly once. The messages wait in the booking service's outbox while the broker is down
  and the beat's sweep publishes them once it is back.
- PostgreSQL stopped: the APIs answer 503 `dependency_unavailable` (never 500), readiness is
  false, and once it is back everything recovers by itself, emails included.

A notifications worker killed with SIGKILL mid-task is tested beside its service
(services/notifications/notifications/messages/tests/test_workers.py).
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests
from stack import Stack  # noqa: E402  (tests/conftest.py puts deploy/ on the path)

from tests.conftest import REPO, Gateway, Mailbox, load_demo
from tests.throwaway_servers import ThrowawayPostgres, ThrowawayRedis

PUBLIC = "/api/booking/v1/public"
OWNER = "owner@demo-studio.example"
STORM = 12
COMPONENTS = (
    "smtp",
    "booking",
    "booking-worker",
    "booking-beat",
    "notifications-urgent",
    "notifications-bulk",
    "payments",
    "gateway",
)
# Every wait is bounded; these are generous for two shared cores.
EMAILS_TIMEOUT = 150.0
RECOVERY_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def servers():
    with ThrowawayPostgres() as postgres, ThrowawayRedis() as broker:
        yield postgres, broker


@pytest.fixture(scope="module")
def faulty(servers):
    postgres, broker = servers
    prefix = os.environ.get("E2E_DB_PREFIX", "e2e")
    running = Stack(
        name=f"{prefix}_faults",
        components=COMPONENTS,
        postgres=postgres.url,
        redis_url=broker.url(0),
        var_dir=REPO / "var" / "e2e" / f"{prefix}-faults",
        fresh=True,
        booking_workers=2,
        env={
            # A storm from one address is not what the gateway's limits are about here.
            "GATEWAY_RATE_HOLDS": "100r/s",
            "GATEWAY_BURST_HOLDS": "100",
            "GATEWAY_RATE_BOOKINGS": "100r/s",
            "GATEWAY_BURST_BOOKINGS": "100",
            # The beat sweeps the outbox every 2 s (the schedule is made by the migration).
            "OUTBOX_SWEEP_SECONDS": "2",
            # A message a worker held when Redis died comes back after this (it must exceed
            # the task time limit); de-duplication keeps it from sending twice.
            "NOTIFICATIONS_VISIBILITY_TIMEOUT": "80",
            "NOTIFICATIONS_RETRY_BACKOFF_MAX": "10",
            "NOTIFICATIONS_UNACKED_RESTORE_INTERVAL": "5",
        },
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def demo(faulty):
    return load_demo(faulty)


@pytest.fixture
def http(faulty):
    with Gateway(faulty.gateway_url, timeout=20) as session:
        yield session


def free_starts(http, slug: str, service: str, count: int, after: date) -> list[dict]:
    """`count` distinct offered starts of a service, from `after` on, through the API."""
    found: list[dict] = []
    day = after
    for _ in range(90):
        response = http.get(
            f"{PUBLIC}/{slug}/slots",
            params={"service": service, "staff": "any", "date": day.isoformat()},
        )
        assert response.status_code == 200, response.text
        found += response.json()["slots"]
        if len(found) >= count:
            return found[:count]
        day += timedelta(days=1)
    raise AssertionError(f"fewer than {count} free starts in 90 days")


def book(base_url: str, slug: str, service: str, slot: dict, client: str) -> dict:
    """Holds one start and books it as a new client; answers what a user would notice."""
    with Gateway(base_url, timeout=20) as http:
        started = time.monotonic()
        hold = http.post(
            f"{PUBLIC}/{slug}/holds",
            json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
        )
        if hold.status_code != 201:
            return {"status_code": hold.status_code, "body": hold.text, "step": "hold"}
        booking = http.post(
            f"{PUBLIC}/{slug}/bookings",
            headers={
                "X-Cart-Token": hold.json()["cart_token"],
                "Idempotency-Key": str(uuid.uuid4()),
            },
            json={
                "client": {"name": "Storm Client", "email": client, "phone": "+41 79 000 00 00"},
                "reminder": False,
                "payment": "none",
            },
        )
        return {
            "status_code": booking.status_code,
            "body": booking.json() if booking.status_code < 500 else booking.text,
            "seconds": time.monotonic() - started,
            "client": client,
            "staff_name": slot["staff"]["name"],
            "step": "book",
        }


def staff_emails(faulty, demo) -> dict[str, str]:
    """The demo staff members' addresses by name, from the admin API."""
    with Gateway(faulty.gateway_url, token=demo["api_key"]) as admin:
        response = admin.get("/api/booking/v1/admin/staff")
        assert response.status_code == 200, response.text
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        return {row["name"]: row["email"] for row in rows}


def wait_for_emails(mailbox: Mailbox, expected: dict[str, Counter], timeout: float) -> None:
    """Until every booking id has at least its expected recipients (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        got = received(mailbox)
        missing = {b: want - got.get(b, Counter()) for b, want in expected.items()}
        missing = {b: dict(m) for b, m in missing.items() if m}
        if not missing:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"emails still missing after {timeout:.0f}s: {missing}")
        time.sleep(0.5)


def received(mailbox: Mailbox) -> dict[str, Counter]:
    by_booking: dict[str, Counter] = {}
    for message in mailbox.new():
        booking_id = str(message.get("X-Booking-Id", ""))
        by_booking.setdefault(booking_id, Counter())[str(message["To"]).lower()] += 1
    return by_booking


def test_redis_killed_during_a_storm_of_bookings_loses_no_email(faulty, demo, servers, http):
    _, broker = servers
    mailbox = Mailbox(faulty.mail_dir)
    slug, service = demo["tenant"], demo["services"]["Consultation"]
    staff = staff_emails(faulty, demo)
    slots = free_starts(http, slug, service, STORM, date.today() + timedelta(days=2))
    clients = [f"storm-{n}-{uuid.uuid4().hex[:8]}@example.com" for n in range(STORM)]

    with ThreadPoolExecutor(max_workers=3) as pool:
        before = list(
            pool.map(lambda i: book(faulty.gateway_url, slug, service, slots[i], clients[i]),
                     range(STORM // 3))
        )  # fmt: skip
        futures = [
            pool.submit(book, faulty.gateway_url, slug, service, slots[i], clients[i])
            for i in range(STORM // 3, STORM)
        ]
        time.sleep(0.2)
        broker.kill()  # in the middle of the storm
        during = [future.result(timeout=120) for future in futures]
    ready = http.get("/api/booking/readyz")
    time.sleep(3)
    broker.start()

    results = before + during
    assert [r["status_code"] for r in results] == [201] * STORM, results
    assert {r["body"]["status"] for r in results} == {"confirmed"}
    slowest = max(r["seconds"] for r in during)
    assert slowest < 10, f"a booking waited {slowest:.1f}s on the dead broker"
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "degraded" and "broker" in ready.json()["degraded"]

    expected = {
        r["body"]["id"]: Counter(
            {r["client"].lower(): 1, staff[r["staff_name"]].lower(): 1, OWNER: 1}
        )
        for r in results
    }
    wait_for_emails(mailbox, expected, EMAILS_TIMEOUT)
    time.sleep(5)  # a duplicate would show now
    got = received(mailbox)
    assert {b: got.get(b) for b in expected} == expected, "an email arrived twice or not at all"
    assert http.get("/api/booking/readyz").json()["status"] == "ok"


def test_postgresql_restarted_answers_503_then_recovers_by_itself(faulty, demo, servers, http):
    postgres, _ = servers
    slug = demo["tenant"]
    services_path = f"{PUBLIC}/{slug}/services"
    assert http.get(services_path).status_code == 200
    admin_headers = {"Authorization": f"Bearer {demo['api_key']}"}
    consultation = demo["services"]["Consultation"]
    # A real start of a real staff member: holding it must write, whatever the API keeps of
    # the catalog in memory (issue 12's snapshot answers an unknown staff member by itself).
    [slot] = free_starts(http, slug, consultation, 1, date.today() + timedelta(days=3))

    postgres.stop("immediate")  # as a crash: every connection drops
    try:
        answers = {
            "services": http.get(services_path),
            # A day nobody has read yet: working it out needs the database.
            "slots": http.get(
                f"{PUBLIC}/{slug}/slots",
                params={
                    "service": consultation,
                    "staff": "any",
                    "date": (date.today() + timedelta(days=40)).isoformat(),
                },
            ),  # fmt: skip
            "hold": http.post(
                f"{PUBLIC}/{slug}/holds",
                json={
                    "service": consultation,
                    "staff": slot["staff"]["id"],
                    "start": slot["start"],
                },
            ),
            "admin": http.get("/api/booking/v1/admin/bookings", headers=admin_headers),
        }
        # The day read before the crash is still shown, from the availability cache.
        cached_day = http.get(
            f"{PUBLIC}/{slug}/slots",
            params={"service": consultation, "staff": "any", "date": slot["start"][:10]},
        )
        booking_ready = http.get("/api/booking/readyz")
        payments_ready = requests.get(faulty.url("payments") + "/api/payments/readyz", timeout=10)
    finally:
        postgres.start()

    for name, response in answers.items():
        assert response.status_code == 503, (name, response.status_code, response.text)
        body = response.json()
        assert body["code"] == "dependency_unavailable", (name, body)
        assert set(body) == {"code", "message", "detail"}
    assert cached_day.status_code == 200, cached_day.text
    assert slot["start"] in [offered["start"] for offered in cached_day.json()["slots"]]
    assert booking_ready.status_code == 503
    assert booking_ready.json()["checks"]["database"] == "unreachable"
    assert payments_ready.status_code == 503

    # Back by itself: no process was restarted.
    deadline = time.monotonic() + RECOVERY_TIMEOUT
    while http.get("/api/booking/readyz").status_code != 200:
        assert time.monotonic() < deadline, "booking did not become ready again"
        time.sleep(0.5)
    assert requests.get(faulty.url("payments") + "/api/payments/readyz", timeout=10).ok
    assert http.get(services_path).status_code == 200

    mailbox = Mailbox(faulty.mail_dir)
    [slot] = free_starts(
        http, slug, demo["services"]["Consultation"], 1, date.today() + timedelta(days=40)
    )
    client = f"after-restart-{uuid.uuid4().hex[:8]}@example.com"
    result = book(faulty.gateway_url, slug, demo["services"]["Consultation"], slot, client)
    assert result["status_code"] == 201, result
    staff = staff_emails(faulty, demo)
    wait_for_emails(
        mailbox,
        {
            result["body"]["id"]: Counter(
                {client: 1, staff[result["staff_name"]].lower(): 1, OWNER: 1}
            )
        },
        RECOVERY_TIMEOUT,
    )
