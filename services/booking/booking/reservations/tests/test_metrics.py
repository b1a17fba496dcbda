"""plumbing.metrics in the booking service: what GET /metrics tells after real work.

The queue gauges read the test Redis (REDIS_URL) where a real Celery publish left a message.
"""

import time
import uuid

import pytest
from django.conf import settings
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from booking.reservations import tasks
from booking.reservations.models import Client as BookingClient

from .conftest import Widget, at
from .test_maintenance import run

pytestmark = pytest.mark.django_db


def scrape() -> dict[tuple[str, frozenset], float]:
    # Any Host: /metrics is answered before host validation (probes and Prometheus use pod IPs).
    response = Client().get("/metrics", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def delta(after: dict, before: dict, name: str, **labels) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_holds_won_lost_and_expired_and_each_transition(
    tenant, service, staff, day, five_pm, clock, django_capture_on_commit_callbacks
):
    before = scrape()
    first, second = Widget(tenant), Widget(tenant)
    with django_capture_on_commit_callbacks(execute=True):
        assert first.hold(service, staff, five_pm).status_code == 201
        assert second.hold(service, staff, five_pm).status_code == 409
        assert Widget(tenant).hold(service, staff, at(tenant, day, 9)).status_code == 201
    BookingClient.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert first.book(email="kim@example.com").json()["status"] == "awaiting_verification"
    clock.advance(minutes=11)
    run(tasks.tidy_expired, django_capture_on_commit_callbacks)

    after = scrape()
    assert delta(after, before, "booking_holds_total", outcome="won") == 2
    assert delta(after, before, "booking_holds_total", outcome="lost") == 1
    # The 9:00 hold and the unverified booking's claim ran out.
    assert delta(after, before, "booking_holds_total", outcome="expired") == 2
    new = {"from_state": "new", "to_state": "awaiting_verification"}
    assert delta(after, before, "booking_transitions_total", **new) == 1
    gone = {"from_state": "awaiting_verification", "to_state": "expired"}
    assert delta(after, before, "booking_transitions_total", **gone) == 1
    route = "api/booking/v1/public/<slug:tenant>/holds"
    timed = {"service": "booking", "route": route, "method": "POST", "status": "409"}
    assert delta(after, before, "http_request_duration_seconds_count", **timed) == 1


def made(samples: dict) -> float:
    return sum(
        v
        for (name, labels), v in samples.items()
        if name == "booking_transitions_total" and ("from_state", "new") in labels
    )


def test_a_rolled_back_booking_counts_no_transition(
    tenant, service, staff, five_pm, django_capture_on_commit_callbacks
):
    before = scrape()
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    # Never committed: the test's transaction is rolled back, the on_commit callbacks dropped.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert widget.book(email=f"{uuid.uuid4().hex[:8]}@example.com").status_code == 201
    assert callbacks, "the booking registered its after-commit work"
    assert made(scrape()) == made(before)
    # The same callbacks run at a commit: then it counts.
    for callback in callbacks:
        callback()
    assert made(scrape()) == made(before) + 1


@pytest.mark.skipif(not settings.REDIS_URL, reason="the queue gauges read Redis")
def test_queue_length_and_oldest_message_age_from_redis():
    import redis
    from config.celery import app

    queue = "booking.events"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete(queue)
    try:
        app.send_task("booking.metrics.test", kwargs={}, queue=queue)
        time.sleep(1.1)
        app.send_task("booking.metrics.test", kwargs={}, queue=queue)
        after = scrape()
        assert after[("celery_broker_up", frozenset())] == 1
        assert after[("celery_queue_length", frozenset({("queue", queue)}))] == 2
        # The oldest of the two was published over a second ago (its published_at header).
        age = after[("celery_queue_oldest_message_age_seconds", frozenset({("queue", queue)}))]
        assert 1.0 <= age < 30
        empty = ("celery_queue_length", frozenset({("queue", "notifications.enterprise")}))
        assert after[empty] == 0
    finally:
        broker.delete(queue)
