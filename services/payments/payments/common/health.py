"""Liveness and readiness for load balancers and `make run`."""

import logging

from config.celery import app as celery_app
from django.http import JsonResponse
from plumbing.dependencies import readiness

logger = logging.getLogger(__name__)


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    """503 with the database down; 200 "degraded" with only the broker (or cache) down."""
    return readiness(celery_app)
