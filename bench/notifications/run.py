"""Confirmations benchmark: how long from a booking's commit until its emails reach SMTP.

Books BENCH_BOOKINGS (default 10) free appointments of the demo tenant one after another
through the gateway, with the booking service, the notification workers, the SMTP sink
and nginx running as real processes (deploy/stack.py; PostgreSQL databases
`bench_notifications_*`, Redis database 7). The start is the booking's `server_time`,
taken right after its commit; the end is the time in the name of the sink's .eml file.

Prints the median and maximum for the client's confirmation and for all three emails
(client, staff member, owner). It asserts nothing: it prints figures. Run with
`make bench` or `.venv/bin/python bench/notifications/run.py`.
"""

import datetime
import json
import os
import statistics
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from stack import Stack  # noqa: E402

BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "10"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_NOTIFICATIONS_REDIS", "redis://127.0.0.1:6379/7")
WAIT_SECONDS = 60  # for one booking's three emails; a bench that hangs helps nobody
COMPONENTS = ["smtp", "booking", "notifications-urgent", "notifications-bulk", "gateway"]


def arrivals(mail_dir: Path, seen: set[Path]) -> dict[str, list[float]]:
    """Arrival times (epoch seconds, from the sink's file names) of new messages, by recipient."""
    found: dict[str, list[float]] = {}
    for path in mail_dir.glob("*.eml"):
        if path in seen:
            continue
        to = str(message_from_bytes(path.read_bytes())["To"]).lower()
        found.setdefault(to, []).append(int(path.name.split("-")[0]) / 1e9)
    return found


def first_free_start(http: requests.Session, base: str, service: str) -> dict:
    day = datetime.date.today() + datetime.timedelta(weeks=5)
    for _ in range(60):
        slots = http.get(f"{base}/slots", params={"service": service, "date": day.isoformat()})
        slots.raise_for_status()
        if slots.json()["slots"]:
            return slots.json()["slots"][0]
        day += datetime.timedelta(days=1)
    raise SystemExit("no free start of the consultation in 60 days")


def book_once(http: requests.Session, base: str, service: str, email: str) -> dict:
    slot = first_free_start(http, base, service)
    hold = http.post(
        f"{base}/holds",
        json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
    )
    hold.raise_for_status()
    booking = http.post(
        f"{base}/bookings",
        headers={"X-Cart-Token": hold.json()["cart_token"]},
        json={
            "client": {"name": "Erika Muster", "email": email, "phone": "+41 79 123 45 67"},
            "reminder": False,
            "payment": "none",
        },
    )
    booking.raise_for_status()
    return booking.json()


def main() -> None:
    stack = Stack(
        name="bench_notifications",
        components=COMPONENTS,
        postgres=PG,
        redis_url=REDIS_URL,
        var_dir=REPO / "var" / "stacks" / "bench_notifications",
        env={"LOG_LEVEL": "WARNING"},
        fresh=True,
    )
    with stack:
        demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
        service = demo["services"]["Consultation"]
        base = f"{stack.gateway_url}/api/booking/v1/public/{demo['tenant']}"
        http = requests.Session()
        client_latencies, all_latencies = [], []
        seen = set(stack.mail_dir.glob("*.eml"))
        for _ in range(BOOKINGS):
            client = f"timing-{uuid.uuid4().hex[:8]}@example.com"
            booking = book_once(http, base, service, client)
            committed = datetime.datetime.fromisoformat(booking["server_time"]).timestamp()
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                new = arrivals(stack.mail_dir, seen)
                times = [t for recipient in new.values() for t in recipient]
                if client in new and len(times) >= 3:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"booking {booking['id']}: {len(times)} of 3 emails in 60 s")
                time.sleep(0.02)
            client_latencies.append(min(new[client]) - committed)
            all_latencies.append(max(times) - committed)
            seen = set(stack.mail_dir.glob("*.eml"))
    print(f"{BOOKINGS} free bookings through the gateway; emails per booking: 3")
    for label, values in (
        ("client's confirmation", client_latencies),
        ("all three emails", all_latencies),
    ):
        print(
            f"commit to SMTP, {label}: median {statistics.median(values) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms"
        )
    print(f"machine load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
