"""Bookings through the public API: all or none, clients, verification, payment choice."""

import datetime

import pytest
from contracts import notifications
from contracts.payment_order import verify_payment_order
from django.conf import settings

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations.models import Booking, Client, Reservation, VerificationCode

from .conftest import Widget, at, bookable_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(monkeypatch):
    """Each API call runs what it deferred to the commit, as a real commit would.

    The test's own transaction never commits, so after-commit work is captured
    per request and run when the request's transaction would have committed.
    """
    from django.test import TestCase
    from rest_framework.test import APIClient

    generic = APIClient.generic

    def generic_then_commit(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return generic(self, *args, **kwargs)

    monkeypatch.setattr(APIClient, "generic", generic_then_commit)


@pytest.fixture
def known_client(tenant):
    return Client.objects.create(tenant=tenant, name="Kim", email="Kim.Known@Example.com")


@pytest.fixture
def paid_service(tenant):
    tenant.payments_enabled = True
    tenant.save()
    return ServiceFactory(
        tenant=tenant,
        name="Wedding shoot",
        duration_minutes=60,
        price_amount=20000,
        currency="chf",
        down_payment_percent=25,
    )


def codes_sent(published) -> list[str]:
    return [k["code"] for name, k in published if name == notifications.SEND_VERIFICATION_CODE]


def test_a_new_client_is_confirmed_at_once(widget, service, staff, five_pm, published, commits):
    widget.hold(service, staff, five_pm)

    response = widget.book(reminder=True)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["expires_at"] is None
    assert body["payment_order"] is None
    assert [a["start"] for a in body["appointments"]] == [
        five_pm.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    ]
    booking = Booking.objects.get()
    assert booking.client.email == "new.client@example.com"
    assert booking.reminder is True
    reservation = Reservation.objects.get()
    assert (reservation.state, reservation.live, reservation.expires_at) == ("booked", True, None)


def test_confirmation_message_carries_what_the_email_needs(
    widget, service, staff, five_pm, published, commits, tenant
):
    tenant.owner_email = "owner@studio.test"
    tenant.save()
    widget.hold(service, staff, five_pm)

    booking_id = widget.book().json()["id"]

    [(name, payload)] = published
    assert name == notifications.SEND_BOOKING_CONFIRMATION
    message = notifications.BookingMessage(**payload)
    assert message.dedupe_key == f"booking:{booking_id}:confirmed"
    assert payload["tenant"]["owner_email"] == "owner@studio.test"
    assert payload["tenant"]["timezone"] == "Europe/Zurich"
    assert payload["client_email"] == "new.client@example.com"
    assert payload["appointments"] == [
        {
            "service_name": "Portrait session",
            "staff_name": "Anna",
            "staff_email": "anna@studio.test",
            "start": five_pm.astimezone(datetime.UTC).isoformat(),
            "end": (five_pm + datetime.timedelta(hours=1)).astimezone(datetime.UTC).isoformat(),
        }
    ]
    prefix = f"{settings.PUBLIC_BASE_URL}/widget/?tenant={tenant.slug}#manage/"
    assert payload["manage_url"].startswith(prefix)
    from django.core import signing

    token = payload["manage_url"][len(prefix) :]
    assert signing.loads(token, salt="booking.manage") == {"booking": booking_id}


def test_a_cart_with_two_holds_becomes_one_booking(widget, service, staff, tenant, day):
    widget.hold(service, staff, at(tenant, day, 9))
    widget.hold(service, staff, at(tenant, day, 10))

    body = widget.book().json()

    assert len(body["appointments"]) == 2
    assert Booking.objects.count() == 1
    assert set(Reservation.objects.values_list("state", flat=True)) == {"booked"}


def test_a_two_hold_cart_fails_as_a_whole_when_one_hold_expired(
    widget, other_widget, service, staff, tenant, day, clock
):
    first = widget.hold(service, staff, at(tenant, day, 9)).json()
    clock.advance(minutes=6)
    widget.hold(service, staff, at(tenant, day, 11))
    clock.advance(minutes=5)  # the first hold ran out, the second has 1 minute left

    response = widget.book()

    assert response.status_code == 409
    assert response.json()["code"] == "hold_expired"
    assert response.json()["detail"] == {"holds": [first["id"]]}
    assert not Booking.objects.exists()
    assert not Client.objects.exists()
    assert set(Reservation.objects.values_list("state", flat=True)) == {"held"}
    # The other hold still blocks its start until it runs out too.
    assert other_widget.hold(service, staff, at(tenant, day, 11)).status_code == 409


def test_booking_without_holds_is_refused(widget):
    response = widget.book()

    assert response.status_code == 409
    assert response.json()["code"] == "cart_empty"


def test_a_cart_is_booked_only_once(widget, service, staff, five_pm):
    widget.hold(service, staff, five_pm)
    assert widget.book().status_code == 201

    response = widget.book()

    assert response.status_code == 409
    assert response.json()["code"] == "cart_empty"
    assert Booking.objects.count() == 1


def test_bad_client_details_are_400_and_write_nothing(widget, service, staff, five_pm):
    widget.hold(service, staff, five_pm)

    response = widget.book(email="not-an-email")

    assert response.status_code == 400
    assert "client" in response.json()["detail"]
    assert not Booking.objects.exists()


def test_clients_are_matched_by_email_whatever_the_case(
    widget, service, staff, five_pm, known_client, published, commits
):
    widget.hold(service, staff, five_pm)

    response = widget.book(email="kim.KNOWN@example.com", name="Someone else")

    assert response.json()["status"] == "awaiting_verification"
    assert Client.objects.count() == 1
    assert Booking.objects.get().client == known_client
    assert known_client.name == Client.objects.get().name  # not overwritten before proof


def test_a_known_email_waits_for_the_code_and_keeps_the_slot(
    widget, other_widget, service, staff, five_pm, known_client, published, commits, clock
):
    widget.hold(service, staff, five_pm)
    clock.advance(minutes=9)  # the hold had one minute left

    body = widget.book(email=known_client.email).json()

    assert body["status"] == "awaiting_verification"
    code_expiry = clock.now + datetime.timedelta(minutes=10)
    assert datetime.datetime.fromisoformat(body["expires_at"]) == code_expiry
    assert Reservation.objects.get().expires_at == code_expiry
    clock.advance(minutes=9)
    assert other_widget.hold(service, staff, five_pm).status_code == 409

    [code] = codes_sent(published)
    response = widget.verify(body["id"], code)

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert Reservation.objects.get().expires_at is None
    assert [name for name, _ in published] == [
        notifications.SEND_VERIFICATION_CODE,
        notifications.SEND_BOOKING_CONFIRMATION,
    ]


def test_the_code_is_six_digits_stored_only_as_a_hash(
    widget, service, staff, five_pm, known_client, published, commits
):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]

    [code] = codes_sent(published)
    row = VerificationCode.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert code not in row.code_hash
    payload = published[0][1]
    assert payload["dedupe_key"] == f"booking:{booking_id}:code:0"
    assert payload["email"] == known_client.email
    assert payload["booking_id"] == booking_id


