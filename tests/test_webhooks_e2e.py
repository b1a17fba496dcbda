"""Outgoing webhooks end to end (issue 11): real gunicorn, beat and `webhooks` worker
(threads) through nginx, a receiver on loopback that verifies with the `standardwebhooks`
package exactly as an integrator would.

- A booking made through the public API reaches the receiver as booking.created and
  booking.confirmed, signed, with the booking as the admin API shows it; the delivery log
  shows it succeeded.
- A tenant whose receiver sleeps past the timeout never delays another tenant: its attempts
  hold at most WEBHOOK_TENANT_CONCURRENCY of the worker's threads, and the other tenant's
  ping arrives in a moment.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from tests.conftest import Gateway

WEBHOOKS = "/api/booking/v1/admin/webhooks"


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    sleep: float = 0.0
    arrivals: list[tuple[float, dict[str, str], bytes]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def wait(self, count: int, timeout: float) -> list[tuple[float, dict[str, str], bytes]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.arrivals) >= count, timeout=timeout)
            return list(self.arrivals)


@pytest.fixture
def receiver() -> Iterator[Callable[..., Receiver]]:
    servers: list[ThreadingHTTPServer] = []

    def start(*, sleep: float = 0.0) -> Receiver:
        box: dict[str, Receiver] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                rec = box["receiver"]
                with rec.arrived:
                    rec.arrivals.append((time.time(), dict(self.headers.items()), body))
                    rec.arrived.notify_all()
                if rec.sleep:
                    time.sleep(rec.sleep)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        box["receiver"] = Receiver(server=server, sleep=sleep)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return box["receiver"]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def business_tenant(new_tenant, gateway_url) -> Callable[[], tuple[dict, Gateway]]:
    """A Business tenant with one service and one staff member open every day, clients
    booking without a code; answers its JSON and an admin session."""
    sessions: list[Gateway] = []

    def create() -> tuple[dict, Gateway]:
        tenant = new_tenant(plan="business")
        admin = Gateway(gateway_url, token=tenant["api_key"])
        sessions.append(admin)
        changed = admin.patch("/api/booking/v1/admin/settings", json={"verify_every_email": False})
        assert changed.status_code == 200, changed.text
        service = admin.post(
            "/api/booking/v1/admin/services", json={"name": "Fitting", "duration_minutes": 30}
        )
        assert service.status_code == 201, service.text
        staff = admin.post(
            "/api/booking/v1/admin/staff", json={"name": "Lea", "services": [service.json()["id"]]}
        )
        assert staff.status_code == 201, staff.text
        hours = admin.put(
            f"/api/booking/v1/admin/staff/{staff.json()['id']}/working-hours",
            json={
                "intervals": [
                    {"weekday": day, "start_time": "08:00", "end_time": "18:00"} for day in range(7)
                ]
            },
        )
        assert hours.status_code in (200, 201), hours.text
        tenant = {**tenant, "service": service.json()["id"], "staff": staff.json()["id"]}
        return tenant, admin

    yield create
    for session in sessions:
        session.close()


def book(http: Gateway, tenant: dict) -> dict:
    day = datetime.date.today() + datetime.timedelta(days=2)
    slots = http.get(
        f"/api/booking/v1/public/{tenant['slug']}/slots",
        params={"service": tenant["service"], "staff": "any", "date": day.isoformat()},
    ).json()["slots"]
    hold = http.post(
        f"/api/booking/v1/public/{tenant['slug']}/holds",
        json={"service": tenant["service"], "staff": tenant["staff"], "start": slots[0]["start"]},
    )
    assert hold.status_code == 201, hold.text
    booking = http.post(
        f"/api/booking/v1/public/{tenant['slug']}/bookings",
        json={
            "client": {"name": "Ida Integrator", "email": "ida@example.com", "phone": ""},
            "payment": "none",
        },
        headers={"X-Cart-Token": hold.json()["cart_token"]},
    )
    assert booking.status_code == 201, booking.text
    return booking.json()


def test_a_booking_reaches_a_loopback_receiver_signed(http, business_tenant, receiver):
    tenant, admin = business_tenant()
    rec = receiver()
    endpoint = admin.post(
        WEBHOOKS,
        json={"url": rec.url, "events": ["booking.created", "booking.confirmed"]},
    )
    assert endpoint.status_code == 201, endpoint.text
    secret = endpoint.json()["secret"]

    booking = book(http, tenant)
    assert booking["status"] == "confirmed"

    arrivals = rec.wait(2, timeout=30)
    events = [Webhook(secret).verify(body, headers) for _, headers, body in arrivals]
    assert sorted(e["type"] for e in events) == ["booking.confirmed", "booking.created"]
    assert {e["data"]["id"] for e in events} == {booking["id"]}
    shown = admin.get(f"/api/booking/v1/admin/bookings/{booking['id']}")
    if shown.status_code == 200:  # GET /admin/bookings/{id} is issue 11 part 7
        confirmed = next(e for e in events if e["type"] == "booking.confirmed")
        assert confirmed["data"] == shown.json()
    time.sleep(1)
    assert len(rec.arrivals) == 2  # once each

    log = admin.get(f"{WEBHOOKS}/{endpoint.json()['id']}/deliveries").json()["results"]
    assert sorted(d["event"] for d in log) == ["booking.confirmed", "booking.created"]
    assert {(d["state"], d["attempts"], d["last_status_code"]) for d in log} == {
        ("succeeded", 1, 200)
    }
    assert all(d["latency_ms"] is not None for d in log)


def test_a_sleeping_receiver_never_delays_another_tenant(business_tenant, receiver):
    slow_tenant, slow_admin = business_tenant()
    quick_tenant, quick_admin = business_tenant()
    sleeper = receiver(sleep=30)
    quick = receiver()
    slow_endpoint = slow_admin.post(
        WEBHOOKS, json={"url": sleeper.url, "events": ["booking.created"]}
    )
    quick_endpoint = quick_admin.post(
        WEBHOOKS, json={"url": quick.url, "events": ["booking.created"]}
    )
    assert slow_endpoint.status_code == quick_endpoint.status_code == 201
    slow_id, quick_id = slow_endpoint.json()["id"], quick_endpoint.json()["id"]

    # More of the slow tenant's deliveries than the worker has threads (8).
    for _ in range(12):
        assert slow_admin.post(f"{WEBHOOKS}/{slow_id}/test").status_code == 202
    sleeper.wait(1, timeout=15)  # its receiver is busy sleeping now
    time.sleep(0.5)

    sent = time.time()
    assert quick_admin.post(f"{WEBHOOKS}/{quick_id}/test").status_code == 202
    arrivals = quick.wait(1, timeout=30)
    assert arrivals, "the other tenant's ping never arrived"
    waited = arrivals[0][0] - sent
    # Without isolation it waits for the sleeper's 10 s timeouts to free a thread.
    assert waited < 3, f"the other tenant's ping waited {waited:.1f} s"
    secret = quick_endpoint.json()["secret"]
    assert Webhook(secret).verify(arrivals[0][2], arrivals[0][1])["type"] == "ping"
    # The sleeper holds at most two attempts at once (WEBHOOK_TENANT_CONCURRENCY).
    assert len(sleeper.arrivals) <= 2
    log = slow_admin.get(f"{WEBHOOKS}/{slow_id}/deliveries", params={"limit": 100}).json()
    assert len(log["results"]) == 12
    assert json.loads(json.dumps(log))["next_cursor"] is None
