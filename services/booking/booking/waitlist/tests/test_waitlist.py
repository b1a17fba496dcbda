"""The waitlist of a full day (issue 14 part 3): joining, the offer when a start frees up,
the link that opens the hold, and one offer per entry under a race of real threads."""

import threading

import pytest
from contracts import notifications
from django.db import connections
from plumbing.outbox.models import OutboxMessage

from booking.reservations.models import Reservation
from booking.reservations.tests.conftest import Widget, at
from booking.waitlist.models import WaitlistEntry, WaitlistOffer
from booking.waitlist.services import waitlist_offers_make
from booking.waitlist.triggers import OFFERS_MAKE

from .conftest import join


def offer_messages() -> list[dict]:
    return list(
        OutboxMessage.objects.filter(task_name=notifications.SEND_WAITLIST_OFFER)
        .order_by("id")
        .values_list("kwargs", flat=True)
    )


@pytest.mark.django_db
def test_only_a_full_day_has_a_waitlist(tenant, service, staff, day):
    response = join(Widget(tenant), service, day, "early@example.test")

    assert response.status_code == 409
    assert response.json()["code"] == "day_not_full"
    assert not WaitlistEntry.objects.exists()


@pytest.mark.django_db
def test_joining_twice_keeps_one_place(tenant, service, staff, day, full_day):
    widget = Widget(tenant)
    first = join(widget, service, day, "Wait@Example.test", staff=staff)
    again = join(widget, service, day, "wait@example.test", staff=staff)

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["staff"] == str(staff.id)
    assert WaitlistEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_join_is_refused_with_a_code(tenant, service, staff, day, full_day):
    widget = Widget(tenant)
    response = widget.http.post(
        widget.url("waitlist"),
        {"service": str(service.id), "date": day.isoformat(), "email": "not-an-email"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


@pytest.mark.django_db
def test_a_freed_start_is_held_for_the_first_waiting_email_only(
    tenant, service, staff, day, full_day, django_capture_on_commit_callbacks
):
    holder, hold_id = full_day
    widget = Widget(tenant)
    assert join(widget, service, day, "first@example.test").status_code == 201
    assert join(widget, service, day, "second@example.test").status_code == 201

    # After its commit the release renews the day's cached availability.
    with django_capture_on_commit_callbacks(execute=True):
        assert holder.release(hold_id).status_code == 204
    # The release told the waitlist, in its own transaction (the outbox).
    assert OutboxMessage.objects.filter(task_name=OFFERS_MAKE).exists()
    assert waitlist_offers_make(tenant_id=tenant.id, day=day) == 1

    [message] = offer_messages()
    assert message["email"] == "first@example.test"
    assert message["dedupe_key"].startswith("waitlist:")
    offer = WaitlistOffer.objects.get()
    assert offer.entry.email == "first@example.test"
    assert offer.hold.live and offer.hold.start == at(tenant, day, 17)
    # Nobody else can take it now.
    assert Widget(tenant).hold(service, staff, at(tenant, day, 17)).status_code == 409
    # Running again (a redelivered task) offers nothing more: nothing is free.
    assert waitlist_offers_make(tenant_id=tenant.id, day=day) == 0
    assert len(offer_messages()) == 1

    # The link opens that hold with its cart token.
    token = message["link"].split("#waitlist/")[1]
    opened = widget.http.post(widget.url("waitlist/offers"), {"token": token}, format="json")
    assert opened.status_code == 200, opened.content
    assert opened.json()["id"] == str(offer.hold.pk)
    assert opened.json()["cart_token"]


@pytest.mark.django_db
def test_a_forged_or_run_out_link_is_refused(
    tenant, service, staff, day, full_day, clock, django_capture_on_commit_callbacks
):
    holder, hold_id = full_day
    widget = Widget(tenant)
    join(widget, service, day, "first@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        holder.release(hold_id)
    waitlist_offers_make(tenant_id=tenant.id, day=day)
    token = offer_messages()[0]["link"].split("#waitlist/")[1]

    forged = widget.http.post(widget.url("waitlist/offers"), {"token": token + "x"}, format="json")
    assert forged.status_code == 404
    assert forged.json()["code"] == "waitlist_link_invalid"

    clock.advance(minutes=tenant.hold_minutes + 1)
    late = widget.http.post(widget.url("waitlist/offers"), {"token": token}, format="json")
    assert late.status_code == 409
    assert late.json()["code"] == "hold_expired"


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    from booking.reservations.tests.conftest import Clock

    moved = Clock(now=timezone.now())
    monkeypatch.setattr("django.utils.timezone.now", lambda: moved.now)
    return moved


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_runs_racing_for_one_freed_start_notify_each_entry_once(tenant, service, staff, day):
    """Eight workers process the same freed day at once: one offer, one email."""
    holder = Widget(tenant)
    held = holder.hold(service, staff, at(tenant, day, 17)).json()
    widget = Widget(tenant)
    for n in range(3):
        assert join(widget, service, day, f"w{n}@example.test").status_code == 201
    holder.release(held["id"])

    barrier = threading.Barrier(8, timeout=30)
    results: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(waitlist_offers_make(tenant_id=tenant.id, day=day))
        except Exception as error:  # reported by the assertion below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(results) == [0] * 7 + [1], results
    assert WaitlistOffer.objects.count() == 1
    assert [m["email"] for m in offer_messages()] == ["w0@example.test"]
    assert Reservation.objects.filter(live=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_offer_for_one_entry(tenant, service, staff, day):
    from django.db import IntegrityError

    holder = Widget(tenant)
    held = holder.hold(service, staff, at(tenant, day, 17)).json()
    join(Widget(tenant), service, day, "w@example.test")
    holder.release(held["id"])
    waitlist_offers_make(tenant_id=tenant.id, day=day)
    offer = WaitlistOffer.objects.get()
    other = Reservation.objects.get(pk=held["id"])

    with pytest.raises(IntegrityError):
        WaitlistOffer.objects.create(tenant=tenant, entry=offer.entry, hold=other)


@pytest.mark.django_db
def test_an_unused_offer_runs_out_and_the_start_goes_to_the_next_email(
    tenant, service, staff, day, full_day, clock, django_capture_on_commit_callbacks
):
    from booking.reservations.services.maintenance import expired_claims_tidy

    holder, hold_id = full_day
    widget = Widget(tenant)
    join(widget, service, day, "first@example.test")
    clock.advance(seconds=1)  # the line is in the order people joined
    join(widget, service, day, "second@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        holder.release(hold_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist_offers_make(tenant_id=tenant.id, day=day) == 1

    # The first email lets its hold run out; the beat's tidy tells the waitlist.
    clock.advance(minutes=tenant.hold_minutes + 1)
    OutboxMessage.objects.filter(task_name=OFFERS_MAKE).delete()
    with django_capture_on_commit_callbacks(execute=True):
        expired_claims_tidy()
    assert OutboxMessage.objects.filter(task_name=OFFERS_MAKE).exists()
    assert waitlist_offers_make(tenant_id=tenant.id, day=day) == 1

    assert [m["email"] for m in offer_messages()] == ["first@example.test", "second@example.test"]
    # The first is never offered again.
    assert waitlist_offers_make(tenant_id=tenant.id, day=day) == 0