def test_a_code_is_used_once(widget, service, staff, five_pm, known_client, published, commits):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]
    [code] = codes_sent(published)
    assert widget.verify(booking_id, code).status_code == 200

    again = widget.verify(booking_id, code)

    assert again.status_code == 200  # a retry sees the outcome; nothing happens twice
    assert again.json()["status"] == "confirmed"
    confirmations = [n for n, _ in published if n == notifications.SEND_BOOKING_CONFIRMATION]
    assert len(confirmations) == 1


def test_five_wrong_codes_then_429_and_a_resend_does_not_reset_the_count(
    widget, service, staff, five_pm, known_client, published, commits
):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]
    [code] = codes_sent(published)
    wrong = "000000" if code != "000000" else "111111"

    answers = [widget.verify(booking_id, wrong) for _ in range(3)]
    assert widget.resend(booking_id).status_code == 202
    answers += [widget.verify(booking_id, wrong) for _ in range(2)]
    fresh_code = codes_sent(published)[-1]
    locked_out = widget.verify(booking_id, fresh_code)

    assert [a.status_code for a in answers] == [400] * 5
    assert [a.json()["detail"]["attempts_left"] for a in answers] == [4, 3, 2, 1, 0]
    assert answers[0].json()["code"] == "invalid_code"
    assert locked_out.status_code == 429
    assert locked_out.json()["code"] == "too_many_attempts"
    assert widget.resend(booking_id).json()["code"] == "too_many_attempts"
    # Locked out, the booking gives its slot back at once.
    assert Booking.objects.get().status == "expired"
    assert Widget(widget.tenant).hold(service, staff, five_pm).status_code == 201


