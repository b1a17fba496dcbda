"""The transactional outbox: enqueue inside the transaction, relay to Celery after it.

A service never publishes a cross-service task straight to the broker: it calls
`outbox_enqueue` inside the transaction of the change, so the message is committed with the
change or rolled back with it. After the commit the same process relays the new rows at once
(`transaction.on_commit`); whatever that could not publish (broker down, process killed
between commit and publish) the beat's sweep (`tasks.relay_pending`) publishes later.

Relays may run at the same time (every web process, every worker): each locks the rows it
publishes with SELECT ... FOR UPDATE SKIP LOCKED and marks them sent in the same
transaction, so a row is never skipped for good and never marked sent unpublished. A crash
between the publish and the commit sends a row twice; receivers de-duplicate by key.

A message the broker accepted just before it died can die with it: a worker's BRPOP takes it
off the queue, and the answer never reaches the worker. So a relay that publishes rows that
once failed (the broker was down) publishes again what was sent in the OUTBOX_REPLAY_SECONDS
(default 10) before the first of them was written, when the broker went down; receivers
de-duplicate these too.

Settings (each service's config.settings):
  OUTBOX_RELAY_TASK      name of the service's sweep task ("booking.outbox.relay")
  OUTBOX_RELAY_QUEUE     queue the beat sends the sweep to (a queue of the service's worker)
  OUTBOX_SWEEP_SECONDS   how often the beat sweeps (default 5)
  OUTBOX_BROKER_BACKOFF  seconds a process stops trying after-commit publishes once the broker
                         failed, leaving them to the sweep, so no request waits on a dead
                         broker again and again (default 5)
  OUTBOX_REPLAY_SECONDS  how far back before the broker went down rows are published again
                         once it is back (default 10)
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, is_dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from plumbing.broker import service_celery_app
from plumbing.logs import HEADER as REQUEST_ID_HEADER
from plumbing.logs import current_request_id

from .models import OutboxMessage

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# A publish tries the broker twice (a restarted Redis leaves one dead pooled connection),
# each connection attempt bounded by the transport's socket timeouts (publish_bounds).
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}


@dataclass(frozen=True)
class RelayOutcome:
    sent: int
    failed: bool  # the broker refused a message: the rest stays pending for the next sweep
    replayed: int = 0  # sent before the broker went down, and sent again


class _Breaker:
    """After a failed publish, after-commit relays of this process skip the broker for a while."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open_until = 0.0

    def is_open(self) -> bool:
        with self._lock:
            return time.monotonic() < self._open_until

    def trip(self) -> None:
        backoff = float(getattr(settings, "OUTBOX_BROKER_BACKOFF", 5))
        with self._lock:
            self._open_until = time.monotonic() + backoff

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


breaker = _Breaker()


def outbox_enqueue(name: str, payload: Any) -> OutboxMessage:
    """Writes one task (a payload dataclass or its kwargs) to the outbox of the current
    transaction and relays it once that commits. Must run inside the transaction of the change
    the message tells (STYLE.md: services are atomic)."""
    kwargs = asdict(payload) if is_dataclass(payload) else dict(payload)
    request_id = current_request_id()
    message = OutboxMessage.objects.create(
        task_name=name,
        kwargs=kwargs,
        dedupe_key=str(kwargs.get("dedupe_key", ""))[:255],
        request_id="" if request_id == "-" else request_id,
    )
    message_id = message.id
    transaction.on_commit(lambda: outbox_relay_after_commit(ids=[message_id]), robust=True)
    return message


def outbox_relay_after_commit(*, ids: list[int]) -> None:
    """The after-commit wake-up: publishes the rows just committed, unless the broker failed
    moments ago (then the sweep publishes them). Never raises: the commit stands."""
    if breaker.is_open():
        return
    try:
        outbox_relay(ids=ids)
    except Exception:
        logger.exception("outbox: after-commit relay of %s failed; the sweep will retry", ids)


