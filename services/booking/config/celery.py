"""The booking service's Celery app: its workers and its one beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402
from plumbing.logs import celery_request_ids  # noqa: E402
from plumbing.metrics import celery_metrics  # noqa: E402

app = Celery("booking")
app.conf.update(settings.CELERY)
app.autodiscover_tasks()
# Tasks by state, a published_at header on each message, and (with METRICS_PORT) a metrics
# port in the pool process: plumbing.metrics.
celery_metrics()


# The request id of the request that publishes a task goes with it (plumbing.logs).
celery_request_ids()
