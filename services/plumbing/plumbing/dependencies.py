"""What a service answers while one of its dependencies is down.

- The database down: every request answers 503 `dependency_unavailable` (never 500), and the
  service recovers by itself when it is back (CONN_HEALTH_CHECKS drops a dead persistent
  connection at the start of the next request).
- The broker down: nothing a request needs. Messages wait in the outbox; readiness says
  `degraded` with HTTP 200, so a load balancer keeps the instance.
"""

from __future__ import annotations

import logging
import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

DEPENDENCY_UNAVAILABLE = "dependency_unavailable"
RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exc: BaseException | None) -> bool:
    """An error that says the database cannot be reached (as opposed to a bad query): Django
    wraps psycopg's connection failures in these two."""
    return isinstance(exc, (OperationalError, InterfaceError))


def dependency_unavailable_body(what: str = "database") -> dict:
    return {
        "code": DEPENDENCY_UNAVAILABLE,
        "message": "A service this request needs is unavailable; try again shortly.",
        "detail": {"dependency": what, "retry_after_seconds": RETRY_AFTER_SECONDS},
    }


def dependency_unavailable_response(what: str = "database") -> JsonResponse:
    response = JsonResponse(dependency_unavailable_body(what), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def current_database_error() -> BaseException | None:
    """The database error being handled, for Django's handler500 (called inside the except)."""
    exc = sys.exc_info()[1]
    return exc if is_database_unavailable(exc) else None


def readiness(celery_app) -> JsonResponse:
    """`readyz`: 503 when the database is unreachable; 200 `degraded` when only the broker
    (or the Redis cache) is, since bookings go on without them; 200 `ok` otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; the reason is logged
        logger.warning("readiness: database unreachable: %s", exc)
        checks["database"] = "unreachable"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "unreachable"
    except Exception as exc:
        logger.warning("readiness: cache unreachable: %s", exc)
        checks["cache"] = "unreachable"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:
        logger.warning("readiness: broker unreachable: %s", exc)
        checks["broker"] = "unreachable"
    if checks["database"] != "ok":
        status, http_status = "unavailable", 503
    elif all(value == "ok" for value in checks.values()):
        status, http_status = "ok", 200
    else:
        status, http_status = "degraded", 200
    degraded = sorted(name for name, value in checks.items() if value != "ok")
    return JsonResponse(
        {"status": status, "checks": checks, "degraded": degraded}, status=http_status
    )
