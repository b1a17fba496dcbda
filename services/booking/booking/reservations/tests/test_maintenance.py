"""The beat's work: reminders once per booking 24 hours ahead, tidying, and its schedule."""

import datetime
import itertools

import pytest
from contracts import notifications, queues
from contracts.routing import queue_for
from django_celery_beat.models import PeriodicTask

from booking.reservations import tasks
from booking.reservations.models import Booking, Reservation

from .conftest import Widget, at

pytestmark = pytest.mark.django_db
CLIENT_NUMBERS = itertools.count(1)


def confirmed(tenant, service, staff, start, *, reminder=True) -> Booking:
    widget = Widget(tenant)
    assert widget.hold(service, staff, start).status_code == 201
    response = widget.book(reminder=reminder, email=f"client{next(CLIENT_NUMBERS)}@example.com")
    assert response.json()["status"] == "confirmed"
    return Booking.objects.get(pk=response.json()["id"])


def run(task, capture):
    with capture(execute=True):
        return task.run()


def test_a_reminder_goes_out_once_24_hours_before(
    tenant, service, staff, five_pm, clock, published, django_capture_on_commit_callbacks
):
    booking = confirmed(tenant, service, staff, five_pm)
    clock.now = five_pm - datetime.timedelta(hours=24, minutes=1)
    assert run(tasks.send_due_reminders, django_capture_on_commit_callbacks) == 0

    clock.advance(minutes=1)
    sent_first = run(tasks.send_due_reminders, django_capture_on_commit_callbacks)
    clock.advance(minutes=1)
    sent_again = run(tasks.send_due_reminders, django_capture_on_commit_callbacks)

    assert (sent_first, sent_again) == (1, 0)
    [(name, payload)] = [p for p in published if p[0] == notifications.SEND_REMINDER]
    assert payload["dedupe_key"] == f"booking:{booking.id}:reminder"
    assert payload["appointments"][0]["start"] == five_pm.astimezone(datetime.UTC).isoformat()
    booking.refresh_from_db()
    assert booking.reminder_sent_at == five_pm - datetime.timedelta(hours=24)


def test_no_reminder_without_opt_in_or_for_cancelled_or_past_bookings(
    tenant, service, staff, day, clock, published, django_capture_on_commit_callbacks
):
    confirmed(tenant, service, staff, at(tenant, day, 9), reminder=False)
    cancelled = confirmed(tenant, service, staff, at(tenant, day, 11))
    Booking.objects.filter(pk=cancelled.pk).update(status="cancelled")
    past = confirmed(tenant, service, staff, at(tenant, day, 13))
    clock.now = at(tenant, day, 13, 30)  # the 13:00 booking has begun

    sent = run(tasks.send_due_reminders, django_capture_on_commit_callbacks)

    assert sent == 0
    past.refresh_from_db()
    assert past.reminder_sent_at is None


def test_tidying_marks_run_out_holds_and_unpaid_bookings_expired(
    tenant, service, staff, day, clock, django_capture_on_commit_callbacks
):
    Widget(tenant).hold(service, staff, at(tenant, day, 9))
    live_hold = Widget(tenant)
    clock.advance(minutes=5)
    live_hold.hold(service, staff, at(tenant, day, 11))
    clock.advance(minutes=6)

    tidied = run(tasks.tidy_expired, django_capture_on_commit_callbacks)

    assert tidied == 1
    assert sorted(Reservation.objects.values_list("state", flat=True)) == ["expired", "held"]


def test_tidying_expires_a_booking_past_its_payment_deadline(
    tenant, service, staff, five_pm, clock, django_capture_on_commit_callbacks
):
    from booking.reservations.models import Client

    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email="kim@example.com").json()["id"]
    clock.advance(minutes=10)

    run(tasks.tidy_expired, django_capture_on_commit_callbacks)

    booking = Booking.objects.get(pk=booking_id)
    assert (booking.status, booking.expires_at) == ("expired", None)
    assert Reservation.objects.get().state == "expired"


def test_a_fresh_database_has_the_beat_schedule():
    scheduled = {t.task: t for t in PeriodicTask.objects.filter(enabled=True)}

    for task in (tasks.send_due_reminders, tasks.tidy_expired):
        assert task.name in scheduled
        assert scheduled[task.name].interval.every == 60
        assert scheduled[task.name].queue == queues.BOOKING_MAINTENANCE
        assert queue_for(task.name, {}) == queues.BOOKING_MAINTENANCE
