"""The payments service's Celery app: its worker consumes the payments.events queue."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402

app = Celery("payments")
app.conf.update(settings.CELERY)
app.autodiscover_tasks()
