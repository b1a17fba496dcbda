"""Idempotency-Key: a retried POST gets the first answer, never a second hold or booking."""

from collections import Counter

import pytest

from booking.reservations.models import Booking, Cart, IdempotencyRecord, Reservation

from .conftest import Widget, at, new_key
from .test_races import run_together


@pytest.mark.django_db
def test_a_retried_hold_gets_the_first_answer_and_holds_once(widget, service, staff, five_pm):
    key = new_key()
    first = widget.hold(service, staff, five_pm, key=key)
    widget.cart_token = None  # the browser never saw the answer, so it has no token yet

    retry = widget.hold(service, staff, five_pm, key=key)

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Reservation.objects.count() == 1
    assert Cart.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_422(widget, service, staff, five_pm, tenant, day):
    key = new_key()
    widget.hold(service, staff, five_pm, key=key)
    widget.cart_token = None

    response = widget.hold(service, staff, at(tenant, day, 9), key=key)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Reservation.objects.count() == 1


@pytest.mark.django_db
def test_a_key_is_scoped_to_its_cart_and_path(widget, other_widget, service, staff, tenant, day):
    key = new_key()
    assert widget.hold(service, staff, at(tenant, day, 9), key=key).status_code == 201
    # Another browser that happens to pick the same key is another request.
    other_widget.cart_token = "another-browser"
    assert other_widget.hold(service, staff, at(tenant, day, 9), key=key).status_code == 409
    hold_id = Reservation.objects.get().id
    assert widget.extend(hold_id, key=key).status_code == 200


@pytest.mark.django_db
def test_an_error_answer_is_replayed_too(widget, other_widget, service, staff, five_pm):
    hold = widget.hold(service, staff, five_pm).json()
    key = new_key()
    assert other_widget.hold(service, staff, five_pm, key=key).status_code == 409
    widget.release(hold["id"])

    retry = other_widget.hold(service, staff, five_pm, key=key)

    assert retry.status_code == 409
    assert retry.json()["code"] == "slot_unavailable"
    assert other_widget.hold(service, staff, five_pm, key=new_key()).status_code == 201


@pytest.mark.django_db
def test_a_retried_booking_is_booked_once(widget, service, staff, five_pm):
    widget.hold(service, staff, five_pm)
    key = new_key()

    first = widget.book(key=key)
    retry = widget.book(key=key)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1
    assert widget.book(key=new_key()).json()["code"] == "cart_empty"


@pytest.mark.django_db
def test_a_retried_wrong_code_counts_once(widget, service, staff, five_pm, tenant, monkeypatch):
    from booking.reservations.models import Client, VerificationCode

    monkeypatch.setattr("booking.reservations.services.bookings._new_code", lambda: "123456")
    Client.objects.create(tenant=tenant, name="Kim", email="kim@example.com")
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email="kim@example.com").json()["id"]
    key = new_key()

    answers = [widget.verify(booking_id, "000000", key=key) for _ in range(3)]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert [a.json() for a in answers] == [answers[0].json()] * 3
    assert answers[0].json()["detail"] == {"attempts_left": 4}
    assert VerificationCode.objects.get().wrong_attempts == 1


@pytest.mark.django_db
def test_an_unusable_key_is_400(widget, service, staff, five_pm):
    response = widget.hold(service, staff, five_pm, key="x" * 256)

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"
    assert not Reservation.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_concurrent_duplicates_make_one_booking(tenant, service, staff, five_pm):
    widget = Widget(tenant)
    widget.hold(service, staff, five_pm)
    key = new_key()

    def submit():
        browser = Widget(tenant)
        browser.cart_token = widget.cart_token
        return browser.book(key=key)

    responses = run_together([submit for _ in range(10)])

    assert Counter(r.status_code for r in responses) == Counter({201: 10})
    assert len({r.json()["id"] for r in responses}) == 1
    assert Booking.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_answers_are_forgotten_after_a_day_by_the_tidy_task(widget, service, staff, five_pm, clock):
    from booking.reservations import tasks

    key = new_key()
    widget.hold(service, staff, five_pm, key=key)
    IdempotencyRecord.objects.update(created_at=clock.now)
    clock.advance(hours=23)
    tasks.tidy_expired.run()
    assert IdempotencyRecord.objects.count() == 1

    clock.advance(hours=2)
    tasks.tidy_expired.run()

    assert IdempotencyRecord.objects.count() == 0