def test_at_most_three_resends_each_with_a_new_code_and_time(
    widget, service, staff, five_pm, known_client, published, commits, clock
):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]

    resends = []
    for _ in range(4):
        clock.advance(minutes=5)
        resends.append(widget.resend(booking_id))

    assert [r.status_code for r in resends] == [202, 202, 202, 429]
    assert resends[3].json()["code"] == "too_many_resends"
    assert len(codes_sent(published)) == 4
    # The slot is held for as long as the newest code is valid.
    newest_expiry = datetime.datetime.fromisoformat(resends[2].json()["expires_at"])
    assert Reservation.objects.get().expires_at == newest_expiry
    # An earlier code no longer works.
    first_code, newest = codes_sent(published)[0], codes_sent(published)[-1]
    if first_code != newest:
        assert widget.verify(booking_id, first_code).status_code == 400
    assert widget.verify(booking_id, newest).json()["status"] == "confirmed"


def test_a_code_past_its_ten_minutes_finds_the_booking_expired(
    widget, other_widget, service, staff, five_pm, known_client, published, commits, clock
):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]
    [code] = codes_sent(published)
    clock.advance(minutes=10)

    response = widget.verify(booking_id, code)

    assert response.status_code == 409
    assert response.json()["code"] == "booking_expired"
    assert other_widget.hold(service, staff, five_pm).status_code == 201


def test_only_the_cart_that_booked_may_verify(
    widget, other_widget, service, staff, five_pm, known_client, published, commits
):
    widget.hold(service, staff, five_pm)
    booking_id = widget.book(email=known_client.email).json()["id"]
    [code] = codes_sent(published)

    assert other_widget.verify(booking_id, code).status_code == 404
    assert other_widget.resend(booking_id).status_code == 404


def test_a_booking_that_never_waited_for_a_code_is_not_pending_verification(
    widget, service, staff, five_pm, published, commits
):
    """A new email is confirmed at once and has no code: a verify or a resend for it is
    answered as a step the booking does not wait for, never as a server error."""
    widget.hold(service, staff, five_pm)
    booked = widget.book(email="new@client.test").json()
    assert booked["status"] == "confirmed" and codes_sent(published) == []

    for response in (widget.verify(booked["id"], "123456"), widget.resend(booked["id"])):
        assert response.status_code == 409
        assert response.json()["code"] == "booking_not_pending"
        assert response.json()["detail"] == {"status": "confirmed"}


def test_payment_options_follow_service_and_tenant(tenant, service, paid_service, widget):
    def options(svc):
        response = widget.http.get(widget.url(f"payment-options?service={svc.id}"))
        assert response.status_code == 200
        return response.json()["options"]

    assert options(service) == ["finish"]
    assert options(paid_service) == ["pay", "down_payment"]
    paid_service.down_payment_percent = None
    paid_service.save()
    assert options(paid_service) == ["pay"]
    tenant.payments_enabled = False
    tenant.save()
    assert options(paid_service) == ["finish"]


def test_payment_options_name_the_choices_as_a_booking_takes_them(
    tenant, service, paid_service, widget, day
):
    def payments(svc):
        response = widget.http.get(widget.url(f"payment-options?service={svc.id}"))
        assert response.status_code == 200
        return response.json()["payments"]

    assert payments(service) == ["none"]
    assert payments(paid_service) == ["full", "deposit"]
    staff = bookable_staff(tenant, paid_service, name="Paul")
    widget.hold(paid_service, staff, at(tenant, day, 11))

    body = widget.book(payment=payments(paid_service)[1]).json()

    assert (body["status"], body["payment"]) == ("awaiting_payment", "deposit")


def test_payment_options_on_a_plan_without_payments_offer_finish_only(tenant, paid_service, widget):
    tenant.plan = "basic"
    tenant.save()

    response = widget.http.get(widget.url(f"payment-options?service={paid_service.id}"))

    assert response.json()["options"] == ["finish"]


def cart_payment_options(widget) -> dict:
    response = widget.http.get(widget.url("cart/payment-options"), **widget.headers())
    assert response.status_code == 200
    return response.json()


