"""The client's manage link: see the booking, move it to a new start, cancel it.

The manager is a second browser (its own cart) that opened the link from an email.
Rescheduling goes through a hold like any booking; the tenant's rules decide.
"""

import datetime
import threading
from collections import Counter

import pytest
from contracts import notifications, payments
from django.core import signing
from django.db import connections

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations.events import manage_token
from booking.reservations.models import Booking, Client, Reservation
from booking.reservations.services.maintenance import reminders_send_due
from booking.reservations.services.manage import booking_id_from_manage_token
from booking.reservations.services.move import booking_move
from booking.reservations.services.payments import booking_payment_succeed
from booking.tenants.tests.factories import TenantFactory

from .conftest import Widget, at, bookable_staff, live_overlaps, new_key

pytestmark = pytest.mark.django_db


class Manager(Widget):
    """The browser that opened the manage link from an email."""

    def __init__(self, tenant, token: str):
        super().__init__(tenant)
        self.token = token

    def view(self):
        return self.http.get(self.url(f"manage/{self.token}"))

    def reschedule(self, hold_id, *, key: str | None = None):
        return self.http.post(
            self.url(f"manage/{self.token}/reschedule"),
            {"hold": str(hold_id)},
            format="json",
            **self.headers(key),
        )

    def cancel(self, *, key: str | None = None):
        return self.http.post(self.url(f"manage/{self.token}/cancel"), **self.headers(key))


def book(tenant, service, staff, start, *, payment="none", reminder=False) -> Booking:
    widget = Widget(tenant)
    assert widget.hold(service, staff, start).status_code == 201
    response = widget.book(payment=payment, reminder=reminder)
    assert response.status_code == 201, response.json()
    return Booking.objects.select_related("tenant").get(pk=response.json()["id"])


def manager_for(booking: Booking) -> Manager:
    return Manager(booking.tenant, manage_token(booking))


def starts_of(booking: Booking) -> list[datetime.datetime]:
    return list(booking.reservations.filter(live=True).values_list("start", flat=True))


