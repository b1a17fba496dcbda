"""The waitlist's Celery task (booking.maintenance queue, by its name's prefix)."""

import datetime

from celery import shared_task

from .services import waitlist_offers_make
from .triggers import OFFERS_MAKE


@shared_task(name=OFFERS_MAKE, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def offers_make(*, tenant_id: str, dates: list[str]) -> int:
    return sum(
        waitlist_offers_make(tenant_id=tenant_id, day=datetime.date.fromisoformat(day))
        for day in dates
    )
