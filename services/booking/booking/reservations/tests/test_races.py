"""Races on real PostgreSQL with real threads: one staff member's time is sold once.

Each thread is a browser with its own HTTP client and database connection; a
barrier releases them together. The last test removes both guards (the lock
path and the exclusion constraint) to show these tests do catch double booking.
"""

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, connections

from booking.reservations.models import Booking, Reservation
from booking.reservations.services import guard, holds

from .conftest import Widget, at, live_overlaps

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

BARRIER_TIMEOUT = 30


def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Runs the calls in threads released at the same moment; returns their results."""
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT)
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the test reports it rather than hanging
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def statuses(responses) -> Counter:
    return Counter(getattr(r, "status_code", type(r).__name__) for r in responses)


def hold_call(tenant, service, staff, start) -> Callable[[], object]:
    return lambda: Widget(tenant).hold(service, staff, start)


def test_fifty_simultaneous_holds_of_one_start_give_one_hold(tenant, service, staff, five_pm):
    responses = run_together([hold_call(tenant, service, staff, five_pm) for _ in range(50)])

    assert statuses(responses) == Counter({201: 1, 409: 49})
    assert all(r.json()["code"] == "slot_unavailable" for r in responses if r.status_code == 409)
    assert Reservation.objects.filter(live=True).count() == 1
    assert live_overlaps() == 0


def test_overlapping_different_starts_have_one_winner(tenant, service, staff, day):
    starts = [at(tenant, day, 17), at(tenant, day, 17, 30)] * 10

    responses = run_together([hold_call(tenant, service, staff, s) for s in starts])

    assert statuses(responses) == Counter({201: 1, 409: 19})
    assert live_overlaps() == 0


def test_holds_of_different_staff_do_not_block_each_other(tenant, service, staff, five_pm):
    from .conftest import bookable_staff

    colleague = bookable_staff(tenant, service, name="Ben")

    responses = run_together(
        [hold_call(tenant, service, member, five_pm) for member in [staff, colleague] * 5]
    )

    assert statuses(responses) == Counter({201: 2, 409: 8})
    assert live_overlaps() == 0


def test_a_hold_turning_into_a_booking_while_others_try_to_take_it(tenant, service, staff, five_pm):
    holder = Widget(tenant)
    assert holder.hold(service, staff, five_pm).status_code == 201

    book = [lambda: holder.book()]
    others = [hold_call(tenant, service, staff, five_pm) for _ in range(15)]
    responses = run_together(book + others)

    assert responses[0].status_code == 201
    assert responses[0].json()["status"] == "confirmed"
    assert statuses(responses[1:]) == Counter({409: 15})
    booked = Reservation.objects.get(live=True)
    assert booked.state == "booked" and booked.expires_at is None
    assert live_overlaps() == 0


def test_an_expired_hold_submitted_while_others_take_its_start(
    tenant, service, staff, five_pm, clock
):
    holder = Widget(tenant)
    assert holder.hold(service, staff, five_pm).status_code == 201
    clock.advance(minutes=10)

    responses = run_together(
        [lambda: holder.book()] + [hold_call(tenant, service, staff, five_pm) for _ in range(10)]
    )

    assert responses[0].status_code == 409
    assert responses[0].json()["code"] == "hold_expired"
    assert statuses(responses[1:]) == Counter({201: 1, 409: 9})
    assert not Booking.objects.exists()
    assert live_overlaps() == 0


def test_a_two_hold_cart_books_both_while_others_race_for_them(tenant, service, staff, day):
    holder = Widget(tenant)
    assert holder.hold(service, staff, at(tenant, day, 9)).status_code == 201
    assert holder.hold(service, staff, at(tenant, day, 10)).status_code == 201
    racers = [hold_call(tenant, service, staff, at(tenant, day, hour)) for hour in (9, 10, 11) * 4]

    responses = run_together([lambda: holder.book()] + racers)

    assert responses[0].status_code == 201
    assert len(responses[0].json()["appointments"]) == 2
    assert statuses(responses[1:]) == Counter({201: 1, 409: 11})
    assert live_overlaps() == 0


@pytest.fixture
def without_lock(monkeypatch):
    """The write path with the staff lock taken out and a pause between check and insert.

    Every thread checks for an overlap (and finds none) before any inserts: the
    widest race window there is, reproduced deterministically.
    """
    parties = {"barrier": None}
    real_overlap_exists = guard.overlap_exists

    def overlap_then_wait(**kwargs):
        found = real_overlap_exists(**kwargs)
        parties["barrier"].wait()
        return found

    monkeypatch.setattr(holds, "staff_lock", lambda **kwargs: [])
    monkeypatch.setattr(holds, "overlap_exists", overlap_then_wait)

    def arm(count: int) -> None:
        parties["barrier"] = threading.Barrier(count, timeout=BARRIER_TIMEOUT)

    return arm


@pytest.fixture
def without_exclusion_constraint():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            [guard.NO_OVERLAP],
        )
        (definition,) = cursor.fetchone()
        cursor.execute(f"ALTER TABLE reservations_reservation DROP CONSTRAINT {guard.NO_OVERLAP}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reservations_reservation SET live = false, state = 'released'")
            cursor.execute(
                f"ALTER TABLE reservations_reservation "
                f"ADD CONSTRAINT {guard.NO_OVERLAP} {definition}"
            )


def test_without_the_lock_the_constraint_alone_still_gives_one_hold(
    tenant, service, staff, five_pm, without_lock
):
    without_lock(20)

    responses = run_together([hold_call(tenant, service, staff, five_pm) for _ in range(20)])

    # Every request passed the overlap check; the database refused all but one,
    # and the refusals are clean 409s, not 500s.
    assert statuses(responses) == Counter({201: 1, 409: 19})
    assert live_overlaps() == 0


def test_without_lock_and_constraint_the_race_double_books(
    tenant, service, staff, five_pm, without_lock, without_exclusion_constraint
):
    without_lock(20)

    responses = run_together([hold_call(tenant, service, staff, five_pm) for _ in range(20)])

    # The bug the guards prevent: the same hour held for many carts at once, which
    # the assertions of the tests above would catch.
    assert statuses(responses)[201] > 1
    assert live_overlaps() > 0


def test_the_constraint_is_back_after_the_test_that_drops_it(tenant, service, staff, five_pm):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conname = %s", [guard.NO_OVERLAP])
        assert cursor.fetchone()[0] == 1
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 201
    assert Widget(tenant).hold(service, staff, five_pm).status_code == 409
