"""One request id from the widget's request to the email's send, through three processes.

The platform runs with LOG_FORMAT=json (as in the containers). A booking is made through the
gateway with an X-Request-ID of its own; the same id is then on the gateway's access line,
on the booking service's JSON line for that request, and on the notifications worker's JSON
line for the task that sent the confirmation (the id travels in the task's headers).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest
from stack import Stack  # noqa: E402  (tests/conftest.py puts deploy/ on the path)

from tests.conftest import REPO, Gateway
from tests.test_faults_e2e import free_starts
from tests.throwaway_servers import ThrowawayRedis

COMPONENTS = ("smtp", "booking", "booking-live", "notifications-bulk", "gateway")
PUBLIC = "/api/booking/v1/public"


def log_since_start(path: Path) -> tuple[list[dict], list[str]]:
    """What a process wrote since its last start (deploy/stack.py appends to the log, after a
    "=== ... starting" line of its own that no container has): its JSON objects, and the lines
    a log pipeline reading one JSON object a line would choke on."""
    records: list[dict] = []
    refused: list[str] = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("=== "):
            records, refused = [], []  # an earlier start's lines
            continue
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            records.append(record)
        else:
            refused.append(line)
    return records, refused


def json_lines(path: Path) -> list[dict]:
    return log_since_start(path)[0]


def lines_not_json(path: Path) -> list[str]:
    return log_since_start(path)[1]


def wait_for(predicate, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not found within {timeout:.0f}s: {what}")
        time.sleep(0.5)


@pytest.mark.timeout(300)
def test_one_request_id_through_gateway_booking_and_the_email_worker():
    prefix = os.environ.get("E2E_DB_PREFIX", "e2e")
    # A broker of its own: on the session stack's Redis, that stack's workers would take
    # some of these tasks, and their lines would be in the other stack's logs.
    broker = ThrowawayRedis()
    broker.start()
    stack = Stack(
        name=f"{prefix}_logs",
        components=COMPONENTS,
        postgres=os.environ.get("E2E_POSTGRES") or "postgres://postgres@127.0.0.1:5432",
        redis_url=broker.url(0),
        var_dir=REPO / "var" / "e2e" / f"{prefix}-logs",
        fresh=True,
        booking_workers=1,
        env={"LOG_FORMAT": "json"},
    )
    stack.start()
    try:
        demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
        slug, service = demo["tenant"], demo["services"]["Consultation"]
        request_id = f"trace-{uuid.uuid4().hex[:16]}"
        with Gateway(stack.gateway_url) as http:
            (slot,) = free_starts(http, slug, service, 1, after=_day_after_tomorrow())
            hold = http.post(
                f"{PUBLIC}/{slug}/holds",
                json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
            )
            assert hold.status_code == 201, hold.text
            booking = http.post(
                f"{PUBLIC}/{slug}/bookings",
                headers={
                    "X-Cart-Token": hold.json()["cart_token"],
                    "Idempotency-Key": str(uuid.uuid4()),
                    "X-Request-ID": request_id,
                },
                json={
                    "client": {
                        "name": "Traced Client",
                        "email": f"traced-{uuid.uuid4().hex[:8]}@example.com",
                        "phone": "+41 79 000 00 00",
                    },
                    "reminder": False,
                    "payment": "none",
                },
            )
        assert booking.status_code == 201, booking.text
        assert booking.headers["X-Request-ID"] == request_id

        # 1. nginx: the access line of the request.
        gateway_line = wait_for(
            lambda: [
                line
                for line in stack.log_path("gateway").read_text(errors="replace").splitlines()
                if f"rid={request_id}" in line
            ],
            "the gateway's access line",
        )
        assert "POST /api/booking/v1/public/" in gateway_line[0]
        # 2. booking: one JSON line for the request, with its route and status.
        (request_line,) = wait_for(
            lambda: [
                r
                for r in json_lines(stack.log_path("booking"))
                if r.get("logger") == "request" and r.get("request_id") == request_id
            ],
            "the booking service's request line",
        )
        assert request_line["status"] == 201
        assert request_line["route"].endswith("/bookings")
        # Every line of the service is one JSON object: gunicorn's own lines too, and no
        # plain access line beside the request's JSON line (docs/operations.md, Logs); the
        # same for the live stream's process and uvicorn's lines in it.
        assert lines_not_json(stack.log_path("booking")) == []
        assert lines_not_json(stack.log_path("booking-live")) == []
        # 3. notifications worker: the confirmation task's line carries the same id.
        task_lines = wait_for(
            lambda: [
                r
                for r in json_lines(stack.log_path("notifications-bulk"))
                if r.get("logger") == "task" and r.get("request_id") == request_id
            ],
            "the notifications worker's task line",
        )
        assert task_lines[0]["task"] == "notifications.send_booking_confirmation.v1"
        assert task_lines[0]["state"] == "SUCCESS"
        # Its "sent ..." lines carry the id too.
        sent = [
            r
            for r in json_lines(stack.log_path("notifications-bulk"))
            if r.get("request_id") == request_id and str(r.get("message", "")).startswith("sent ")
        ]
        assert len(sent) == 3, sent
        # No Celery banner among the worker's JSON lines (`celery -q`, deploy/processes.py).
        # (Not every line is checked here: Celery warns a root worker in plain text before
        # logging is set up, and the tests run as root; the containers run as `platform`.)
        banner = [
            line
            for line in lines_not_json(stack.log_path("notifications-bulk"))
            if ".> transport:" in line or "[queues]" in line
        ]
        assert banner == []
    finally:
        stack.stop()
        broker.stop()


def _day_after_tomorrow():
    import datetime

    return datetime.date.today() + datetime.timedelta(days=2)
