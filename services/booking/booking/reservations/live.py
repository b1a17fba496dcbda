"""Tells open widgets that a day's starts changed (issue 14 part 1), after the commit.

The stream process (services/booking/live) relays these to every widget showing the day; the
widget then refetches the day's starts. An event names the starts and their states only
(held, booked, released, expired), never the client. Redis down costs the widgets their live
updates (they poll), never the request: errors are logged and swallowed.
"""

import datetime
import logging

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
    *, tenant_slug: str, days: dict[datetime.date, list[Reservation]], now: datetime.datetime
) -> None:
    """Publishes each tenant-local day's changed reservations with the state this
    transaction committed (called after the commit; read from the objects, no query).

    A later change to the same start sends its own event, and the widget refetches the day
    on every event, so an event only has to be true of its own commit.
    """
    client = _client()
    if client is None:
        return
    for day, reservations in sorted(days.items()):
        starts = []
        for reservation in sorted(reservations, key=lambda r: r.pk):
            state = reservation.state
            # A row whose expiry passed is free already, whatever the sweep has written.
            expires_at = reservation.expires_at
            if expires_at and expires_at <= now and state == Reservation.State.HELD:
                state = Reservation.State.EXPIRED
            starts.append(
                {
                    "staff": str(reservation.staff_id),
                    "start": _iso(reservation.start),
                    "end": _iso(reservation.end),
                    "state": state,
                    "expires_at": _iso(expires_at) if state == Reservation.State.HELD else None,
                }
            )
        try:
            publish(client, tenant=tenant_slug, day=day, starts=starts)
        except redis.RedisError as error:
            logger.warning("live availability not published for %s %s: %s", tenant_slug, day, error)