def iso(moment: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.fromisoformat(moment) if isinstance(moment, str) else moment


# ---------------------------------------------------------------- the link


def test_the_link_shows_the_booking_and_what_may_be_done(tenant, service, staff, five_pm):
    booking = book(tenant, service, staff, five_pm)

    response = manager_for(booking).view()

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(booking.id)
    assert body["status"] == "confirmed"
    [appointment] = body["appointments"]
    assert appointment["service"] == str(service.id)
    assert appointment["service_name"] == "Portrait session"
    assert appointment["staff"] == str(staff.id)
    assert appointment["staff_name"] == "Anna"
    assert iso(appointment["start"]) == five_pm
    assert body["can_reschedule"] is True
    assert body["reschedule_blocked_reason"] == ""
    assert body["reschedules_left"] == tenant.reschedule_limit
    assert body["can_cancel"] is True
    assert body["refund"] == ""


@pytest.mark.parametrize("token", ["nonsense", "a:b:c"])
def test_a_made_up_link_is_not_found(tenant, token):
    response = Manager(tenant, token).view()

    assert response.status_code == 404
    assert response.json()["code"] == "manage_link_invalid"


def test_a_tampered_or_foreign_link_is_not_found(tenant, service, staff, five_pm):
    booking = book(tenant, service, staff, five_pm)
    other_tenant = TenantFactory(slug="other")
    forged = signing.dumps({"booking": str(booking.id)}, salt="another.salt")
    tampered = manage_token(booking)[:-2] + "xx"

    answers = [
        Manager(tenant, forged).view(),
        Manager(tenant, tampered).view(),
        Manager(other_tenant, manage_token(booking)).view(),
        Manager(other_tenant, manage_token(booking)).cancel(),
    ]

    assert [(r.status_code, r.json()["code"]) for r in answers] == [
        (404, "manage_link_invalid")
    ] * 4
    assert Booking.objects.get(pk=booking.id).status == "confirmed"


# ----------------------------------------------------------- rescheduling


def test_rescheduling_moves_the_booking_and_frees_the_old_start_at_once(
    tenant, service, staff, day, five_pm, published, django_capture_on_commit_callbacks
):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    ten_am = at(tenant, day + datetime.timedelta(days=1), 10)
    hold_id = manager.hold(service, staff, ten_am).json()["id"]

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.reschedule(hold_id)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "confirmed"
    assert [iso(a["start"]) for a in body["appointments"]] == [ten_am]
    assert body["reschedules_left"] == tenant.reschedule_limit - 1
    assert starts_of(booking) == [ten_am]
    moved = Reservation.objects.get(pk=hold_id)
    assert (moved.state, moved.expires_at, moved.booking_id) == ("booked", None, booking.id)
    # The old start is offered to everyone again, the new one to nobody.
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    taken = Widget(tenant).hold(service, staff, ten_am)
    assert (taken.status_code, taken.json()["code"]) == (409, "slot_unavailable")
    assert manager.view().json()["appointments"][0]["start"] == body["appointments"][0]["start"]
    [(name, message)] = published
    assert name == notifications.SEND_BOOKING_RESCHEDULED
    assert message["dedupe_key"] == f"booking:{booking.id}:rescheduled:1"
    assert iso(message["appointments"][0]["start"]) == ten_am
    assert iso(message["previous_appointments"][0]["start"]) == five_pm
    # The email's link opens this booking (each link is signed when it is made, so its
    # timestamp part may differ from the first link's by a second).
    link_prefix, link_token = message["manage_url"].rsplit("/", 1)
    assert link_prefix.endswith("#manage")
    assert booking_id_from_manage_token(token=link_token) == booking.id


def test_a_moved_booking_is_reminded_of_its_new_time(tenant, service, staff, clock, published):
    tomorrow = (clock.now.astimezone(tenant.zone) + datetime.timedelta(hours=30)).date()
    soon = at(tenant, tomorrow, 17)
    booking = book(tenant, service, staff, soon, reminder=True)
    clock.now = soon - datetime.timedelta(hours=25)  # before the reschedule window closes
    manager = manager_for(booking)
    later = at(tenant, tomorrow + datetime.timedelta(days=3), 9)
    hold_id = manager.hold(service, staff, later).json()["id"]
    clock.now = soon - datetime.timedelta(hours=24, minutes=30)
    Booking.objects.filter(pk=booking.id).update(reminder_sent_at=clock.now)

    assert manager.reschedule(hold_id).status_code == 200

    assert Booking.objects.get(pk=booking.id).reminder_sent_at is None
    clock.now = later - datetime.timedelta(hours=23)
    assert reminders_send_due() == 1


def test_the_limit_of_reschedules_is_kept(tenant, service, staff, day, five_pm):
    tenant.reschedule_limit = 1
    tenant.save()
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    first = manager.hold(service, staff, at(tenant, day, 9)).json()["id"]
    assert manager.reschedule(first).status_code == 200
    second = manager.hold(service, staff, at(tenant, day, 11)).json()["id"]

    response = manager.reschedule(second)

    assert (response.status_code, response.json()["code"]) == (409, "reschedule_limit_reached")
    assert starts_of(booking) == [at(tenant, day, 9)]
    view = manager.view().json()
    assert (view["can_reschedule"], view["reschedule_blocked_reason"]) == (
        False,
        "reschedule_limit_reached",
    )
    assert view["reschedules_left"] == 0


def test_no_rescheduling_closer_to_the_start_than_the_window(
    tenant, service, staff, day, five_pm, clock
):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    clock.now = five_pm - datetime.timedelta(hours=tenant.reschedule_window_hours - 1)
    hold_id = manager.hold(service, staff, at(tenant, day + datetime.timedelta(days=2), 9))
    assert hold_id.status_code == 201

    response = manager.reschedule(hold_id.json()["id"])

    assert (response.status_code, response.json()["code"]) == (409, "reschedule_window_passed")
    assert starts_of(booking) == [five_pm]
    assert manager.view().json()["reschedule_blocked_reason"] == "reschedule_window_passed"


def test_no_rescheduling_when_the_tenant_does_not_allow_it(tenant, service, staff, day, five_pm):
    tenant.reschedule_allowed = False
    tenant.save()
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    hold_id = manager.hold(service, staff, at(tenant, day, 9)).json()["id"]

    response = manager.reschedule(hold_id)

    assert (response.status_code, response.json()["code"]) == (409, "reschedule_not_allowed")
    assert starts_of(booking) == [five_pm]
    assert manager.view().json()["can_reschedule"] is False


def test_a_start_taken_meanwhile_is_a_conflict_and_nothing_changes(
    tenant, service, staff, day, five_pm, clock, published
):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    nine = at(tenant, day, 9)
    hold_id = manager.hold(service, staff, nine).json()["id"]
    clock.advance(minutes=tenant.hold_minutes + 1)
    other = Widget(tenant)
    assert other.hold(service, staff, nine).status_code == 201

    response = manager.reschedule(hold_id)

    assert (response.status_code, response.json()["code"]) == (409, "slot_unavailable")
    booking.refresh_from_db()
    assert (booking.reschedules, booking.first_start) == (0, five_pm)
    assert starts_of(booking) == [five_pm]
    assert Reservation.objects.filter(staff=staff, live=True, start=nine).count() == 1
    assert live_overlaps() == 0
    assert published == []


def test_a_lapsed_hold_whose_start_is_still_free_is_claimed_again(
    tenant, service, staff, day, five_pm, clock
):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    nine = at(tenant, day, 9)
    hold_id = manager.hold(service, staff, nine).json()["id"]
    clock.advance(minutes=tenant.hold_minutes + 1)

    assert manager.reschedule(hold_id).status_code == 200
    assert starts_of(booking) == [nine]


def test_only_the_callers_own_hold_moves_the_booking(tenant, service, staff, day, five_pm):
    booking = book(tenant, service, staff, five_pm)
    stranger = Widget(tenant)
    hold_id = stranger.hold(service, staff, at(tenant, day, 9)).json()["id"]

    without_cart = manager_for(booking).reschedule(hold_id)
    other_cart = manager_for(booking)
    other_cart.hold(service, staff, at(tenant, day, 11))
    with_other_cart = other_cart.reschedule(hold_id)

    assert (without_cart.status_code, without_cart.json()["code"]) == (404, "hold_not_found")
    assert (with_other_cart.status_code, with_other_cart.json()["code"]) == (404, "hold_not_found")
    assert starts_of(booking) == [five_pm]


def test_a_booking_awaiting_verification_cannot_be_moved(tenant, service, staff, day, five_pm):
    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    booking = Booking.objects.get(pk=widget.book(email="kim@example.com").json()["id"])
    manager = manager_for(booking)
    hold_id = manager.hold(service, staff, at(tenant, day, 9)).json()["id"]

    response = manager.reschedule(hold_id)

    assert (response.status_code, response.json()["code"]) == (409, "booking_not_confirmed")


def test_a_retried_reschedule_gets_the_first_answer(tenant, service, staff, day, five_pm):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)
    hold_id = manager.hold(service, staff, at(tenant, day, 9)).json()["id"]
    key = new_key()

    first = manager.reschedule(hold_id, key=key)
    again = manager.reschedule(hold_id, key=key)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["appointments"] == first.json()["appointments"]
    assert Booking.objects.get(pk=booking.id).reschedules == 1


