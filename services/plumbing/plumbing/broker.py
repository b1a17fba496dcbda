"""Bounds on how long a process waits for the Celery broker.

kombu retries a connection for `broker_connection_timeout` seconds in all (4 by default)
and, without socket timeouts, a broker that accepts connections but never answers holds a
publish for as long as the kernel keeps the socket. A request that publishes after commit
must not wait that long: the message is safe in the outbox and the beat's sweep sends it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

CONNECTION_TIMEOUT = 2.0
# Longer than kombu's one-second BRPOP, which the workers' consuming connection also uses.
SOCKET_TIMEOUT = 5.0


def bounded(celery: dict[str, Any]) -> dict[str, Any]:
    """A service's CELERY settings with the broker connection's waits bounded."""
    bounded_settings = dict(celery, broker_connection_timeout=CONNECTION_TIMEOUT)
    if str(celery.get("broker_url", "")).startswith(("redis://", "rediss://")):
        bounded_settings["broker_transport_options"] = {
            **celery.get("broker_transport_options", {}),
            "socket_connect_timeout": CONNECTION_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
        }
    return bounded_settings


def service_celery_app():
    """The service's own Celery app: `config.celery.app`, or the one the CELERY_APP setting
    names. Read on every call: tests swap it for a recording or a dead one."""
    return import_string(getattr(settings, "CELERY_APP", "config.celery.app"))
