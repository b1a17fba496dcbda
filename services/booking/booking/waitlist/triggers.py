"""The waitlist's part in every availability change: a task when someone may be waiting.

Called by booking.reservations.events inside the changing transaction; the task goes out
through the outbox after commit and re-reads everything (it may arrive twice or late).
"""

import datetime

from django.db import connection
from plumbing.outbox.services import outbox_enqueue

from booking.common.sql import placeholders, rows

from .models import WaitlistEntry, WaitlistOffer

OFFERS_MAKE = "booking.waitlist.offers_make"


def waitlist_after_change(*, tenant_id, days: list[datetime.date]) -> None:
    if not days:
        return
    # In SQL (booking.common.sql): every release asks it, in its transaction.
    offers = connection.ops.quote_name(WaitlistOffer._meta.db_table)
    waiting = rows(
        f"SELECT DISTINCT day FROM {{table}} WHERE tenant_id = %s"
        f" AND day IN ({placeholders(len(days))})"
        f" AND NOT EXISTS (SELECT 1 FROM {offers} offer WHERE offer.entry_id = {{table}}.id)",
        WaitlistEntry,
        ("tenant", tenant_id),
        ("day", list(days)),
    )
    day = WaitlistEntry._meta.get_field("day")  # SQLite answers a date as text
    dates = sorted({day.to_python(value).isoformat() for (value,) in waiting})
    if dates:
        outbox_enqueue(OFFERS_MAKE, {"tenant_id": str(tenant_id), "dates": dates})
