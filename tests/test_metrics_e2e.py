"""GET /metrics on each service's own port, after a booking made through the gateway.

The counters a user's booking moves are read before and after: holds won and lost, the
booking's transition, the request latency of the holds route, its three emails sent by the
notifications worker (its metrics port), and the platform-wide gauges (each Celery queue's
length and oldest message, the outbox backlog). The gateway never answers /metrics.
"""

from __future__ import annotations

import time
import uuid

import pytest
import requests
from contracts import queues
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ARTIFACTS

PUBLIC = "/api/booking/v1/public"
ALL_QUEUES = sorted(v for k, v in vars(queues).items() if k.isupper() and isinstance(v, str))


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    response = requests.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    """The sum of `name`'s samples whose labels include `labels` (0 when none)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def names(samples: dict) -> set[str]:
    return {name for name, _ in samples}


@pytest.mark.timeout(300)
def test_metrics_after_a_booking(stack, demo, http, find_slot):
    booking_url = stack.url("booking")
    worker_url = f"http://127.0.0.1:{stack.metrics_port('notifications-bulk')}"
    before = scrape(booking_url)
    emails_before = scrape(worker_url)

    service = demo.services["Consultation"]
    slot = find_slot(service)
    hold = http.post(
        f"{PUBLIC}/{demo.slug}/holds",
        json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
    )
    assert hold.status_code == 201, hold.text
    # Someone else asks for the same start: a hold lost.
    with requests.Session() as other:
        taken = other.post(
            f"{stack.gateway_url}{PUBLIC}/{demo.slug}/holds",
            json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
            timeout=20,
        )
    assert taken.status_code == 409, taken.text
    booking = http.post(
        f"{PUBLIC}/{demo.slug}/bookings",
        headers={"X-Cart-Token": hold.json()["cart_token"], "Idempotency-Key": str(uuid.uuid4())},
        json={
            "client": {
                "name": "Metrics Client",
                "email": f"metrics-{uuid.uuid4().hex[:8]}@example.com",
                "phone": "+41 79 000 00 00",
            },
            "reminder": False,
            "payment": "none",
        },
    )
    assert booking.status_code == 201, booking.text
    status = booking.json()["status"]

    after = scrape(booking_url)
    holds_route = f"api/booking/v1/public/<slug:{'tenant'}>/holds"
    assert value(after, "booking_holds_total", outcome="won") >= (
        value(before, "booking_holds_total", outcome="won") + 1
    )
    assert value(after, "booking_holds_total", outcome="lost") >= (
        value(before, "booking_holds_total", outcome="lost") + 1
    )
    assert ("booking_holds_total", frozenset({("outcome", "expired")})) in after
    # A booking is made (from "new") and reaches the status the client was answered (a new
    # client's booking passes through awaiting_verification on its way to confirmed).
    for transition in ({"from_state": "new"}, {"to_state": status}):
        assert value(after, "booking_transitions_total", **transition) >= (
            value(before, "booking_transitions_total", **transition) + 1
        ), transition
    latency = {"service": "booking", "route": holds_route, "method": "POST", "status": "201"}
    assert value(after, "http_request_duration_seconds_count", **latency) >= (
        value(before, "http_request_duration_seconds_count", **latency) + 1
    )
    assert value(after, "http_request_duration_seconds_bucket", le="+Inf", **latency) >= 1
    assert value(after, "celery_broker_up") == 1
    for queue in ALL_QUEUES:
        assert ("celery_queue_length", frozenset({("queue", queue)})) in after, queue
        assert (
            "celery_queue_oldest_message_age_seconds",
            frozenset({("queue", queue)}),
        ) in after, queue
    assert ("outbox_pending_messages", frozenset({("service", "booking")})) in after
    # What an operator sees: the platform's own lines of the scrape, kept for the report.
    shown = [
        line
        for line in requests.get(f"{booking_url}/metrics", timeout=10).text.splitlines()
        if line.startswith(("booking_", "celery_queue", "celery_broker", "outbox_"))
        or (line.startswith("http_request_duration_seconds_count") and "/holds" in line)
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "metrics-after-a-booking.txt").write_text("\n".join(shown) + "\n")

    # The booking's confirmation goes to the client, the staff member and the owner.
    if status == "confirmed":
        deadline = time.monotonic() + 90
        while True:
            worker = scrape(worker_url)
            sent = value(worker, "emails_total", outcome="sent") - value(
                emails_before, "emails_total", outcome="sent"
            )
            if sent >= 3:
                break
            assert time.monotonic() < deadline, f"{sent} of 3 emails counted"
            time.sleep(1)
        assert value(worker, "email_latency_seconds_count") >= 1
        assert {"verification_codes_total", "celery_tasks_total"} <= names(worker)

    payments = scrape(stack.url("payments"))
    assert "http_request_duration_seconds_bucket" in names(payments) or (
        "outbox_pending_messages" in names(payments)
    )

    # Not from outside: the gateway has no such address.
    for path in ("/metrics", "/api/booking/metrics", "/api/payments/metrics"):
        outside = requests.get(f"{stack.gateway_url}{path}", timeout=10)
        assert outside.status_code == 404, (path, outside.status_code)
        assert "booking_holds_total" not in outside.text


@pytest.mark.timeout(120)
def test_live_stream_metrics_count_open_streams_and_events(stack, demo, http, find_slot):
    """The live stream process (its own port) says how full it is, so an operator knows when
    to run more replicas: streams open against its limit, and the events it sent."""
    live_url = stack.url("booking-live")
    before = scrape(live_url)
    assert value(before, "live_streams_limit") > 0
    service = demo.services["Consultation"]
    slot = find_slot(service)
    day = slot["start"][:10]

    stream_url = f"{stack.gateway_url}/api/booking/v1/live/{demo.slug}?date={day}"
    with requests.get(stream_url, stream=True, timeout=15) as stream:
        assert stream.status_code == 200
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines).startswith("retry:")  # the stream is open
        during = scrape(live_url)
        hold = http.post(
            f"{PUBLIC}/{demo.slug}/holds",
            json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
        )
        assert hold.status_code == 201, hold.text
        assert any(line.startswith("event: availability") for line in lines)

    # The demo tenant is shared by the other tests: its start is let go again.
    released = http.delete(
        f"{PUBLIC}/{demo.slug}/holds/{hold.json()['id']}",
        headers={"X-Cart-Token": hold.json()["cart_token"]},
    )
    assert released.status_code == 204, released.text
    assert value(during, "live_streams_open") >= value(before, "live_streams_open") + 1
    after = scrape(live_url)
    assert value(after, "live_events_sent_total") >= value(before, "live_events_sent_total") + 1
