"""The booking service's Celery app: its workers and its one beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402

app = Celery("booking")
app.conf.update(settings.CELERY)
app.autodiscover_tasks()
