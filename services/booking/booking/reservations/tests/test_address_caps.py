"""Caps per client address (issue 16): live holds, the proof-of-work challenge past half of
that cap, bookings a day, "verify every email", and the abuse signal each cap leaves."""

import base64
import datetime
import json
import threading
from collections import Counter

import altcha
import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from booking.reservations.client_address import client_address
from booking.reservations.models import AbuseEvent, Booking
from booking.reservations.selectors import abuse_event_counts
from booking.tenants.services import tenant_create

from .conftest import Widget, at
from .test_bookings import codes_sent, commits  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"


def solved(challenge: dict, *, number: int | None = None) -> str:
    """The ALTCHA payload a browser would send for `challenge` (what the widget's worker finds)."""
    if number is None:
        solution = altcha.solve_challenge_v1(
            challenge["challenge"],
            challenge["salt"],
            challenge["algorithm"],
            challenge["maxNumber"],
        )
        number = solution.number
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**payload, "number": number}).encode()).decode()


def hold_with(widget: Widget, service, staff, start, *, altcha_payload: str | None = None):
    body = {"service": str(service.id), "staff": str(staff.id), "start": start.isoformat()}
    if altcha_payload is not None:
        body["altcha"] = altcha_payload
    response = widget.http.post(widget.url("holds"), body, format="json", **widget.headers())
    if response.status_code == 201:
        widget.cart_token = response.json()["cart_token"]
    return response


def hold_solving(widget: Widget, service, staff, start):
    """Holds like the widget does: solves the challenge when asked, then asks again."""
    response = hold_with(widget, service, staff, start)
    if response.status_code == 403 and response.json()["code"] == "challenge_required":
        challenge = response.json()["detail"]["challenge"]
        response = hold_with(widget, service, staff, start, altcha_payload=solved(challenge))
    return response


@pytest.fixture
def capped(tenant):
    tenant.max_live_holds_per_address = 4
    tenant.max_bookings_per_address_per_day = 10
    tenant.save()
    return tenant


# -- the address ---------------------------------------------------------------------------


def test_a_client_sent_forwarded_for_is_ignored_unless_the_peer_is_the_gateway():
    spoofed = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    from_gateway = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    chained = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 192.0.2.1"}
    real_ip = {"REMOTE_ADDR": "::1", "HTTP_X_REAL_IP": "192.0.2.77"}

    assert client_address(spoofed) == "203.0.113.9"
    assert client_address(from_gateway) == "192.0.2.1"
    assert client_address(chained) == "192.0.2.1"
    assert client_address(real_ip) == "192.0.2.77"
    assert client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "junk"}) == (
        "127.0.0.1"
    )


