"""The transactional outbox under the booking service: messages commit and roll back with the
booking, reach the real Redis broker after commit, wait in the table while the broker is
down, and two relays racing in real threads never publish a row twice or leave one behind.
"""

import base64
import datetime
import json
import threading
import time

import pytest
import redis
from contracts import notifications, queues
from django.db import connection, transaction
from django.utils import timezone
from plumbing.outbox import services as outbox
from plumbing.outbox.models import OutboxMessage
from plumbing.outbox.testing import dead_broker
from rest_framework.test import APIClient

from booking.reservations.models import Booking
from booking.reservations.services import bookings

from .conftest import Widget

pytestmark = pytest.mark.django_db(transaction=True)


# What the service sees while Redis is down.
DEAD_BROKER = dead_broker()


class SlowRecordingBroker:
    """Records what it is given, a little slowly, so that two relays overlap."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def send_task(self, name, kwargs, **options):
        time.sleep(0.01)
        with self.lock:
            self.sent.append((threading.current_thread().name, kwargs["n"]))


RECORDING = SlowRecordingBroker()


@pytest.fixture(autouse=True)
def closed_breaker():
    outbox.breaker.reset()
    yield
    outbox.breaker.reset()


@pytest.fixture
def broker(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs the Redis broker (REDIS_URL)")
    connection_ = redis.Redis.from_url(settings.REDIS_URL)
    names = (queues.NOTIFICATIONS_URGENT, queues.NOTIFICATIONS_BULK)
    connection_.delete(*names)
    yield connection_
    connection_.delete(*names)


@pytest.fixture
def dead_broker(settings):
    settings.CELERY_APP = f"{__name__}.DEAD_BROKER"
    return DEAD_BROKER


def queued(broker, queue: str) -> list[tuple[str, dict]]:
    tasks = []
    for raw in broker.lrange(queue, 0, -1):
        envelope = json.loads(raw)
        _, kwargs, _ = json.loads(base64.b64decode(envelope["body"]))
        tasks.append((envelope["headers"]["task"], kwargs))
    return tasks


def seen_from_another_connection() -> tuple[int, int]:
    """Bookings and outbox rows another database session sees (a real second connection)."""
    counts: list[tuple[int, int]] = []

    def count() -> None:
        try:
            counts.append((Booking.objects.count(), OutboxMessage.objects.count()))
        finally:
            connection.close()

    reader = threading.Thread(target=count)
    reader.start()
    reader.join(10)
    return counts[0]


def test_the_confirmation_is_committed_with_the_booking_and_published_after(
    broker, tenant, service, staff, five_pm
):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)

    with transaction.atomic():
        booking = bookings.booking_create(
            tenant=tenant, cart_token=widget.cart_token, client_name="Nora", client_email="n@x.ch"
        )
        [message] = OutboxMessage.objects.all()
        # Inside the transaction: written, not yet visible to anyone else, not yet published.
        assert seen_from_another_connection() == (0, 0)
        assert broker.llen(queues.NOTIFICATIONS_BULK) == 0

    assert seen_from_another_connection() == (1, 1)
    message.refresh_from_db()
    assert message.task_name == notifications.SEND_BOOKING_CONFIRMATION
    assert message.dedupe_key == f"booking:{booking.booking.id}:confirmed"
    assert message.sent_at is not None
    [(task, kwargs)] = queued(broker, queues.NOTIFICATIONS_BULK)
    assert (task, kwargs["dedupe_key"]) == (message.task_name, message.dedupe_key)


def test_a_rolled_back_booking_leaves_no_message(broker, tenant, service, staff, five_pm):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)

    with pytest.raises(RuntimeError), transaction.atomic():
        bookings.booking_create(
            tenant=tenant, cart_token=widget.cart_token, client_name="Nora", client_email="n@x.ch"
        )
        raise RuntimeError("something later in the same transaction failed")

    assert not Booking.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert broker.llen(queues.NOTIFICATIONS_BULK) == 0


def test_with_the_broker_down_the_booking_is_confirmed_and_its_message_waits(
    broker, dead_broker, settings, tenant, service, staff, five_pm
):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    widget.http.credentials(HTTP_X_REQUEST_ID="req-while-down")

    started = time.monotonic()
    response = widget.book()
    took = time.monotonic() - started

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed"
    assert took < 5, f"the booking waited {took:.1f}s on a dead broker"
    [message] = OutboxMessage.objects.all()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "111" in message.last_error or "refused" in message.last_error.lower()
    # The relay, woken by the sweep while the broker is still down, leaves it pending.
    assert outbox.outbox_sweep().failed
    message.refresh_from_db()
    assert message.sent_at is None

    # The broker is back: the beat's next sweep publishes it, once.
    settings.CELERY_APP = "config.celery.app"
    assert outbox.outbox_sweep().sent == 1
    assert outbox.outbox_sweep().sent == 0
    message.refresh_from_db()
    assert message.sent_at is not None
    assert [k["dedupe_key"] for _, k in queued(broker, queues.NOTIFICATIONS_BULK)] == [
        message.dedupe_key
    ]
    # Published later, by the sweep, it still carries the id of the request that booked.
    [raw] = broker.lrange(queues.NOTIFICATIONS_BULK, 0, -1)
    assert json.loads(raw)["headers"]["request_id"] == "req-while-down"


def test_a_message_sent_as_the_broker_died_is_sent_again_once_it_is_back(broker, settings, tenant):
    def row(key: str) -> OutboxMessage:
        return OutboxMessage.objects.create(
            task_name=notifications.SEND_BOOKING_CONFIRMATION, kwargs={"dedupe_key": key}
        )

    long_ago = row("sent-an-hour-before")
    OutboxMessage.objects.filter(id=long_ago.id).update(
        sent_at=timezone.now() - datetime.timedelta(hours=1), attempts=1
    )
    row("sent-as-it-died")
    assert outbox.outbox_relay().sent == 1
    # A worker's BRPOP took it off the queue as Redis died: its answer never arrived.
    broker.delete(queues.NOTIFICATIONS_BULK)

    settings.CELERY_APP = f"{__name__}.DEAD_BROKER"
    row("booked-while-down")
    assert outbox.outbox_relay().failed

    settings.CELERY_APP = "config.celery.app"
    outcome = outbox.outbox_sweep()
    assert (outcome.sent, outcome.replayed) == (1, 1)
    assert sorted(k["dedupe_key"] for _, k in queued(broker, queues.NOTIFICATIONS_BULK)) == [
        "booked-while-down",
        "sent-as-it-died",
    ]
    # Once is enough: the next sweep finds nothing that failed.
    assert outbox.outbox_sweep() == outbox.RelayOutcome(sent=0, failed=False, replayed=0)


def test_after_a_broker_failure_the_next_requests_do_not_wait_for_it(
    dead_broker, settings, tenant, service, staff, five_pm, day
):
    from .conftest import at

    settings.OUTBOX_BROKER_BACKOFF = 30
    first = Widget(tenant)
    first.hold(service, staff, five_pm)
    assert first.book(email="a@x.ch").status_code == 201

    second = Widget(tenant)
    second.hold(service, staff, at(tenant, day, 10))
    started = time.monotonic()
    assert second.book(email="b@x.ch").status_code == 201
    assert time.monotonic() - started < 1.5
    # The second message was not even tried: the sweep will send it.
    assert list(OutboxMessage.objects.values_list("attempts", "sent_at")) == [
        (1, None),
        (0, None),
    ]


def test_readiness_names_a_dead_broker_as_degraded_not_down(settings):
    settings.CELERY_APP = f"{__name__}.DEAD_BROKER"

    response = APIClient().get("/api/booking/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == "unreachable"
    assert body["checks"]["database"] == "ok"
    assert "broker" in body["degraded"]


def test_two_relays_racing_publish_every_row_exactly_once(settings):
    settings.CELERY_APP = f"{__name__}.RECORDING"
    RECORDING.sent.clear()
    with transaction.atomic():
        for n in range(60):
            OutboxMessage.objects.create(task_name="notifications.test.v1", kwargs={"n": n})
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def relay() -> None:
        try:
            start.wait(5)
            while outbox.outbox_relay(limit=5).sent:
                pass
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=relay, name=f"relay-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    published = sorted(n for _, n in RECORDING.sent)
    assert published == list(range(60)), "a row was published twice or never"
    assert {name for name, _ in RECORDING.sent} == {"relay-0", "relay-1"}, "they did not race"
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_a_relay_skips_rows_another_holds_and_leaves_them_pending(settings):
    settings.CELERY_APP = f"{__name__}.RECORDING"
    RECORDING.sent.clear()
    with transaction.atomic():
        held = [
            OutboxMessage.objects.create(task_name="notifications.test.v1", kwargs={"n": n}).id
            for n in range(3)
        ]
    locked = threading.Event()
    release = threading.Event()

    def other_relay_holding_the_rows() -> None:
        try:
            with transaction.atomic():
                list(OutboxMessage.objects.select_for_update().filter(id__in=held))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=other_relay_holding_the_rows)
    holder.start()
    assert locked.wait(10)
    try:
        started = time.monotonic()
        outcome = outbox.outbox_relay()
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(10)

    assert outcome.sent == 0
    assert waited < 1, "the relay waited for the other's lock instead of skipping"
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3
    # Once the other lets go (here: without publishing), the next sweep sends them.
    assert outbox.outbox_sweep().sent == 3
    assert sorted(n for _, n in RECORDING.sent) == [0, 1, 2]


@pytest.mark.django_db
def test_forgetting_an_address_keeps_the_sent_rows_of_an_address_that_contains_it():
    now = timezone.now()
    for index, email in enumerate(["nora@example.com", "elenora@example.com"]):
        OutboxMessage.objects.create(
            task_name=notifications.SEND_BOOKING_CONFIRMATION,
            kwargs={"client_email": email},
            dedupe_key=f"forget-{index}",
            sent_at=now,
        )

    assert outbox.outbox_forget_sent_mentioning("nora@example.com") == 1
    assert [m.kwargs["client_email"] for m in OutboxMessage.objects.all()] == [
        "elenora@example.com"
    ]
