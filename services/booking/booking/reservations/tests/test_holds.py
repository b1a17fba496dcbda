"""Holds through the public API: the countdown, extensions, release, caps and refusals."""

import datetime

import pytest

from booking.availability.cache import versions_replace
from booking.catalog.models import DayOff
from booking.catalog.services import day_off_create
from booking.reservations.models import Cart, Reservation
from booking.reservations.selectors import cart_token_hash
from booking.reservations.services.maintenance import expired_claims_tidy

from .conftest import Widget, at

pytestmark = pytest.mark.django_db


def test_a_hold_answers_its_expiry_and_the_server_clock(widget, service, staff, five_pm, clock):
    response = widget.hold(service, staff, five_pm)

    assert response.status_code == 201
    body = response.json()
    assert datetime.datetime.fromisoformat(body["start"]) == five_pm
    assert datetime.datetime.fromisoformat(body["end"]) == five_pm + datetime.timedelta(hours=1)
    assert datetime.datetime.fromisoformat(body["server_time"]) == clock.now
    assert datetime.datetime.fromisoformat(body["expires_at"]) == clock.now + datetime.timedelta(
        minutes=10
    )
    assert body["extensions_left"] == 2
    # The raw token goes to the widget once; only its hash is kept.
    cart = Cart.objects.get()
    assert cart.token_hash == cart_token_hash(body["cart_token"])
    assert body["cart_token"] not in cart.token_hash


def test_a_second_hold_with_the_token_goes_into_the_same_cart(widget, service, staff, five_pm):
    first = widget.hold(service, staff, five_pm)
    second = widget.hold(service, staff, five_pm + datetime.timedelta(hours=2))

    assert second.status_code == 201
    assert second.json()["cart_token"] == first.json()["cart_token"]
    assert Cart.objects.count() == 1
    assert Reservation.objects.filter(cart__isnull=False).values("cart").distinct().count() == 1


def test_a_taken_start_is_refused_for_another_cart(widget, other_widget, service, staff, five_pm):
    assert widget.hold(service, staff, five_pm).status_code == 201

    response = other_widget.hold(service, staff, five_pm)

    assert response.status_code == 409
    assert response.json()["code"] == "slot_unavailable"
    assert response.json()["detail"]["reason"] == "taken"


def test_an_overlapping_start_is_refused(widget, other_widget, service, staff, tenant, day):
    assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201

    assert other_widget.hold(service, staff, at(tenant, day, 17, 30)).status_code == 409
    assert other_widget.hold(service, staff, at(tenant, day, 16, 30)).status_code == 409
    assert other_widget.hold(service, staff, at(tenant, day, 18)).status_code == 201


def test_buffers_widen_the_time_a_hold_blocks(widget, other_widget, service, staff, tenant, day):
    service.buffer_after_minutes = 30
    service.save()
    assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201

    assert other_widget.hold(service, staff, at(tenant, day, 18)).status_code == 409
    assert other_widget.hold(service, staff, at(tenant, day, 18, 30)).status_code == 201


def test_a_start_the_schedule_does_not_offer_is_refused(widget, service, staff, tenant, day):
    before_work = widget.hold(service, staff, at(tenant, day, 7))
    off_grid = widget.hold(service, staff, at(tenant, day, 17, 10))
    past = widget.hold(service, staff, at(tenant, day - datetime.timedelta(days=5), 17))

    for response in (before_work, off_grid, past):
        assert response.status_code == 409
        assert response.json()["code"] == "slot_unavailable"
        assert response.json()["detail"]["reason"] == "not_offered"
    assert not Reservation.objects.exists()


def test_a_day_off_refuses_the_next_hold_of_that_day(widget, service, staff, tenant, day):
    assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201  # schedule read

    day_off_create(staff=staff, start_date=day, end_date=day)

    response = widget.hold(service, staff, at(tenant, day, 19))
    assert response.status_code == 409
    assert response.json()["detail"]["reason"] == "not_offered"


def test_a_day_off_written_by_another_process_reaches_the_holds_of_this_one(
    widget, service, staff, tenant, day
):
    assert widget.hold(service, staff, at(tenant, day, 17)).status_code == 201  # schedule read
    # Another process's write: the row without this process's signals, then what its
    # signals send everyone (availability/snapshot.py), the tenant's new token.
    DayOff.objects.bulk_create([DayOff(tenant=tenant, staff=staff, start_date=day, end_date=day)])
    # Proof that the schedule is kept: until the token changes, the day is still offered.
    assert widget.hold(service, staff, at(tenant, day, 18)).status_code == 201

    versions_replace(tenant_id=tenant.id)

    response = widget.hold(service, staff, at(tenant, day, 19))
    assert response.status_code == 409
    assert response.json()["detail"]["reason"] == "not_offered"


