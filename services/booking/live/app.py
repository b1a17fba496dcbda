"""The live availability stream: GET /api/booking/v1/live/{tenant}?date=YYYY-MM-DD.

A widget showing a day keeps this Server-Sent Events stream open; each time a start of that
day is held, released, expired or booked it receives one `availability` event (the day and
the changed starts with their states, never who) and refetches the day's starts.

Why its own process (uvicorn + Starlette, no Django): a stream stays open as long as the
widget shows the day. A sync gunicorn worker would be taken by each one; here one event loop
holds them all behind ONE Redis pub/sub connection (subscribed per channel, reference
counted), fed by the booking service after commit (live.channels).

The widget's day is in the customer's time zone, the channels in the tenant's: a day in any
zone lies within the tenant's day before, that day and the day after, so the stream follows
those three channels (a change next door costs the widget one refetch, never a missed one).

Reconnecting: EventSource sends Last-Event-ID; the stream replays what each channel's buffer
kept after it, or sends `reset` (refetch the day) when the buffer cannot cover the gap.
Nothing here is needed for correctness: the widget polls when the stream is unavailable.

`GET /metrics` on the process's own port (never through the gateway, which forwards /api/...
only): open streams against the process's limit, streams refused, events and resets sent
(docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
import logging.config
import os
from collections.abc import AsyncIterator

import redis.asyncio as aioredis
from plumbing.logs import logging_config
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, generate_latest
from redis.exceptions import RedisError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .channels import EVENT, REPLAY_LENGTH, SLUG, buffer_key, channel, namespace, parse

# The lines of this process in the services' format (LOG_FORMAT: one JSON object a line in the
# containers, docs/operations.md), uvicorn's own included. uvicorn imports the app before it
# says anything, so this comes first.
logging.config.dictConfig(
    logging_config(
        log_format=os.environ.get("LOG_FORMAT", "plain"),
        level=os.environ.get("LOG_LEVEL", "INFO"),
        loggers={"uvicorn": {"level": "INFO", "handlers": [], "propagate": True}},
    )
)
logger = logging.getLogger("live")

# A comment line this often keeps proxies from closing an idle stream and finds dead peers.
HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "15"))
# EventSource waits this long before reconnecting after a drop.
RETRY_MILLISECONDS = 1000
# A stream that falls this far behind is told to reset and closed (it reconnects).
QUEUE_LENGTH = 200
# Past this a process answers 503 too_many_streams and the widget polls. bench/live, one
# change to every stream, p95 on a loaded 2-CPU machine (client and server together): 3,000 streams 0.37 s; 5,000
# 0.76 to 1.37 s; 10,000 5.6 s (issue 14 wants 1 s). Run more replicas rather than raising it.
MAX_STREAMS = int(os.environ.get("LIVE_MAX_STREAMS", "3000"))
FIRST_YEAR, LAST_YEAR = 1970, 9000

STREAMS_OPEN = Gauge("live_streams_open", "Live availability streams open in this process.")
STREAMS_LIMIT = Gauge(
    "live_streams_limit", "Streams this process serves before it answers 503 too_many_streams."
)
STREAMS_LIMIT.set(MAX_STREAMS)
STREAMS_REFUSED = Counter(
    "live_streams_refused",
    "Streams refused, by code: too_many_streams (the process is full) or live_unavailable "
    "(Redis); the widget polls instead.",
    ["code"],
)
EVENTS_SENT = Counter("live_events_sent", "Availability events sent to streams (replays too).")
RESETS_SENT = Counter(
    "live_resets_sent", "Streams told to refetch the day: a gap, an overflow or a Redis outage."
)


class Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(QUEUE_LENGTH)
        self.overflowed = False


class Hub:
    """One pub/sub connection for the process and the streams following each channel."""

    def __init__(self, url: str) -> None:
        self.client = aioredis.Redis.from_url(url)
        self.space = namespace(self.client)
        self.pubsub = self.client.pubsub()
        self.followers: dict[str, set[Subscriber]] = {}
        self.leaving: set[str] = set()
        self.streams = 0
        self._listener: asyncio.Task | None = None

    async def start(self) -> None:
        # A channel of its own keeps the connection subscribed while no stream is open.
        await self.pubsub.subscribe(f"{self.space}:hub")
        self._listener = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self.pubsub.aclose()
        await self.client.aclose()

    async def join(self, names: list[str], subscriber: Subscriber) -> None:
        """Counts the stream first: `leave` balances it even when subscribing fails."""
        self.streams += 1
        new = []
        for name in names:
            self.leaving.discard(name)
            if name not in self.followers:
                self.followers[name] = set()
                new.append(name)
            self.followers[name].add(subscriber)
        if new:
            await self.pubsub.subscribe(*new)

    def leave(self, names: list[str], subscriber: Subscriber) -> None:
        """Synchronous: it runs while the stream is being cancelled. The listener
        unsubscribes the channels nobody follows any more."""
        self.streams -= 1
        for name in names:
            followers = self.followers.get(name)
            if followers is None:
                continue
            followers.discard(subscriber)
            if not followers:
                del self.followers[name]
                self.leaving.add(name)

    async def _listen(self) -> None:
        while True:
            try:
                if self.leaving:
                    gone = [name for name in self.leaving if name not in self.followers]
                    self.leaving.clear()
                    if gone:
                        await self.pubsub.unsubscribe(*gone)
                message = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                logger.warning("live: Redis pub/sub failed (%s); retrying", error)
                self._reset_everyone()
                await asyncio.sleep(1)
                continue
            if message is None or message.get("type") != "message":
                continue
            name = message["channel"].decode()
            try:
                event = parse(message["data"])
            except ValueError:
                continue
            for subscriber in list(self.followers.get(name, ())):
                try:
                    subscriber.queue.put_nowait(event)
                except asyncio.QueueFull:
                    subscriber.overflowed = True

    def _reset_everyone(self) -> None:
        """After a pub/sub outage events may be lost: every stream tells its widget to
        refetch and reconnect."""
        for followers in self.followers.values():
            for subscriber in followers:
                subscriber.overflowed = True


def error(status: int, code: str, message: str, **detail: object) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "detail": detail}, status_code=status)


def refuse(code: str, message: str) -> JSONResponse:
    """A stream this process cannot serve now (503): the widget polls instead."""
    STREAMS_REFUSED.labels(code).inc()
    return error(503, code, message)


def sse(event_id: int, body: str) -> str:
    EVENTS_SENT.inc()
    return f"id: {event_id}\nevent: {EVENT}\ndata: {body}\n\n"


def reset() -> str:
    RESETS_SENT.inc()
    return 'event: reset\ndata: {"reason":"gap"}\n\n'


async def replay(hub: Hub, names: list[str], after: int) -> tuple[list[tuple[int, str]], bool]:
    """What the buffers kept after `after`, in id order, and whether some may be missing."""
    events: list[tuple[int, str]] = []
    gap = False
    for name in names:
        kept = [parse(item) for item in await hub.client.lrange(buffer_key(name), 0, -1)]
        if len(kept) >= REPLAY_LENGTH and kept[0][0] > after + 1:
            gap = True
        events += [item for item in kept if item[0] > after]
    return sorted(events), gap


async def stream(request: Request) -> Response:
    hub: Hub | None = request.app.state.hub
    tenant = request.path_params["tenant"]
    if not SLUG.match(tenant):
        return error(400, "invalid_input", "Unknown tenant.", field="tenant")
    try:
        day = datetime.date.fromisoformat(request.query_params.get("date", ""))
    except ValueError:
        return error(400, "invalid_date", "date must be YYYY-MM-DD.", field="date")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return error(400, "invalid_date", "date is out of range.", field="date")
    last_id = request.headers.get("last-event-id", "")
    if last_id and not last_id.isdigit():
        return error(400, "invalid_input", "Last-Event-ID must be a number.", field="last_event_id")
    if hub is None:
        return refuse("live_unavailable", "Live availability is off; poll the slots.")
    if hub.streams >= MAX_STREAMS:
        return refuse("too_many_streams", "Too many open streams; poll the slots.")
    names = [channel(hub.space, tenant, day + datetime.timedelta(days=d)) for d in (-1, 0, 1)]
    subscriber = Subscriber()
    try:
        await hub.join(names, subscriber)
    except (RedisError, OSError):
        hub.leave(names, subscriber)
        return refuse("live_unavailable", "Live availability is unavailable; poll the slots.")

    async def events() -> AsyncIterator[str]:
        try:
            sent = int(last_id) if last_id else 0
            yield f"retry: {RETRY_MILLISECONDS}\n: open\n\n"
            if last_id:
                kept, gap = await replay(hub, names, sent)
                if gap:
                    yield reset()
                for event_id, body in kept:
                    sent = max(sent, event_id)
                    yield sse(event_id, body)
            while True:
                if subscriber.overflowed:
                    yield reset()
                    return
                try:
                    event_id, body = await asyncio.wait_for(
                        subscriber.queue.get(), HEARTBEAT_SECONDS
                    )
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                if event_id <= sent:
                    continue  # already replayed
                sent = event_id
                yield sse(event_id, body)
        finally:
            hub.leave(names, subscriber)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={
            "Cache-Control": "no-store",
            # nginx (and ingress-nginx) pass each event on at once.
            "X-Accel-Buffering": "no",
        },
    )


async def metrics(request: Request) -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


async def healthz(request: Request) -> Response:
    hub: Hub | None = request.app.state.hub
    return JSONResponse({"status": "ok", "streams": hub.streams if hub else 0})


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    url = os.environ.get("REDIS_URL", "")
    app.state.hub = Hub(url) if url else None
    STREAMS_OPEN.set_function(lambda: app.state.hub.streams if app.state.hub else 0)
    if app.state.hub:
        await app.state.hub.start()
    try:
        yield
    finally:
        if app.state.hub:
            await app.state.hub.stop()


app = Starlette(
    routes=[
        Route("/api/booking/live/healthz", healthz),
        Route("/metrics", metrics),
        Route("/api/booking/v1/live/{tenant}", stream),
    ],
    lifespan=lifespan,
)
