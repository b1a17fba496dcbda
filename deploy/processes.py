"""Every process kind of the platform and its command, declared once.

deploy/stack.py (make run, the end-to-end tests, the benchmarks) and deploy/k8s/generate.py
build their commands here; `make manifests-check` fails when docker-compose.yml runs anything
else. Queue names come from contracts.queues.

    command(PROCESSES["notifications-bulk"], root="/app")
    -> ["celery", "-A", "config", "-q", "worker", "-l", "INFO", "-Q", "notifications.bulk", ...]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "services" / "contracts"))

from contracts import queues  # noqa: E402

WEB, WORKER, BEAT = "web", "worker", "beat"
# An ASGI process holding long-lived streams (Server-Sent Events) on one event loop.
STREAM = "stream"
STREAM_PORT = 8000
# -q: no banner. Celery prints it to stdout, outside logging, so it was the one block of plain
# text among the JSON lines of the containers (LOG_FORMAT=json, docs/operations.md); a worker's
# "ready." and beat's "Starting..." are log lines and stay.
CELERY = ("celery", "-A", "config", "-q")


@dataclass(frozen=True)
class Process:
    name: str
    service: str  # whose code and settings it runs (services/<service>)
    kind: str  # web | worker | beat | stream
    queues: tuple[str, ...] = ()  # a worker's queues
    node: str = ""  # a worker's Celery node name (before @host)
    # A worker whose tasks mostly wait on the network runs this many threads instead of one
    # process: one slow receiver holds one thread, never the queue.
    threads: int = 0


PROCESSES = {
    process.name: process
    for process in (
        Process("booking", "booking", WEB),
        Process(
            "booking-worker",
            "booking",
            WORKER,
            (queues.BOOKING_EVENTS, queues.BOOKING_MAINTENANCE),
            node="booking",
        ),
        Process("booking-beat", "booking", BEAT),
        # Live availability (services/booking/live): the widgets' open streams.
        Process("booking-live", "booking", STREAM),
        Process("webhooks-worker", "booking", WORKER, (queues.WEBHOOKS,), "webhooks", threads=8),
        Process(
            "notifications-urgent",
            "notifications",
            WORKER,
            (queues.NOTIFICATIONS_URGENT,),
            node="urgent",
        ),
        Process(
            "notifications-bulk", "notifications", WORKER, (queues.NOTIFICATIONS_BULK,), "bulk"
        ),
        Process(
            "notifications-enterprise",
            "notifications",
            WORKER,
            (queues.NOTIFICATIONS_ENTERPRISE,),
            node="enterprise",
        ),
        Process("payments", "payments", WEB),
        Process("payments-worker", "payments", WORKER, (queues.PAYMENTS_EVENTS,), "payments"),
        Process("payments-beat", "payments", BEAT),
    )
}


def command(
    process: Process, *, root: str | Path, state_dir: str | Path = "/tmp", node_suffix: str = ""
) -> list[str]:
    """The process's command, run in services/<service> of the checkout at `root`.

    `state_dir` keeps what a static beat schedule remembers of its last runs; `node_suffix`
    tells apart the workers of several stacks on one broker host."""
    if process.kind == WEB:
        return ["gunicorn", "-c", f"{root}/deploy/gunicorn.conf.py", "config.wsgi"]
    if process.kind == STREAM:
        # A stream ends only when the client goes: shutdown waits 5 s for none of them.
        # uvloop and httptools: one change reaches 5,000 streams in p95 0.8 s instead of 2 s
        # with asyncio's loop and h11 (bench/live).
        return [
            *("uvicorn", "live.app:app", "--host", "0.0.0.0", "--port", str(STREAM_PORT)),
            *("--loop", "uvloop", "--http", "httptools"),
            *("--no-access-log", "--timeout-graceful-shutdown", "5"),
        ]
    if process.kind == WORKER:
        pool = ("--pool", "threads", "--concurrency", str(process.threads))
        # No mingle or gossip: the workers need nothing from each other, and it keeps
        # parallel stacks on one broker host quiet.
        return [
            *(*CELERY, "worker", "-l", "INFO", "-Q", ",".join(process.queues)),
            *(pool if process.threads else ("--concurrency", "1")),
            *("-n", f"{process.node}{node_suffix}@%h", "--without-mingle", "--without-gossip"),
        ]
    beat = [*CELERY, "beat", "-l", "INFO"]
    if process.service == "booking":
        # Its schedule lives in the database (django-celery-beat: the outbox sweep, reminders).
        return [*beat, "-S", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile="]
    # Payments' schedule is static (its settings); the file only remembers the last runs.
    return [*beat, "-s", f"{state_dir}/{process.name}-schedule", "--pidfile="]
