"""The waitlist's part in every availability change: a task when someone may be waiting.

Called by booking.reservations.events inside the changing transaction; the task goes out
through the outbox after commit and re-reads everything (it may arrive twice or late).
"""

import datetime

from plumbing.outbox.services import outbox_enqueue

from .models import WaitlistEntry

OFFERS_MAKE = "booking.waitlist.offers_make"


def waitlist_after_change(*, tenant_id, days: list[datetime.date]) -> None:
    waiting = (
        WaitlistEntry.objects.filter(tenant_id=tenant_id, day__in=days, offer__isnull=True)
        .order_by()  # the model's ordering would make every entry distinct
        .values_list("day", flat=True)
        .distinct()
    )
    dates = sorted({day.isoformat() for day in waiting})
    if dates:
        outbox_enqueue(OFFERS_MAKE, {"tenant_id": str(tenant_id), "dates": dates})
