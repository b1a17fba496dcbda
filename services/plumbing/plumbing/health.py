"""Liveness and readiness for load balancers, Kubernetes probes and `make run`."""

from django.http import JsonResponse

from plumbing.broker import service_celery_app
from plumbing.dependencies import readiness


def healthz(request):
    """Alive: answers without touching the database, the cache or the broker."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """503 with the database down; 200 "degraded" with only the broker (or cache) down."""
    return readiness(service_celery_app())