def test_an_ipv6_client_counts_per_64_and_a_mapped_ipv4_as_ipv4(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    one = client_address({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"})
    same_64 = client_address({"REMOTE_ADDR": "2001:db8:1:2:ffff:ffff:ffff:fffe"})
    next_64 = client_address({"REMOTE_ADDR": "2001:db8:1:3::1"})

    assert one == same_64 == "2001:db8:1:2::/64"
    assert next_64 != one
    assert client_address({"REMOTE_ADDR": "::ffff:192.0.2.5"}) == "192.0.2.5"
    # ::1 is not trusted with this setting: the header counts for nothing.
    assert client_address({"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}) == "::/64"


# -- live holds per address ------------------------------------------------------------------


def test_one_address_holds_up_to_the_cap_then_429_and_others_are_not_affected(
    capped, service, staff, day
):
    starts = [at(capped, day, hour) for hour in (9, 10, 11, 12, 13)]
    # A bot takes a new cart (a new browser) for every hold, from one address.
    answers = [hold_solving(Widget(capped, address=OFFICE), service, staff, s) for s in starts[:4]]
    fifth = hold_solving(Widget(capped, address=OFFICE), service, staff, starts[4])
    neighbour = hold_solving(Widget(capped), service, staff, starts[4])

    assert [a.status_code for a in answers] == [201, 201, 201, 201]
    assert fifth.status_code == 429
    body = fifth.json()
    assert body["code"] == "too_many_holds_from_address"
    assert body["detail"] == {"limit": 4, "live": 4}
    assert "release" in body["message"]
    assert neighbour.status_code == 201
    counts = abuse_event_counts(tenant=capped, since=timezone.now() - datetime.timedelta(hours=1))
    assert counts == {"hold_cap": 1, "booking_cap": 0, "challenge_failed": 0}
    event = AbuseEvent.objects.get(tenant=capped)
    assert (event.kind, event.client_address, event.limit, event.count) == (
        "hold_cap",
        OFFICE,
        4,
        4,
    )


def test_releasing_or_running_out_frees_a_place_under_the_cap(capped, service, staff, day, clock):
    widgets = [Widget(capped, address=OFFICE) for _ in range(4)]
    holds = [
        hold_solving(w, service, staff, at(capped, day, 9 + i)).json()
        for i, w in enumerate(widgets)
    ]
    assert (
        hold_solving(
            Widget(capped, address=OFFICE), service, staff, at(capped, day, 14)
        ).status_code
        == 429
    )

    assert widgets[0].release(holds[0]["id"]).status_code == 204
    again = hold_solving(Widget(capped, address=OFFICE), service, staff, at(capped, day, 14))
    assert again.status_code == 201

    clock.advance(minutes=capped.hold_minutes + 1)
    fresh = [
        hold_with(Widget(capped, address=OFFICE), service, staff, at(capped, day, 15 + i))
        for i in range(2)
    ]
    assert [r.status_code for r in fresh] == [201, 201], "run-out holds count for nothing"


def test_the_tenant_sets_its_own_cap(tenant, service, staff, day):
    tenant.max_live_holds_per_address = 1
    tenant.save()

    first = hold_with(Widget(tenant, address=OFFICE), service, staff, at(tenant, day, 9))
    second = hold_with(Widget(tenant, address=OFFICE), service, staff, at(tenant, day, 10))

    assert first.status_code == 201
    assert second.status_code == 429
    assert second.json()["code"] == "too_many_holds_from_address"


# -- the challenge past half of the cap -------------------------------------------------------


def test_past_half_the_cap_a_hold_needs_a_solved_challenge(capped, service, staff, day):
    for hour in (9, 10):
        assert (
            hold_with(
                Widget(capped, address=OFFICE), service, staff, at(capped, day, hour)
            ).status_code
            == 201
        )

    bare = hold_with(Widget(capped, address=OFFICE), service, staff, at(capped, day, 11))

    assert bare.status_code == 403
    assert bare.json()["code"] == "challenge_required"
    challenge = bare.json()["detail"]["challenge"]
    assert set(challenge) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}
    assert challenge["algorithm"] == "SHA-256"
    assert challenge["maxNumber"] == settings.HOLD_CHALLENGE_MAX_NUMBER

    payload = solved(challenge)
    held = hold_with(
        Widget(capped, address=OFFICE), service, staff, at(capped, day, 11), altcha_payload=payload
    )
    assert held.status_code == 201
    # A solution buys one hold: sent again it is refused.
    replay = hold_with(
        Widget(capped, address=OFFICE), service, staff, at(capped, day, 12), altcha_payload=payload
    )
    assert replay.status_code == 403
    assert replay.json()["code"] == "challenge_invalid"
    assert replay.json()["detail"]["reason"] == "used"
    assert replay.json()["detail"]["challenge"]["challenge"] != challenge["challenge"]


def test_a_wrong_or_foreign_solution_is_refused_and_counted(capped, service, staff, day):
    for hour in (9, 10):
        hold_with(Widget(capped, address=OFFICE), service, staff, at(capped, day, hour))
    challenge = hold_with(
        Widget(capped, address=OFFICE), service, staff, at(capped, day, 11)
    ).json()["detail"]["challenge"]
    right = json.loads(base64.b64decode(solved(challenge)))["number"]

    wrong = hold_with(
        Widget(capped, address=OFFICE),
        service,
        staff,
        at(capped, day, 11),
        altcha_payload=solved(challenge, number=right + 1),
    )
    garbage = hold_with(
        Widget(capped, address=OFFICE), service, staff, at(capped, day, 11), altcha_payload="%%%"
    )
    # Solved for this address, sent from another one that is past half its own cap.
    elsewhere = "192.0.2.200"
    for hour in (13, 14):
        hold_with(Widget(capped, address=elsewhere), service, staff, at(capped, day, hour))
    foreign = hold_with(
        Widget(capped, address=elsewhere),
        service,
        staff,
        at(capped, day, 15),
        altcha_payload=solved(challenge),
    )

    assert (wrong.status_code, wrong.json()["detail"]["reason"]) == (403, "wrong_or_expired")
    assert (garbage.status_code, garbage.json()["detail"]["reason"]) == (403, "malformed")
    assert (foreign.status_code, foreign.json()["detail"]["reason"]) == (403, "other_address")
    kinds = Counter(AbuseEvent.objects.filter(tenant=capped).values_list("kind", flat=True))
    assert kinds == Counter({"challenge_failed": 3})


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
def test_simultaneous_holds_from_one_address_cannot_slip_past_the_challenge(
    capped, service, staff, day
):
    """Ten browsers of one address at once, each for another start: the count is taken under
    a per-address lock, so only the first two (half the cap of 4) go without a challenge."""
    starts = [at(capped, day, 8 + i) for i in range(10)]
    barrier = threading.Barrier(len(starts), timeout=30)
    results: list = [None] * len(starts)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = hold_with(
                Widget(capped, address=OFFICE), service, staff, starts[index]
            ).status_code
        except Exception as error:
            results[index] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(starts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Counter(results) == Counter({201: 2, 403: 8})


# -- bookings a day, and verifying every email ------------------------------------------------


def book_new_email(tenant, service, staff, start, n: int, *, address: str = OFFICE):
    widget = Widget(tenant, address=address)
    assert hold_with(widget, service, staff, start).status_code == 201
    return widget.book(email=f"client{n}@example.com", name=f"Client {n}")


def test_past_the_days_booking_cap_a_new_email_must_verify(
    tenant,
    service,
    staff,
    day,
    published,
    commits,  # noqa: F811
):
    tenant.max_bookings_per_address_per_day = 2
    tenant.save()

    answers = [book_new_email(tenant, service, staff, at(tenant, day, 9 + n), n) for n in range(3)]
    other = book_new_email(tenant, service, staff, at(tenant, day, 15), 9, address="192.0.2.99")

    assert [a.json()["status"] for a in answers] == [
        "confirmed",
        "confirmed",
        "awaiting_verification",
    ]
    assert other.json()["status"] == "confirmed"
    assert len(codes_sent(published)) == 1
    assert Booking.objects.get(pk=answers[2].json()["id"]).client_address == OFFICE
    event = AbuseEvent.objects.get(tenant=tenant)
    assert (event.kind, event.limit, event.count) == ("booking_cap", 2, 2)


def test_verify_every_email_sends_a_code_to_a_new_address_too(
    tenant,
    service,
    staff,
    five_pm,
    published,
    commits,  # noqa: F811
):
    tenant.verify_every_email = True
    tenant.save()
    widget = Widget(tenant)
    assert hold_with(widget, service, staff, five_pm).status_code == 201

    booked = widget.book(email="never.seen@example.com")

    assert booked.status_code == 201
    assert booked.json()["status"] == "awaiting_verification"
    (code,) = codes_sent(published)
    confirmed = widget.verify(booked.json()["id"], code)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"


@pytest.mark.parametrize(
    ("plan", "verifies"),
    [("basic", False), ("professional", False), ("business", True), ("enterprise", True)],
)
def test_new_business_and_enterprise_tenants_verify_every_email(db, plan, verifies):
    tenant, _ = tenant_create(slug=f"new-{plan}", name="New", plan=plan, timezone="Europe/Zurich")

    assert tenant.verify_every_email is verifies
    assert tenant.max_live_holds_per_address == 4
    assert tenant.max_bookings_per_address_per_day == 10


def test_the_tenant_changes_its_caps_through_the_admin_settings(admin_client, tenant):
    changed = admin_client.patch(
        "/api/booking/v1/admin/settings",
        {
            "max_live_holds_per_address": 6,
            "max_bookings_per_address_per_day": 30,
            "verify_every_email": True,
        },
        format="json",
    )
    refused = admin_client.patch(
        "/api/booking/v1/admin/settings", {"max_live_holds_per_address": 0}, format="json"
    )

    assert changed.status_code == 200, changed.json()
    assert changed.json()["max_live_holds_per_address"] == 6
    assert changed.json()["verify_every_email"] is True
    assert refused.status_code == 400
