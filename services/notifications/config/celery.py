"""The notifications service's Celery app: one worker process per notifications queue.

celery -A config worker -Q notifications.urgent -c 1 -n urgent@%h
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from contracts import notifications  # noqa: E402
from django.conf import settings  # noqa: E402
from plumbing.logs import celery_request_ids  # noqa: E402
from plumbing.metrics import celery_metrics  # noqa: E402

app = Celery("notifications")
app.conf.update(settings.CELERY)
app.autodiscover_tasks()
# Tasks by state, a published_at header on each message, and (with METRICS_PORT) a metrics
# port in the pool process: plumbing.metrics.
celery_metrics(
    email_task_prefix="notifications.send_",
    verification_task=notifications.SEND_VERIFICATION_CODE,
)
# A task runs with the request id its publisher gave it (plumbing.logs).
celery_request_ids()
