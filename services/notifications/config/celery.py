"""The notifications service's Celery app: one worker process per notifications queue.

celery -A config worker -Q notifications.urgent -c 1 -n urgent@%h
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402

app = Celery("notifications")
app.conf.update(settings.CELERY)
app.autodiscover_tasks()