def test_a_cart_is_offered_and_charged_the_sum_of_its_held_starts(
    tenant, service, paid_service, widget, day, clock
):
    staff = bookable_staff(tenant, paid_service, name="Paul")
    staff.services.add(service)
    # Nothing held yet, and then a free service only: nothing online.
    assert cart_payment_options(widget)["payments"] == ["none"]
    assert widget.hold(service, staff, at(tenant, day, 9)).status_code == 201
    assert cart_payment_options(widget) == {
        "options": ["finish"],
        "payments": ["none"],
        "full_amount": None,
        "down_payment_amount": None,
        "currency": "",
    }
    # The same paid service held twice is paid twice; the free one adds nothing.
    assert widget.hold(paid_service, staff, at(tenant, day, 11)).status_code == 201
    assert widget.hold(paid_service, staff, at(tenant, day, 13)).status_code == 201
    due = cart_payment_options(widget)
    assert due == {
        "options": ["pay", "down_payment"],
        "payments": ["full", "deposit"],
        "full_amount": 40000,
        "down_payment_amount": 10000,
        "currency": "chf",
    }

    # What it says is what a booking of the cart charges.
    body = widget.book(payment="deposit").json()
    order = verify_payment_order(body["payment_order"], settings.PAYMENT_ORDER_SECRET, clock.now)
    assert (order.amount, order.currency) == (due["down_payment_amount"], due["currency"])
    # Booked: the cart holds nothing any more.
    assert cart_payment_options(widget)["payments"] == ["none"]


def test_a_cart_offers_a_down_payment_only_when_every_paid_start_takes_one(
    tenant, paid_service, widget, other_widget, day
):
    portrait = ServiceFactory(tenant=tenant, duration_minutes=30, price_amount=9000, currency="chf")
    staff = bookable_staff(tenant, paid_service, name="Paul")
    staff.services.add(portrait)
    assert widget.hold(paid_service, staff, at(tenant, day, 11)).status_code == 201
    assert widget.hold(portrait, staff, at(tenant, day, 13)).status_code == 201

    due = cart_payment_options(widget)

    assert (due["payments"], due["full_amount"], due["down_payment_amount"]) == (
        ["full"],
        29000,
        None,
    )
    # Another cart, and no cart at all, see nothing of this one.
    assert cart_payment_options(other_widget)["payments"] == ["none"]
    other_widget.cart_token = "not-a-cart"
    assert cart_payment_options(other_widget)["payments"] == ["none"]


def test_a_cart_with_paid_starts_in_two_currencies_is_not_paid_online(
    tenant, paid_service, widget, day
):
    euros = ServiceFactory(tenant=tenant, duration_minutes=30, price_amount=9000, currency="eur")
    staff = bookable_staff(tenant, paid_service, name="Paul")
    staff.services.add(euros)
    assert widget.hold(paid_service, staff, at(tenant, day, 11)).status_code == 201
    assert widget.hold(euros, staff, at(tenant, day, 13)).status_code == 201

    assert cart_payment_options(widget)["payments"] == ["none"]
    assert widget.book(payment="full").json()["code"] == "payment_not_offered"


@pytest.mark.parametrize(
    ("payment", "amount"),
    [("full", 20000), ("deposit", 5000)],
)
def test_a_paid_choice_waits_for_payment_with_a_signed_order(
    widget, other_widget, tenant, paid_service, five_pm, clock, payment, amount
):
    staff = bookable_staff(tenant, paid_service, name="Paul")
    widget.hold(paid_service, staff, five_pm)

    body = widget.book(payment=payment).json()

    assert body["status"] == "awaiting_payment"
    deadline = clock.now + datetime.timedelta(minutes=tenant.payment_window_minutes)
    assert datetime.datetime.fromisoformat(body["expires_at"]) == deadline
    order = verify_payment_order(body["payment_order"], settings.PAYMENT_ORDER_SECRET, clock.now)
    assert (order.amount, order.currency, order.kind) == (amount, "chf", payment)
    assert order.booking_id == body["id"]
    assert datetime.datetime.fromisoformat(order.expires_at) == deadline
    # The slot is kept for the payment window, then released with no sweep.
    clock.advance(minutes=tenant.payment_window_minutes - 1)
    assert other_widget.hold(paid_service, staff, five_pm).status_code == 409
    clock.advance(minutes=1)
    assert other_widget.hold(paid_service, staff, five_pm).status_code == 201


def test_a_payment_choice_not_offered_is_refused(widget, tenant, service, paid_service, day):
    staff = bookable_staff(tenant, paid_service, name="Paul")
    staff.services.add(service)
    widget.hold(service, staff, at(tenant, day, 9))

    response = widget.book(payment="full")

    assert response.status_code == 400
    assert response.json()["code"] == "payment_not_offered"
    assert response.json()["detail"]["offered"] == ["finish"]
    other = Widget(tenant)
    other.hold(paid_service, staff, at(tenant, day, 11))
    assert other.book(payment="none").json()["code"] == "payment_not_offered"
    assert not Booking.objects.exists()


