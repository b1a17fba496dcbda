"""The live availability channels: one per tenant and tenant-local day.

The booking service publishes after commit (booking.reservations.events); the stream process
(live.app) subscribes. A message is `<id> <json>`, the id a counter shared by every channel of
the Redis database, so one Last-Event-ID orders events across the three channels a widget's
day may touch. Each channel keeps its last REPLAY_LENGTH messages for REPLAY_SECONDS, which is
what a reconnecting stream replays. Only starts and states travel: no customer data.

    publish(client, tenant="studio", day=date(2026, 12, 1), starts=[{...}])
    -> PUBLISH live:4:studio:2026-12-01 "17 {"date": "2026-12-01", "starts": [...]}"
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

REPLAY_LENGTH = 50
REPLAY_SECONDS = 600
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
EVENT = "availability"

# INCR, buffer, trim, expire and publish in one atomic step: ids reach each channel (and its
# buffer) in increasing order whatever the number of publishers.
_PUBLISH = """
local id = redis.call('INCR', KEYS[1])
local message = id .. ' ' .. ARGV[1]
redis.call('RPUSH', KEYS[2], message)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
redis.call('PUBLISH', ARGV[2], message)
return id
"""


def namespace(client: Any) -> str:
    """Pub/sub channels are global to a Redis server, keys are per database: the database
    number keeps stacks that share a server (tests, several environments) apart."""
    return f"live:{client.connection_pool.connection_kwargs.get('db', 0)}"


def channel(space: str, tenant: str, day: datetime.date) -> str:
    return f"{space}:{tenant}:{day.isoformat()}"


def buffer_key(name: str) -> str:
    return f"{name}:replay"


def sequence_key(space: str) -> str:
    return f"{space}:seq"


def parse(message: bytes | str) -> tuple[int, str]:
    """The id and JSON body of a published or buffered message."""
    text = message.decode() if isinstance(message, bytes) else message
    head, _, body = text.partition(" ")
    return int(head), body


def publish(client: Any, *, tenant: str, day: datetime.date, starts: list[dict]) -> int:
    """Publishes one day's changed starts; returns the event id."""
    space = namespace(client)
    name = channel(space, tenant, day)
    body = json.dumps({"date": day.isoformat(), "starts": starts}, separators=(",", ":"))
    script = client.register_script(_PUBLISH)
    return int(
        script(
            keys=[sequence_key(space), buffer_key(name)],
            args=[body, name, REPLAY_LENGTH, REPLAY_SECONDS],
        )
    )
