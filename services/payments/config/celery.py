"""The payments service's Celery app: its worker consumes the payments.events queue;
its beat (exactly one) sends the daily reconciliation with Stripe to that worker."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402
from plumbing.logs import celery_request_ids  # noqa: E402
from plumbing.metrics import celery_metrics  # noqa: E402

app = Celery("payments")
app.conf.update(settings.CELERY)
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "payments: reconcile payment intents with Stripe": {
        "task": "payments.maintenance.reconcile",  # payments.checkout.tasks.RECONCILE
        "schedule": crontab(hour=3, minute=17),  # UTC
        "options": {"queue": "payments.events", "expires": 6 * 3600},
    },
}
app.autodiscover_tasks()
# Tasks by state, a published_at header on each message, and (with METRICS_PORT) a metrics
# port in the pool process: plumbing.metrics.
celery_metrics()


# The request id of the request that publishes a task goes with it (plumbing.logs).
celery_request_ids()
