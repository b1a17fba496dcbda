"""Messages reach the real Redis broker after commit, exactly once, and never on rollback.

kombu keeps a Redis queue as a list named after the queue; each item is a JSON
envelope whose body is the base64 JSON [args, kwargs, embed] of the task.
"""

import base64
import json

import pytest
import redis
from contracts import notifications, queues
from django.conf import settings
from django.db import transaction

from booking.reservations.models import Booking, Client, VerificationCode
from booking.reservations.services import bookings

from .conftest import Widget

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs the Redis broker (REDIS_URL)"),
]


@pytest.fixture
def broker():
    connection = redis.Redis.from_url(settings.REDIS_URL)
    for queue in (queues.NOTIFICATIONS_URGENT, queues.NOTIFICATIONS_BULK):
        connection.delete(queue)
    yield connection
    for queue in (queues.NOTIFICATIONS_URGENT, queues.NOTIFICATIONS_BULK):
        connection.delete(queue)


def queued(broker, queue: str) -> list[tuple[str, dict]]:
    tasks = []
    for raw in broker.lrange(queue, 0, -1):
        envelope = json.loads(raw)
        _, kwargs, _ = json.loads(base64.b64decode(envelope["body"]))
        tasks.append((envelope["headers"]["task"], kwargs))
    return tasks


@pytest.fixture
def known_email(tenant):
    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    return "kim@example.com"


def test_a_verification_code_reaches_the_urgent_queue_once(
    broker, tenant, service, staff, five_pm, known_email
):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)

    body = widget.book(email=known_email).json()

    [(task, kwargs)] = queued(broker, queues.NOTIFICATIONS_URGENT)
    assert task == notifications.SEND_VERIFICATION_CODE
    message = notifications.SendVerificationCode(**kwargs)
    assert message.booking_id == body["id"]
    assert message.email == known_email
    assert message.dedupe_key == f"booking:{body['id']}:code:0"
    assert {k: message.tenant[k] for k in ("id", "name", "plan", "timezone")} == {
        "id": str(tenant.id),
        "name": tenant.name,
        "plan": tenant.plan,
        "timezone": "Europe/Zurich",
    }
    code_row = VerificationCode.objects.get()
    assert bookings._code_hash(code_row.booking_id, message.code) == code_row.code_hash
    assert message.expires_at == code_row.expires_at.isoformat().replace("Z", "+00:00")
    assert queued(broker, queues.NOTIFICATIONS_BULK) == []


def test_nothing_is_published_when_the_transaction_rolls_back(
    broker, tenant, service, staff, five_pm, known_email
):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)

    with pytest.raises(RuntimeError), transaction.atomic():
        bookings.booking_create(
            tenant=tenant,
            cart_token=widget.cart_token,
            client_name="Kim",
            client_email=known_email,
        )
        raise RuntimeError("something later in the same transaction failed")

    assert not Booking.objects.exists()
    assert broker.llen(queues.NOTIFICATIONS_URGENT) == 0


def test_a_confirmation_goes_to_the_bulk_queue_after_commit(
    broker, tenant, service, staff, five_pm
):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)

    body = widget.book().json()

    [(task, kwargs)] = queued(broker, queues.NOTIFICATIONS_BULK)
    assert task == notifications.SEND_BOOKING_CONFIRMATION
    assert kwargs["dedupe_key"] == f"booking:{body['id']}:confirmed"
    assert broker.llen(queues.NOTIFICATIONS_URGENT) == 0
