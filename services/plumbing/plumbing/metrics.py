"""Prometheus metrics shared by every service (prometheus-client), one copy for all of them.

- `MetricsMiddleware` (first in MIDDLEWARE) times every request into
  `http_request_duration_seconds{service,route,method,status}` (route: the URL pattern, so
  the label set stays bounded), counts holds won and lost from the holds endpoint's answers,
  and answers `GET /metrics` itself, before host validation, on the service's own port. The
  gateway never forwards /metrics (it proxies only /api/..., /office/ and /widget/).
- Under gunicorn each worker process writes its samples to PROMETHEUS_MULTIPROC_DIR (an empty
  folder per start, made by deploy/stack.py or the container) and a scrape adds them up.
- `celery_metrics()` (called by each service's Celery app module) counts tasks by name and
  state, emails sent and failed and their latency from publication (the outbox publishes right
  after the commit), verification codes sent and failed, and stamps every published task with
  a `published_at` header. In a worker's pool child with METRICS_PORT set it serves the
  metrics on that port.
- At scrape time the web services add what is true of the whole platform: each Celery queue's
  length and the age of its oldest message (Redis), and the service's outbox backlog.

docs/operations.md lists every metric with the alert that fires on it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUEST_LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by URL pattern, method and status.",
    ["service", "route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
HOLDS = Counter(
    "booking_holds",
    "Holds by outcome: won (201), lost (409, someone else has the time) and expired.",
    ["outcome"],
)
BOOKING_TRANSITIONS = Counter(
    "booking_transitions",
    "Booking state changes; from_state 'new' for a booking just made.",
    ["from_state", "to_state"],
)
CELERY_TASKS = Counter(
    "celery_tasks",
    "Tasks run by this worker, by task name and state (success, retry, failure).",
    ["task", "state"],
)
EMAILS = Counter(
    "emails",
    "Emails by notification task and outcome: sent (per recipient) or failed (task gave up).",
    ["task", "outcome"],
)
EMAIL_LATENCY = Histogram(
    "email_latency_seconds",
    "From the task's publication (right after the commit that caused it) to its emails sent.",
    ["task"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)
VERIFICATION_CODES = Counter(
    "verification_codes",
    "Verification code emails by outcome: sent or failed (the task gave up).",
    ["outcome"],
)

PUBLISHED_AT = "published_at"

# Known label values start at 0, so a rate() or an alert sees them before their first event.
for _outcome in ("won", "lost", "expired"):
    HOLDS.labels(_outcome)
for _outcome in ("sent", "failed"):
    VERIFICATION_CODES.labels(_outcome)


def count_holds(outcome: str, amount: int = 1) -> None:
    if amount:
        HOLDS.labels(outcome).inc(amount)


def count_transition(from_state: str, to_state: str, amount: int = 1) -> None:
    if amount and from_state != to_state:
        BOOKING_TRANSITIONS.labels(from_state, to_state).inc(amount)


# -- exposition ----------------------------------------------------------------------------

# Collectors of platform-wide facts, asked at scrape time (registered by each service).
_scrape_registry = CollectorRegistry(auto_describe=False)


def register_scrape_collector(collector: Any) -> None:
    _scrape_registry.register(collector)


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_scrape_registry)


class MetricsMiddleware:
    """Outermost middleware: times each request and answers GET /metrics."""

    def __init__(self, get_response: Callable) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.service = getattr(settings, "METRICS_SERVICE", "")
        self.holds_suffix = getattr(settings, "METRICS_HOLDS_ROUTE_SUFFIX", None)

    def __call__(self, request):
        if request.path == "/metrics":
            from django.http import HttpResponse

            if request.method not in ("GET", "HEAD"):
                return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
            return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route if match is not None else "") or "unmatched"
        method = request.method if request.method in METHODS else "other"
        status = response.status_code
        REQUEST_LATENCY.labels(self.service, route, method, str(status)).observe(
            time.perf_counter() - started
        )
        if self.holds_suffix and method == "POST" and route.endswith(self.holds_suffix):
            if status == 201:
                count_holds("won")
            elif status == 409:
                count_holds("lost")
        return response


# -- the platform's queues and the outbox, read at scrape time -----------------------------

# kombu's Redis transport keeps a queue's messages of priority 3, 6 and 9 in lists beside the
# plain one (separator \x06\x16), and takes the oldest from the right end.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class QueueCollector:
    """`celery_queue_length{queue}` and `celery_queue_oldest_message_age_seconds{queue}` from
    Redis (one pipelined round trip, half a second at most); `celery_broker_up` 0 when
    Redis does not answer, so a scrape never fails with the broker."""

    def __init__(self, redis_url: str, queue_names: Iterable[str]) -> None:
        self.redis_url = redis_url
        self.queue_names = sorted(queue_names)
        self._client = None

    def _redis(self):
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(
                self.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return self._client

    def collect(self):
        up = GaugeMetricFamily("celery_broker_up", "1 when the broker (Redis) answered.")
        length = GaugeMetricFamily(
            "celery_queue_length", "Messages waiting in each Celery queue.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "celery_queue_oldest_message_age_seconds",
            "Age of the oldest waiting message of each queue (0 when empty).",
            labels=["queue"],
        )
        try:
            pipe = self._redis().pipeline(transaction=False)
            for queue in self.queue_names:
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
                pipe.lindex(queue, -1)
            answers = pipe.execute()
        except Exception as exc:  # noqa: BLE001 - any broker failure is "down" for a scrape
            logger.warning("metrics: the broker did not answer: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        now = time.time()
        step = len(PRIORITY_SUFFIXES) + 1
        for index, queue in enumerate(self.queue_names):
            row = answers[index * step : (index + 1) * step]
            length.add_metric([queue], sum(row[:-1]))
            age.add_metric([queue], _message_age(row[-1], now))
        yield up
        yield length
        yield age


def _message_age(raw: bytes | None, now: float) -> float:
    if not raw:
        return 0.0
    try:
        published = float(json.loads(raw)["headers"][PUBLISHED_AT])
    except (ValueError, KeyError, TypeError):
        return 0.0
    return max(0.0, now - published)


class OutboxCollector:
    """`outbox_pending_messages` and `outbox_oldest_pending_age_seconds` of this service's
    outbox (one indexed query); nothing when the database does not answer."""

    def __init__(self, service: str) -> None:
        self.service = service

    def collect(self):
        from django.db.models import Count, Min
        from django.utils import timezone

        from plumbing.outbox.models import OutboxMessage

        try:
            row = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(
                pending=Count("id"), oldest=Min("created_at")
            )
        except Exception as exc:  # noqa: BLE001 - a scrape must not fail with the database
            logger.warning("metrics: outbox not readable: %s", exc)
            return
        pending = GaugeMetricFamily(
            "outbox_pending_messages",
            "Messages committed but not yet handed to the broker.",
            labels=["service"],
        )
        pending.add_metric([self.service], row["pending"])
        age = GaugeMetricFamily(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest message not yet handed to the broker (0 when none).",
            labels=["service"],
        )
        oldest = row["oldest"]
        age.add_metric([self.service], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        yield pending
        yield age


def web_metrics(*, service: str, redis_url: str, queue_names: Iterable[str]) -> None:
    """Registers the scrape-time collectors of a web service (from its AppConfig.ready)."""
    if redis_url.startswith(("redis://", "rediss://")):
        register_scrape_collector(QueueCollector(redis_url, queue_names))
    register_scrape_collector(OutboxCollector(service))


# -- Celery ----------------------------------------------------------------------------------

_started: dict[str, float] = {}


def celery_metrics(
    *,
    email_task_prefix: str | None = None,
    verification_task: str | None = None,
) -> None:
    """Connects the Celery signals: every published task carries `published_at`; a worker
    counts its tasks (and, for notifications, emails and verification codes)."""
    from celery import signals

    @signals.before_task_publish.connect(weak=False)
    def stamp(headers=None, **_: Any) -> None:
        if headers is not None:
            headers.setdefault(PUBLISHED_AT, time.time())

    @signals.task_prerun.connect(weak=False)
    def prerun(task_id=None, **_: Any) -> None:
        _started[task_id] = time.time()

    @signals.task_postrun.connect(weak=False)
    def postrun(task_id=None, task=None, retval=None, state=None, **_: Any) -> None:
        _started.pop(task_id, None)
        name = getattr(task, "name", "unknown")
        CELERY_TASKS.labels(name, (state or "unknown").lower()).inc()
        if state != "SUCCESS" or not email_task_prefix or not name.startswith(email_task_prefix):
            return
        sent = len(retval) if isinstance(retval, list) else 0
        if sent:
            EMAILS.labels(name, "sent").inc(sent)
            published = (getattr(task.request, PUBLISHED_AT, None) or 0) if task else 0
            if published:
                EMAIL_LATENCY.labels(name).observe(max(0.0, time.time() - float(published)))
        if name == verification_task and sent:
            VERIFICATION_CODES.labels("sent").inc()

    @signals.task_failure.connect(weak=False)
    def failure(sender=None, **_: Any) -> None:
        name = getattr(sender, "name", "unknown")
        if email_task_prefix and name.startswith(email_task_prefix):
            EMAILS.labels(name, "failed").inc()
            if name == verification_task:
                VERIFICATION_CODES.labels("failed").inc()

    @signals.worker_process_init.connect(weak=False)
    def serve(**_: Any) -> None:
        port = os.environ.get("METRICS_PORT")
        if not port:
            return
        from prometheus_client import start_http_server

        try:
            start_http_server(int(port), addr=os.environ.get("METRICS_ADDR", "0.0.0.0"))
        except OSError as exc:
            logger.warning("metrics: cannot serve on port %s: %s", port, exc)