def test_a_start_without_offset_is_bad_input(widget, service, staff, five_pm):
    response = widget.http.post(
        widget.url("holds"),
        {
            "service": str(service.id),
            "staff": str(staff.id),
            "start": five_pm.replace(tzinfo=None).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "start" in response.json()["detail"]


def test_holds_switched_off_answer_403(widget, service, staff, five_pm, tenant):
    tenant.holds_enabled = False
    tenant.save()

    response = widget.hold(service, staff, five_pm)

    assert response.status_code == 403
    assert response.json()["code"] == "holds_disabled"


def test_a_cart_holds_at_most_the_tenants_limit(widget, service, staff, tenant, day):
    tenant.max_holds_per_cart = 2
    tenant.save()
    assert widget.hold(service, staff, at(tenant, day, 9)).status_code == 201
    assert widget.hold(service, staff, at(tenant, day, 11)).status_code == 201

    response = widget.hold(service, staff, at(tenant, day, 13))

    assert response.status_code == 429
    assert response.json()["code"] == "too_many_holds"
    assert response.json()["detail"] == {"limit": 2}


def test_an_expired_hold_frees_the_start_without_any_sweep(
    widget, other_widget, service, staff, five_pm, clock
):
    assert widget.hold(service, staff, five_pm).status_code == 201
    clock.advance(minutes=9, seconds=59)
    assert other_widget.hold(service, staff, five_pm).status_code == 409

    clock.advance(seconds=1)

    assert other_widget.hold(service, staff, five_pm).status_code == 201
    assert Reservation.objects.filter(state="expired").count() == 1


def test_an_expired_hold_no_longer_counts_against_the_cart_limit(
    widget, service, staff, tenant, day, clock
):
    tenant.max_holds_per_cart = 1
    tenant.save()
    assert widget.hold(service, staff, at(tenant, day, 9)).status_code == 201
    clock.advance(minutes=11)

    assert widget.hold(service, staff, at(tenant, day, 11)).status_code == 201


def test_extending_adds_minutes_a_limited_number_of_times(
    widget, other_widget, service, staff, five_pm, clock
):
    hold = widget.hold(service, staff, five_pm).json()
    first_expiry = datetime.datetime.fromisoformat(hold["expires_at"])

    clock.advance(minutes=8)
    first = widget.extend(hold["id"])
    second = widget.extend(hold["id"])
    third = widget.extend(hold["id"])

    assert first.status_code == 200
    assert datetime.datetime.fromisoformat(first.json()["expires_at"]) == (
        first_expiry + datetime.timedelta(minutes=5)
    )
    assert first.json()["extensions_left"] == 1
    assert second.status_code == 200
    assert second.json()["extensions_left"] == 0
    assert third.status_code == 409
    assert third.json()["code"] == "no_extension_left"
    # Past the first expiry the start is still held: the extensions count.
    clock.advance(minutes=11)
    assert other_widget.hold(service, staff, five_pm).status_code == 409
    clock.advance(minutes=1)
    assert other_widget.hold(service, staff, five_pm).status_code == 201


def test_an_expired_hold_cannot_be_extended(widget, service, staff, five_pm, clock):
    hold = widget.hold(service, staff, five_pm).json()
    clock.advance(minutes=10)

    response = widget.extend(hold["id"])

    assert response.status_code == 409
    assert response.json()["code"] == "hold_expired"


def test_release_offers_the_start_again_at_once(widget, other_widget, service, staff, five_pm):
    hold = widget.hold(service, staff, five_pm).json()

    response = widget.release(hold["id"])

    assert response.status_code == 204
    assert other_widget.hold(service, staff, five_pm).status_code == 201
    assert Reservation.objects.get(pk=hold["id"]).state == "released"
    # A retried DELETE gets the same answer and takes nothing from the new holder.
    assert widget.release(hold["id"]).status_code == 204
    assert Reservation.objects.filter(live=True).count() == 1


def test_releasing_a_hold_that_ran_out_succeeds_and_leaves_it_expired(
    widget, other_widget, service, staff, five_pm, clock
):
    hold = widget.hold(service, staff, five_pm).json()
    clock.advance(minutes=10)
    expired_claims_tidy()

    assert widget.release(hold["id"]).status_code == 204
    assert Reservation.objects.get(pk=hold["id"]).state == "expired"
    # The start was free already; the late DELETE changes nothing for the next holder.
    assert other_widget.hold(service, staff, five_pm).status_code == 201
    assert widget.release(hold["id"]).status_code == 204
    assert Reservation.objects.filter(live=True).count() == 1


def test_a_booked_hold_cannot_be_released(widget, service, staff, five_pm):
    hold = widget.hold(service, staff, five_pm).json()
    widget.book()

    assert widget.release(hold["id"]).status_code == 404
    assert Reservation.objects.get().live


def test_only_the_owning_cart_may_release_or_extend(
    widget, other_widget, service, staff, five_pm, tenant
):
    hold = widget.hold(service, staff, five_pm).json()
    other_widget.hold(service, staff, five_pm + datetime.timedelta(hours=2))
    stranger = Widget(tenant)

    for intruder in (other_widget, stranger):
        assert intruder.release(hold["id"]).status_code == 404
        assert intruder.extend(hold["id"]).status_code == 404
    assert Reservation.objects.get(pk=hold["id"]).live


def test_holds_of_another_tenant_are_not_found(widget, service, staff, five_pm):
    from booking.tenants.tests.factories import TenantFactory

    hold = widget.hold(service, staff, five_pm).json()
    elsewhere = Widget(TenantFactory(slug="elsewhere"))
    elsewhere.cart_token = widget.cart_token

    assert elsewhere.release(hold["id"]).status_code == 404
    assert elsewhere.hold(service, staff, five_pm).status_code == 404


def test_every_change_tells_availability_which_days_changed(
    widget, service, staff, five_pm, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        "booking.reservations.events.availability_changed_for_staff",
        lambda **kwargs: calls.append(kwargs),
    )
    with django_capture_on_commit_callbacks(execute=True):
        hold = widget.hold(service, staff, five_pm).json()
        widget.extend(hold["id"])
        widget.release(hold["id"])

    day = five_pm.date()
    assert calls == [{"tenant_id": staff.tenant_id, "staff_id": staff.id, "dates": [day]}] * 3


def test_a_staff_member_who_does_not_give_the_service_is_not_found(
    widget, tenant, service, five_pm
):
    from booking.catalog.tests.factories import ServiceFactory

    other_service = ServiceFactory(tenant=tenant, name="Other")
    from .conftest import bookable_staff

    colleague = bookable_staff(tenant, other_service, name="Carl")

    response = widget.hold(service, colleague, five_pm)

    assert response.status_code == 404
    assert response.json()["code"] == "staff_not_found"
