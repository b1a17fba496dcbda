"""The beat's sweep: publishes whatever the after-commit relays left pending."""

from celery import shared_task
from django.conf import settings

from .services import outbox_sweep


@shared_task(name=settings.OUTBOX_RELAY_TASK, ignore_result=True)
def relay_pending() -> int:
    return outbox_sweep().sent
