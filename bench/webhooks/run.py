"""Webhook delivery latency: from the commit of a booking to its event at the receiver.

The platform's processes that a delivery passes through (deploy/stack.py: booking's
gunicorn, the `webhooks` worker with its threads; PostgreSQL database bench_webhooks_booking
on BENCH_PG, Redis BENCH_WEBHOOKS_REDIS) and a receiver on loopback. A Business tenant's
endpoint subscribes to booking.confirmed; BENCH_WEBHOOK_BOOKINGS (default 40) bookings are
made one after another through the public API (hold, then book; no code, no payment, so the
booking is confirmed in the request). For each, the latency is the receiver's arrival time
minus the event's `timestamp`, which is taken in the transaction just before it commits (so
it includes the commit, the after-commit relay through the outbox to Redis, the worker
taking the task, signing and the POST). Prints the median, p95 and max, and the booking
request's own median for scale.

It asserts nothing: it prints figures. `make bench` or `.venv/bin/python bench/webhooks/run.py`.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from stack import Stack  # noqa: E402

BOOKINGS = int(os.environ.get("BENCH_WEBHOOK_BOOKINGS", "40"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_WEBHOOKS_REDIS", "redis://127.0.0.1:6379/12")
ARRIVAL_TIMEOUT = 30.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Receiver:
    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}  # booking id -> latency in seconds
        self.condition = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                arrived = time.time()
                event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                sent = datetime.datetime.fromisoformat(event["timestamp"]).timestamp()
                with receiver.condition:
                    receiver.arrivals[event["data"]["id"]] = arrived - sent
                    receiver.condition.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def wait_for(self, booking_id: str) -> float | None:
        with self.condition:
            self.condition.wait_for(lambda: booking_id in self.arrivals, timeout=ARRIVAL_TIMEOUT)
            return self.arrivals.get(booking_id)


def main() -> None:
    stack = Stack(
        name="bench_webhooks",
        components=["booking", "webhooks-worker"],
        postgres=PG,
        redis_url=REDIS_URL,
        var_dir=REPO / "var" / "bench" / "webhooks",
        fresh=True,
    )
    receiver = Receiver()
    stack.start()
    try:
        base = stack.url("booking") + "/api/booking/v1"
        platform = requests.Session()
        platform.headers["Authorization"] = f"Bearer {stack.platform_token}"
        tenant = platform.post(
            f"{base}/platform/tenants",
            json={
                "slug": "bench-hooks",
                "name": "Bench",
                "plan": "business",
                "timezone": "Europe/Zurich",
            },
            timeout=20,
        )
        assert tenant.status_code == 201, tenant.text
        admin = requests.Session()
        admin.headers["Authorization"] = f"Bearer {tenant.json()['api_key']}"
        # All the bench's clients are 127.0.0.1: lift the caps per address (issue 16).
        admin.patch(
            f"{base}/admin/settings",
            json={
                "verify_every_email": False,
                "max_live_holds_per_address": 100,
                "max_bookings_per_address_per_day": 1000,
            },
            timeout=20,
        ).raise_for_status()
        service = admin.post(
            f"{base}/admin/services", json={"name": "Fitting", "duration_minutes": 30}, timeout=20
        ).json()["id"]
        staff = admin.post(
            f"{base}/admin/staff", json={"name": "Lea", "services": [service]}, timeout=20
        ).json()["id"]
        admin.put(
            f"{base}/admin/staff/{staff}/working-hours",
            json={
                "intervals": [
                    {"weekday": d, "start_time": "06:00", "end_time": "22:00"} for d in range(7)
                ]
            },
            timeout=20,
        ).raise_for_status()
        admin.post(
            f"{base}/admin/webhooks",
            json={"url": receiver.url, "events": ["booking.confirmed"]},
            timeout=20,
        ).raise_for_status()

        public = requests.Session()
        latencies: list[float] = []
        requests_s: list[float] = []
        lost = 0
        day = datetime.date.today() + datetime.timedelta(days=1)
        starts: list[str] = []
        while len(latencies) + lost < BOOKINGS:
            if not starts:
                day += datetime.timedelta(days=1)
                starts = [
                    s["start"]
                    for s in public.get(
                        f"{base}/public/bench-hooks/slots",
                        params={"service": service, "staff": staff, "date": day.isoformat()},
                        timeout=20,
                    ).json()["slots"]
                ]
                continue
            start = starts.pop(0)
            hold = public.post(
                f"{base}/public/bench-hooks/holds",
                json={"service": service, "staff": staff, "start": start},
                timeout=20,
            )
            hold.raise_for_status()
            began = time.perf_counter()
            booking = public.post(
                f"{base}/public/bench-hooks/bookings",
                json={
                    # A new email each time: a known one would wait for a code.
                    "client": {
                        "name": "Bea Bench",
                        "email": f"bea{len(requests_s)}@example.com",
                        "phone": "",
                    },
                    "payment": "none",
                },
                headers={"X-Cart-Token": hold.json()["cart_token"]},
                timeout=20,
            )
            requests_s.append(time.perf_counter() - began)
            booking.raise_for_status()
            assert booking.json()["status"] == "confirmed", booking.text
            latency = receiver.wait_for(booking.json()["id"])
            if latency is None:
                lost += 1
            else:
                latencies.append(latency)
    finally:
        stack.stop()
        receiver.server.shutdown()

    ms = [v * 1000 for v in latencies]
    print(
        f"webhooks: {len(ms)} booking.confirmed deliveries ({lost} not arrived in {ARRIVAL_TIMEOUT:.0f} s)"
    )
    if ms:
        print(
            f"  commit -> receiver: median {statistics.median(ms):.1f} ms, "
            f"p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms"
        )
    print(f"  the booking request itself: median {statistics.median(requests_s) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