def outbox_relay(*, ids: list[int] | None = None, limit: int = BATCH_SIZE) -> RelayOutcome:
    """Publishes up to `limit` pending rows (only `ids` when given), oldest first, and marks
    those the broker accepted as sent. Rows another relay holds are skipped, not waited for."""
    app = service_celery_app()
    sent: list[int] = []
    failed = False
    down_since = None  # when the first row that failed before was written
    with transaction.atomic():
        pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            sent_at__isnull=True
        )
        if ids is not None:
            pending = pending.filter(id__in=ids)
        for message in pending.order_by("id")[:limit]:
            try:
                _publish(app, message)
            except Exception as exc:
                failed = True
                breaker.trip()
                logger.warning(
                    "outbox: could not publish %s (%s): %s; it stays pending",
                    message.task_name,
                    message.dedupe_key,
                    exc,
                )
                OutboxMessage.objects.filter(id=message.id).update(
                    attempts=message.attempts + 1, last_error=repr(exc)[:500]
                )
                break
            sent.append(message.id)
            if message.attempts and (down_since is None or message.created_at < down_since):
                down_since = message.created_at
        if sent:
            OutboxMessage.objects.filter(id__in=sent).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1
            )
    replayed = _replay_before(app, down_since) if down_since is not None else 0
    if sent and ids is None:
        logger.info("outbox: published %d pending message(s)", len(sent))
    return RelayOutcome(sent=len(sent), failed=failed, replayed=replayed)


def _publish(app, message: OutboxMessage) -> None:
    app.send_task(
        message.task_name,
        kwargs=message.kwargs,
        headers={REQUEST_ID_HEADER: message.request_id} if message.request_id else {},
        retry=True,
        retry_policy=PUBLISH_RETRY_POLICY,
    )


def _replay_before(app, down_since) -> int:
    """Publishes again the rows sent in the seconds before the broker went down."""
    window = timedelta(seconds=float(getattr(settings, "OUTBOX_REPLAY_SECONDS", 10)))
    recent = OutboxMessage.objects.filter(
        sent_at__gte=down_since - window, sent_at__lte=down_since
    ).order_by("id")[:BATCH_SIZE]
    replayed = 0
    for message in recent:
        try:
            _publish(app, message)
        except Exception as exc:
            logger.warning("outbox: could not publish %s again: %s", message.dedupe_key, exc)
            break
        replayed += 1
    if replayed:
        logger.info("outbox: published again %d message(s) sent as the broker went down", replayed)
    return replayed


def outbox_sweep(*, budget_seconds: float = 20.0) -> RelayOutcome:
    """Publishes everything pending, batch by batch, within a time budget, then forgets sent
    rows older than OUTBOX_KEEP_DAYS (default 7), a bounded number at a time."""
    deadline = time.monotonic() + budget_seconds
    total = replayed = 0
    outcome = RelayOutcome(sent=0, failed=False)
    while time.monotonic() < deadline:
        outcome = outbox_relay()
        total += outcome.sent
        replayed += outcome.replayed
        if outcome.failed or outcome.sent < BATCH_SIZE:
            break
    if not outcome.failed:
        breaker.reset()
    outbox_forget_sent()
    return RelayOutcome(sent=total, failed=outcome.failed, replayed=replayed)


def outbox_forget_sent(*, limit: int = 1000) -> int:
    keep = timedelta(days=int(getattr(settings, "OUTBOX_KEEP_DAYS", 7)))
    old = OutboxMessage.objects.filter(sent_at__lt=timezone.now() - keep).values_list(
        "id", flat=True
    )[:limit]
    deleted, _ = OutboxMessage.objects.filter(id__in=list(old)).delete()
    return deleted


def outbox_forget_sent_mentioning(value: str) -> int:
    """Deletes the sent rows with `value` (an erased client's email) as a string anywhere in
    their payload: they are kept only to look back on (OUTBOX_KEEP_DAYS). Pending rows
    still have to go out. The whole JSON string is matched, quotes included, so another
    address that merely contains this one keeps its rows."""
    mentioning = (
        OutboxMessage.objects.filter(sent_at__isnull=False)
        .annotate(payload=Cast("kwargs", TextField()))
        .filter(payload__contains=json.dumps(value, ensure_ascii=False))
        .values("id")
    )
    deleted, _ = OutboxMessage.objects.filter(id__in=mentioning).delete()
    return deleted


def outbox_pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()