def test_a_known_email_choosing_to_pay_verifies_first_then_pays(
    widget, tenant, paid_service, five_pm, known_client, published, commits, clock
):
    staff = bookable_staff(tenant, paid_service, name="Paul")
    widget.hold(paid_service, staff, five_pm)
    body = widget.book(email=known_client.email, payment="deposit").json()
    assert body["status"] == "awaiting_verification"
    assert body["payment_order"] is None

    response = widget.verify(body["id"], codes_sent(published)[0])

    assert response.json()["status"] == "awaiting_payment"
    assert response.json()["payment_order"]
    deadline = clock.now + datetime.timedelta(minutes=tenant.payment_window_minutes)
    assert Reservation.objects.get().expires_at == deadline


def test_the_monthly_booking_quota_of_the_plan(widget, tenant, service, staff, day, monkeypatch):
    from booking.tenants import plans

    monkeypatch.setitem(
        plans.PLANS,
        tenant.plan,
        plans.Plan(tenant.plan, 5, 2, True, 300, False, False),
    )
    for hour in (9, 11):
        browser = Widget(tenant)
        browser.hold(service, staff, at(tenant, day, hour))
        assert browser.book().status_code == 201
    widget.hold(service, staff, at(tenant, day, 13))

    response = widget.book()

    assert response.status_code == 403
    assert response.json()["code"] == "plan_limit_reached"
    assert response.json()["detail"] == {"limit": 2, "period": "month"}
    assert Booking.objects.count() == 2


def direct_booking(widget, service, staff, start, **client):
    body = {
        "client": {"name": "Dora", "email": "dora@example.com", **client},
        "slot": {"service": str(service.id), "staff": str(staff.id), "start": start.isoformat()},
    }
    return widget.http.post(widget.url("bookings"), body, format="json", **widget.headers())


def test_with_holds_off_a_start_is_booked_directly(
    widget, other_widget, tenant, service, staff, five_pm
):
    tenant.holds_enabled = False
    tenant.save()
    assert widget.hold(service, staff, five_pm).json()["code"] == "holds_disabled"

    response = direct_booking(widget, service, staff, five_pm)
    taken = direct_booking(other_widget, service, staff, five_pm, email="eve@example.com")

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert response.json()["cart_token"]
    assert taken.status_code == 409
    assert taken.json()["code"] == "slot_unavailable"
    assert Booking.objects.count() == 1
    assert Reservation.objects.get(live=True).state == "booked"


def test_a_direct_booking_of_a_known_email_verifies_with_the_new_cart_token(
    widget, tenant, service, staff, five_pm, known_client, published, commits
):
    body = direct_booking(widget, service, staff, five_pm, email=known_client.email).json()
    assert body["status"] == "awaiting_verification"
    widget.cart_token = body["cart_token"]

    response = widget.verify(body["id"], codes_sent(published)[0])

    assert response.json()["status"] == "confirmed"


def test_the_widget_reads_its_booking_and_nobody_else_can(
    widget, other_widget, tenant, paid_service, five_pm
):
    staff = bookable_staff(tenant, paid_service, name="Paul")
    widget.hold(paid_service, staff, five_pm)
    booking_id = widget.book(payment="full").json()["id"]
    other_widget.cart_token = "not-the-cart"

    mine = widget.http.get(widget.url(f"bookings/{booking_id}"), **widget.headers())
    theirs = other_widget.http.get(widget.url(f"bookings/{booking_id}"), **other_widget.headers())

    assert mine.status_code == 200
    assert mine.json()["status"] == "awaiting_payment"
    assert mine.json()["payment_order"]
    assert theirs.status_code == 404


def test_a_lapsed_hold_already_taken_by_someone_else_still_fails_the_cart(
    widget, other_widget, service, staff, tenant, day, clock
):
    widget.hold(service, staff, at(tenant, day, 9))
    clock.advance(minutes=6)
    widget.hold(service, staff, at(tenant, day, 11))
    clock.advance(minutes=5)
    # Someone takes the lapsed start: that write marks the old hold expired.
    assert other_widget.hold(service, staff, at(tenant, day, 9)).status_code == 201

    response = widget.book()

    assert response.status_code == 409
    assert response.json()["code"] == "hold_expired"
    assert not Booking.objects.exists()


def test_a_hold_that_lapsed_before_the_client_chose_again_is_left_behind(
    widget, service, staff, tenant, day, clock
):
    widget.hold(service, staff, at(tenant, day, 9))
    clock.advance(minutes=11)
    widget.hold(service, staff, at(tenant, day, 11))

    response = widget.book()

    assert response.status_code == 201
    starts = [datetime.datetime.fromisoformat(a["start"]) for a in response.json()["appointments"]]
    assert starts == [at(tenant, day, 11)]
