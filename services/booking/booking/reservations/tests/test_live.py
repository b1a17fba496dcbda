"""Live availability (issue 14 part 1): what a hold, a release and a booking tell the
streams, through real Redis pub/sub, after the commit and never before."""

import datetime
import json

import pytest
import redis
from django.conf import settings
from live.channels import buffer_key, channel, namespace, parse

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    client = redis.Redis.from_url(settings.REDIS_URL)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    yield client, pubsub
    pubsub.close()
    client.close()


def _subscribe(listener, tenant, day):
    client, pubsub = listener
    name = channel(namespace(client), tenant.slug, day)
    client.delete(buffer_key(name))
    pubsub.subscribe(name)
    pubsub.get_message(timeout=1)  # the subscription's confirmation
    return name


def _next_event(listener) -> tuple[int, dict] | None:
    message = listener[1].get_message(timeout=2)
    if message is None:
        return None
    event_id, body = parse(message["data"])
    return event_id, json.loads(body)


def test_a_hold_tells_the_day_after_its_commit(
    widget, service, staff, tenant, day, listener, django_capture_on_commit_callbacks
):
    _subscribe(listener, tenant, day)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201
    assert _next_event(listener) is None  # nothing before the commit
    for callback in callbacks:
        callback()

    _, event = _next_event(listener)
    assert event["date"] == day.isoformat()
    [start] = event["starts"]
    assert datetime.datetime.fromisoformat(start["start"]) == at(tenant, day, 17)
    assert start["state"] == "held"
    assert start["staff"] == str(staff.id)
    assert start["expires_at"]
    # Starts and states only: nothing about who holds it.
    assert set(start) == {"staff", "start", "end", "state", "expires_at"}


def test_a_release_and_a_booking_tell_their_states_in_order(
    widget, service, staff, tenant, day, listener, django_capture_on_commit_callbacks
):
    name = _subscribe(listener, tenant, day)
    with django_capture_on_commit_callbacks(execute=True):
        hold = widget.hold(service, staff, at(tenant, day, 17)).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert widget.release(hold["id"]).status_code == 204

    first_id, held = _next_event(listener)
    second_id, released = _next_event(listener)

    assert [held["starts"][0]["state"], released["starts"][0]["state"]] == ["held", "released"]
    assert released["starts"][0]["expires_at"] is None
    assert second_id > first_id
    # The replay buffer keeps both, for a stream reconnecting with Last-Event-ID.
    kept = [parse(m)[0] for m in listener[0].lrange(buffer_key(name), 0, -1)]
    assert kept == [first_id, second_id]


def test_another_tenant_day_hears_nothing(
    widget, service, staff, tenant, day, listener, django_capture_on_commit_callbacks
):
    _subscribe(listener, tenant, day + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        widget.hold(service, staff, at(tenant, day, 10))

    assert _next_event(listener) is None


def test_a_booking_and_its_cancellation_tell_booked_then_released(
    admin_client, widget, service, staff, tenant, day, listener, django_capture_on_commit_callbacks
):
    _subscribe(listener, tenant, day)
    with django_capture_on_commit_callbacks(execute=True):
        assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        booking = widget.book().json()
    assert booking["status"] == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        cancel = admin_client.post(f"/api/booking/v1/admin/bookings/{booking['id']}/cancel")
    assert cancel.status_code == 200

    events = [event for _, event in iter(lambda: _next_event(listener), None)]

    # Each event says what its own commit wrote: the cancellation's is no longer "booked".
    assert [e["starts"][0]["state"] for e in events] == ["held", "booked", "released"]
    assert [e["starts"][0]["expires_at"] is None for e in events] == [False, True, True]


def test_a_stream_whose_subscription_fails_leaves_the_open_count_as_it_was():
    """The stream process counts a stream in join and uncounts it in leave, which it calls
    when joining fails too (live.app.stream): the two must balance, or live_streams_open and
    the too_many_streams limit drift."""
    import asyncio

    from live.app import Hub, Subscriber
    from redis.exceptions import RedisError

    hub = Hub("redis://127.0.0.1:1/0")  # nothing listens there: the subscription fails
    subscriber = Subscriber()

    async def join_then_leave() -> None:
        with pytest.raises((RedisError, OSError)):
            await hub.join(["live:0:studio:2026-12-01"], subscriber)
        hub.leave(["live:0:studio:2026-12-01"], subscriber)
        await hub.client.aclose()

    asyncio.run(join_then_leave())

    assert hub.streams == 0
