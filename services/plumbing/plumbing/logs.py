"""Structured logs: one JSON line per request and per task, with the request id throughout.

- `logging_config(...)` is each service's LOGGING: JSON lines (python-json-logger) when
  LOG_FORMAT=json (the containers' setting), the readable format otherwise; every record
  gets `request_id`.
- The request id comes from the gateway's X-Request-ID (plumbing.request_id).
  `celery_request_ids()` puts it into every task a request publishes (a `request_id`
  message header, written before the publish) and gives it back to the task while it runs,
  so a notifications worker's lines carry the id of the widget's request that booked.
  The outbox keeps it with each message, so a message the beat's sweep publishes later
  carries the id of the request that caused it.
- `RequestLogMiddleware` writes the request's line (logger `request`); the task's line is
  written when the task ends (logger `task`).

Celery workers keep Django's logging (`setup_logging` connected), so their lines are JSON too.
"""

from __future__ import annotations

import contextvars
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from plumbing.request_id import served_request_id

HEADER = "request_id"
_task_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "task_request_id", default=None
)


def current_request_id() -> str:
    """The id of the request being served, or of the request that published the running
    task ("-" for neither)."""
    return _task_request_id.get() or served_request_id()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        from_request = None
        if request is not None and hasattr(request, "headers"):
            from_request = request.headers.get("X-Request-ID")
        record.request_id = (from_request or current_request_id())[:64]
        return True


def logging_config(*, log_format: str, level: str, loggers: dict | None = None) -> dict:
    plain = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    formatters = {
        "plain": {"format": plain},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "plumbing.logs.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "plain",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # A worker's "ready." and beat's schedule lines stay visible (deploy/stack.py waits
        # for them) whatever LOG_LEVEL says.
        "loggers": {
            "celery.apps.worker": {"level": "INFO"},
            "celery.beat": {"level": "INFO"},
            # Every request has its line already (gunicorn's access line, or the `request`
            # logger's in JSON): Django's own WARNING for each 4xx said it twice, and a
            # storm of lost holds (409) paid for the second line. 5xx stay (ERROR).
            "django.request": {"level": "ERROR"},
            **(loggers or {}),
        },
    }


class RequestLogMiddleware:
    """One line per request: method, route, status and duration (after RequestIdMiddleware,
    so the id is known)."""

    logger = logging.getLogger("request")

    def __init__(self, get_response: Callable) -> None:
        from django.core.exceptions import MiddlewareNotUsed

        if os.environ.get("LOG_FORMAT") != "json":
            # The readable format has gunicorn's access line for each request already.
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        self.logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": (match.route if match is not None else "") or None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def celery_request_ids() -> None:
    """Connects the Celery signals that carry the request id into tasks and log each task."""
    from celery import signals

    task_logger = logging.getLogger("task")
    started: dict[str, tuple[float, contextvars.Token]] = {}

    if os.environ.get("LOG_FORMAT") == "json":

        @signals.setup_logging.connect(weak=False)
        def keep_django_logging(**_: Any) -> None:
            # Connected, so Celery leaves the JSON LOGGING of django.setup() in place
            # (otherwise Celery formats its workers' lines itself, as it always did).
            return None

    @signals.before_task_publish.connect(weak=False)
    def stamp(headers=None, **_: Any) -> None:
        request_id = current_request_id()
        if headers is not None and request_id != "-":
            headers.setdefault(HEADER, request_id)

    if os.environ.get("LOG_FORMAT") != "json":
        # The readable format has Celery's own "received" and "succeeded in" lines.
        task_logger.disabled = True

    @signals.task_prerun.connect(weak=False)
    def enter(task_id=None, task=None, **_: Any) -> None:
        request_id = getattr(getattr(task, "request", None), HEADER, None)
        token = _task_request_id.set(str(request_id)[:64] if request_id else None)
        started[task_id] = (time.perf_counter(), token)

    @signals.task_postrun.connect(weak=False)
    def leave(task_id=None, task=None, state=None, **_: Any) -> None:
        begun, token = started.pop(task_id, (None, None))
        task_logger.info(
            "%s %s",
            getattr(task, "name", "?"),
            state,
            extra={
                "task": getattr(task, "name", None),
                "task_id": task_id,
                "state": state,
                "duration_ms": round((time.perf_counter() - begun) * 1000, 1) if begun else None,
            },
        )
        if token is not None:
            _task_request_id.reset(token)