# ------------------------------------------------------------- cancelling


def test_cancelling_frees_the_start_and_a_second_cancel_answers_the_same(
    tenant, service, staff, five_pm, published, django_capture_on_commit_callbacks
):
    booking = book(tenant, service, staff, five_pm)
    manager = manager_for(booking)

    with django_capture_on_commit_callbacks(execute=True):
        first = manager.cancel()
    with django_capture_on_commit_callbacks(execute=True):
        again = manager.cancel()

    assert first.status_code == 200
    assert first.json()["status"] == "cancelled"
    assert (first.json()["refund"], first.json()["refund_amount"]) == ("", 0)
    assert iso(first.json()["appointments"][0]["start"]) == five_pm
    assert first.json()["can_cancel"] is False
    assert first.json()["can_reschedule"] is False
    assert again.status_code == 200
    assert {k: v for k, v in again.json().items() if k != "server_time"} == {
        k: v for k, v in first.json().items() if k != "server_time"
    }
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    assert [name for name, _ in published] == [notifications.SEND_BOOKING_CANCELLED]
    assert published[0][1]["dedupe_key"] == f"booking:{booking.id}:cancelled"


def test_no_cancelling_closer_to_the_start_than_the_window(tenant, service, staff, five_pm, clock):
    booking = book(tenant, service, staff, five_pm)
    clock.now = five_pm - datetime.timedelta(hours=tenant.cancel_window_hours - 1)

    response = manager_for(booking).cancel()

    assert (response.status_code, response.json()["code"]) == (409, "cancel_window_passed")
    assert Booking.objects.get(pk=booking.id).status == "confirmed"
    assert manager_for(booking).view().json()["cancel_blocked_reason"] == "cancel_window_passed"


