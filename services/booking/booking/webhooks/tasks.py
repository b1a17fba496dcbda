"""Celery tasks of the webhooks worker (queue `webhooks`, contracts.routing): thin, each calls
one service. One task per attempt, so a slow receiver holds one thread for at most the
timeout, and a tenant at most WEBHOOK_TENANT_CONCURRENCY threads."""

from celery import shared_task
from django.conf import settings

from .services import DELIVER_TASK, deliveries_forget_old, deliveries_publish_due, delivery_attempt

PUBLISH_DUE_TASK = "webhooks.publish_due"
FORGET_OLD_TASK = "webhooks.forget_old"


@shared_task(
    name=DELIVER_TASK,
    ignore_result=True,
    # The attempt is bounded by WEBHOOK_TIMEOUT_SECONDS; the limits only catch a stuck one.
    soft_time_limit=settings.WEBHOOK_TIMEOUT_SECONDS + 20,
    time_limit=settings.WEBHOOK_TIMEOUT_SECONDS + 30,
)
def deliver(*, delivery_id: str, attempt: int, dedupe_key: str = "") -> str:
    return delivery_attempt(delivery_id=delivery_id, attempt=attempt).state


@shared_task(name=PUBLISH_DUE_TASK, ignore_result=True)
def publish_due() -> int:
    return deliveries_publish_due()


@shared_task(name=FORGET_OLD_TASK, ignore_result=True)
def forget_old() -> int:
    return deliveries_forget_old()
