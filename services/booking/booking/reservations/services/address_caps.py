"""Caps per client address and tenant (issue 16, OWASP API6: one client must not be able
to reserve every slot and never complete the purchase).

- Live claims: holds, and bookings still waiting for a code or a payment, made from one
  address. At most tenant.max_live_holds_per_address; past half of it a new hold needs a
  solved proof-of-work challenge (..challenge). Released, expired and confirmed ones no
  longer count.
- Bookings a day (the tenant's calendar day): past tenant.max_bookings_per_address_per_day
  a booking waits for an emailed code even for an email the tenant does not know.

Each time an address hits a cap an AbuseEvent is stored (the back office shows them) and
logged with the request id. The counts are serialised per address and tenant by a
transaction-scoped advisory lock on PostgreSQL (SQLite's immediate transactions already
serialise writers), so two requests racing from one address cannot both slip under a cap.
"""

import datetime
import hashlib
import logging
import math

from django.db import connection
from plumbing.logs import current_request_id

from booking.common.sql import rows
from booking.tenants.models import Tenant

from ..models import AbuseEvent, Booking, Reservation

logger = logging.getLogger("booking.abuse")


def address_lock(*, tenant: Tenant, client_address: str) -> None:
    """Serialises the caps of one address at one tenant until the transaction ends."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"address-cap|{tenant.id}|{client_address}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def live_claims_count(*, tenant: Tenant, client_address: str, now: datetime.datetime) -> int:
    """Unconfirmed claims of the address: live with a deadline still ahead."""
    # In SQL (booking.common.sql): it is in every won hold's transaction.
    [(count,)] = rows(
        "SELECT count(*) FROM {table} WHERE tenant_id = %s AND client_address = %s"
        " AND live AND expires_at > %s",
        Reservation,
        ("tenant", tenant.pk),
        ("client_address", client_address),
        ("expires_at", now),
    )
    return count


def challenge_threshold(cap: int) -> int:
    """From this many live claims on, a new hold needs a solved challenge (half the cap)."""
    return math.ceil(cap / 2)


def bookings_today_count(*, tenant: Tenant, client_address: str, now: datetime.datetime) -> int:
    """Bookings the address made on the tenant's current calendar day (any status)."""
    local = now.astimezone(tenant.zone)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    # Aware arithmetic on one zone is wall-clock: midnight to midnight, 23 or 25 hours on DST days.
    next_day = day_start + datetime.timedelta(days=1)
    return Booking.objects.filter(
        tenant=tenant,
        client_address=client_address,
        created_at__gte=day_start,
        created_at__lt=next_day,
    ).count()


def abuse_event_record(
    *, tenant: Tenant, kind: str, client_address: str, limit: int, count: int
) -> AbuseEvent:
    request_id = current_request_id()
    event = AbuseEvent(
        tenant=tenant,
        kind=kind,
        client_address=client_address,
        request_id=request_id if request_id != "-" else "",
        limit=limit,
        count=count,
    )
    event.save(force_insert=True)
    logger.warning(
        "abuse signal: %s tenant=%s address=%s limit=%s count=%s rid=%s",
        kind,
        tenant.slug,
        client_address,
        limit,
        count,
        request_id,
    )
    return event