def test_no_cancelling_when_the_tenant_does_not_allow_it(tenant, service, staff, five_pm):
    tenant.cancel_allowed = False
    tenant.save()
    booking = book(tenant, service, staff, five_pm)

    response = manager_for(booking).cancel()

    assert (response.status_code, response.json()["code"]) == (409, "cancel_not_allowed")
    assert starts_of(booking) == [five_pm]


@pytest.mark.parametrize(
    ("payment", "amount", "deposit_refundable", "hours_ahead", "refund"),
    [
        ("full", 20000, False, 72, "full"),
        ("full", 20000, False, 30, "none"),
        ("deposit", 5000, False, 72, "none"),
        ("deposit", 5000, True, 72, "full"),
    ],
)
def test_cancelling_a_paid_booking_refunds_by_the_tenant_policy(
    tenant,
    published,
    clock,
    django_capture_on_commit_callbacks,
    payment,
    amount,
    deposit_refundable,
    hours_ahead,
    refund,
):
    tenant.payments_enabled = True
    tenant.deposit_refundable = deposit_refundable
    tenant.full_refund_hours_before = 48
    tenant.cancel_window_hours = 24
    tenant.save()
    service = ServiceFactory(
        tenant=tenant, price_amount=20000, currency="chf", down_payment_percent=25
    )
    staff = bookable_staff(tenant, service)
    start = at(tenant, (clock.now + datetime.timedelta(days=5)).date(), 10)
    booking = book(tenant, service, staff, start, payment=payment)
    booking_payment_succeed(
        tenant_id=tenant.id,
        booking_id=booking.id,
        payment_intent_id="pi_1",
        amount=amount,
        currency="chf",
        kind=payment,
    )
    manager = manager_for(booking)
    clock.now = start - datetime.timedelta(hours=hours_ahead)
    expected_amount = amount if refund == "full" else 0
    offered = manager.view().json()

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.cancel()
    clock.advance(hours=10)  # later, the answer is still what the cancellation gave
    again = manager.cancel()

    assert (offered["refund"], offered["refund_amount"]) == (refund, expected_amount)
    assert response.status_code == 200
    assert (response.json()["refund"], response.json()["refund_amount"]) == (
        refund,
        expected_amount,
    )
    assert (again.json()["refund"], again.json()["refund_amount"]) == (refund, expected_amount)
    sent = dict(published)
    assert sent[payments.REFUND]["deposit_refundable"] is deposit_refundable
    assert sent[notifications.SEND_BOOKING_CANCELLED]["refund"] == refund
    assert sent[notifications.SEND_BOOKING_CANCELLED]["refund_amount"] == expected_amount


# ------------------------------------------------------------------ races


