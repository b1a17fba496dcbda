"""Tells open widgets that a day's starts changed (issue 14 part 1), after the commit.

The stream process (services/booking/live) relays these to every widget showing the day; the
widget then refetches the day's starts. An event names the starts and their states only
(held, booked, released, expired), never the client. Redis down costs the widgets their live
updates (they poll), never the request: errors are logged and swallowed.
"""

import datetime
import logging
from uuid import UUID

import redis
from django.conf import settings
from live.channels import publish

from .models import Reservation

logger = logging.getLogger(__name__)

_clients: dict[str, redis.Redis] = {}


def _client() -> redis.Redis | None:
    url = settings.REDIS_URL
    if not url:
        return None
    if url not in _clients:
        # Short timeouts: this runs in the request, after its commit.
        _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _clients[url]


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


def day_changes_publish(
    *, tenant_slug: str, days: dict[datetime.date, set[UUID]], now: datetime.datetime
) -> None:
    """Publishes each tenant-local day's changed reservations with their committed state."""
    client = _client()
    if client is None:
        return
    ids = set().union(*days.values())
    rows = {
        row["pk"]: row
        for row in Reservation.objects.filter(pk__in=ids).values(
            "pk", "staff_id", "start", "end", "state", "expires_at"
        )
    }
    for day, reservation_ids in sorted(days.items()):
        starts = []
        for pk in sorted(reservation_ids):
            row = rows.get(pk)
            if row is None:
                continue
            state = row["state"]
            # A row whose expiry passed is free already, whatever the sweep has written.
            if row["expires_at"] and row["expires_at"] <= now and state == "held":
                state = Reservation.State.EXPIRED
            starts.append(
                {
                    "staff": str(row["staff_id"]),
                    "start": _iso(row["start"]),
                    "end": _iso(row["end"]),
                    "state": state,
                    "expires_at": _iso(row["expires_at"]) if state == "held" else None,
                }
            )
        try:
            publish(client, tenant=tenant_slug, day=day, starts=starts)
        except redis.RedisError as error:
            logger.warning("live availability not published for %s %s: %s", tenant_slug, day, error)