def run_together(calls):
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported by the test rather than hanging it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_two_reschedules_at_once_leave_one_live_appointment(tenant, service, staff, day, five_pm):
    tenant.reschedule_limit = 1
    tenant.save()
    booking = book(tenant, service, staff, five_pm)
    tabs = [manager_for(booking), manager_for(booking)]
    starts = [at(tenant, day, 9), at(tenant, day, 12)]
    holds = [
        tab.hold(service, staff, start).json()["id"]
        for tab, start in zip(tabs, starts, strict=True)
    ]

    responses = run_together(
        [
            lambda tab=tab, hold=hold: tab.reschedule(hold)
            for tab, hold in zip(tabs, holds, strict=True)
        ]
    )

    codes = Counter(
        r.status_code if r.status_code == 200 else (r.status_code, r.json()["code"])
        for r in responses
    )
    assert codes == Counter({200: 1, (409, "reschedule_limit_reached"): 1})
    winner = starts[[r.status_code for r in responses].index(200)]
    assert starts_of(booking) == [winner]
    booking.refresh_from_db()
    assert (booking.reschedules, booking.first_start) == (1, winner)
    # The old start is free, the loser's hold still its own, nothing overlaps.
    assert not Reservation.objects.filter(staff=staff, live=True, start=five_pm).exists()
    assert live_overlaps() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_a_reschedule_and_a_cancel_at_once_leave_nothing_live_behind(
    tenant, service, staff, day, five_pm
):
    booking = book(tenant, service, staff, five_pm)
    mover, canceller = manager_for(booking), manager_for(booking)
    hold_id = mover.hold(service, staff, at(tenant, day, 9)).json()["id"]

    moved, cancelled = run_together([lambda: mover.reschedule(hold_id), canceller.cancel])

    assert cancelled.status_code == 200
    assert moved.status_code in (200, 409)
    assert Booking.objects.get(pk=booking.id).status == "cancelled"
    assert starts_of(booking) == []


def test_with_holds_off_the_link_offers_no_move_but_still_a_cancel(tenant, service, staff, five_pm):
    booking = book(tenant, service, staff, five_pm)
    tenant.holds_enabled = False
    tenant.save()

    view = manager_for(booking).view().json()

    assert (view["can_reschedule"], view["reschedule_blocked_reason"]) == (
        False,
        "holds_disabled",
    )
    assert view["can_cancel"] is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_two_allowed_reschedules_at_once_both_count_and_one_start_stays(
    tenant, service, staff, day, five_pm
):
    booking = book(tenant, service, staff, five_pm)
    tabs = [manager_for(booking), manager_for(booking)]
    starts = [at(tenant, day, 9), at(tenant, day, 12)]
    holds = [
        tab.hold(service, staff, start).json()["id"]
        for tab, start in zip(tabs, starts, strict=True)
    ]

    responses = run_together(
        [
            lambda tab=tab, hold=hold: tab.reschedule(hold)
            for tab, hold in zip(tabs, holds, strict=True)
        ]
    )

    assert [r.status_code for r in responses] == [200, 200]
    booking.refresh_from_db()
    assert booking.reschedules == 2
    [start] = starts_of(booking)
    assert start in starts and booking.first_start == start
    assert live_overlaps() == 0


def test_a_move_in_the_back_office_frees_the_old_start_and_tells_the_client(
    tenant, service, staff, day, five_pm, published, django_capture_on_commit_callbacks
):
    booking = book(tenant, service, staff, five_pm)
    ten_am = at(tenant, day + datetime.timedelta(days=1), 10)

    with django_capture_on_commit_callbacks(execute=True):
        moved = booking_move(tenant=tenant, booking_id=booking.id, start=ten_am)

    assert starts_of(moved) == [ten_am]
    assert moved.first_start == ten_am
    assert moved.reschedules == 0  # the client's own limit is not spent by the business
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    taken = Widget(tenant).hold(service, staff, ten_am)
    assert (taken.status_code, taken.json()["code"]) == (409, "slot_unavailable")
    [(name, message)] = published
    assert name == notifications.SEND_BOOKING_RESCHEDULED
    assert message["dedupe_key"].startswith(f"booking:{booking.id}:moved:")
    assert iso(message["appointments"][0]["start"]) == ten_am
    assert iso(message["previous_appointments"][0]["start"]) == five_pm
