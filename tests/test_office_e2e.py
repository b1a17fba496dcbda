"""The back office through nginx, in headless Chromium: a new tenant's owner is invited by
the operator, sets a password, signs in, sets reservation to 3 minutes, and a customer's
widget counts down from 3:00. Every office page is screenshot and checked with axe-core
(the pinned build vendored under tests/vendor): no serious or critical violation."""

from __future__ import annotations

import base64
import datetime
import json
import re
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.conftest import Gateway, Mailbox
from tests.test_payments_e2e import (
    CHECKOUTS,
    book_awaiting_payment,
    card,
    localstripe_get,
    wait_for_status,
)

pytestmark = pytest.mark.browser

PASSWORD = "Office-e2e-password-2026"


@pytest.fixture(scope="session")
def demo_office(stack, demo) -> dict:
    """The demo tenant's back-office logins and their password (load_demo again answers
    them without changing anything)."""
    return json.loads(stack.manage("booking", "load_demo", "--json").stdout)["office"]


@pytest.fixture
def invited_owner(new_tenant, gateway_url: str, mailbox: Mailbox) -> dict:
    """A tenant the operator created with its owner; one service and one staff member open
    every day. Answers the tenant's JSON, the owner's email and the invitation link."""
    owner = f"owner-{uuid.uuid4().hex[:8]}@office.test"
    tenant = new_tenant(timezone="Europe/Zurich", owner_email=owner)
    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        service = admin.post(
            "/api/booking/v1/admin/services", json={"name": "Consultation", "duration_minutes": 30}
        ).json()["id"]
        staff = admin.post(
            "/api/booking/v1/admin/staff", json={"name": "Lena Frei", "services": [service]}
        ).json()["id"]
        hours = admin.put(
            f"/api/booking/v1/admin/staff/{staff}/working-hours",
            json={
                "intervals": [
                    {"weekday": d, "start_time": "07:00", "end_time": "21:00"} for d in range(7)
                ]
            },
        )
        assert hours.status_code in (200, 201), hours.text
    invitation = mailbox.wait_for(to=owner, subject="invited", timeout=60)[0]
    link = re.search(r"https?://\S+/office/invitation/\S+/", Mailbox.text_of(invitation)).group(0)
    return {**tenant, "owner": owner, "link": link, "service": service, "staff": staff}


def office_url(gateway_url: str, link: str) -> str:
    return gateway_url + link[link.index("/office/") :]


def test_owner_invited_sets_password_signs_in_and_sets_reservation_to_3_minutes(
    browser_page, invited_owner, gateway_url, artifacts_dir
):
    shots = artifacts_dir / "office"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page().page

    # Invitation -> set password -> signed in.
    page.goto(office_url(gateway_url, invited_owner["link"]))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("h1")).to_have_text("Calendar")
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("Email").fill(invited_owner["owner"])
    page.get_by_label("Password").fill(PASSWORD)
    page.screenshot(path=shots / "login.png", full_page=True)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Calendar")

    # The Calenso pattern: reservation on, its minutes right below.
    page.goto(f"{gateway_url}/office/settings/")
    reservation = page.locator("#section-reservation")
    expect(reservation.get_by_label("Appointment reservation")).to_be_checked()
    reservation.get_by_label("Reservation minutes").fill("3")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    expect(page.get_by_role("cell", name="hold_minutes", exact=False).first).to_be_visible()

    # Every page of the owner: a screenshot, no serious or critical axe violation, and no
    # sideways scrolling on a small laptop's 1100 pixels.
    found = {}
    too_wide = {}
    for name, path in [
        ("calendar", "/office/calendar/"),
        ("calendar-day", "/office/calendar/?view=day"),
        ("services", "/office/services/"),
        ("service-new", "/office/services/new/"),
        ("staff", "/office/staff/"),
        ("staff-schedule", f"/office/staff/{invited_owner['staff']}/schedule/"),
        ("settings", "/office/settings/"),
        ("people", "/office/people/"),
        ("api-keys", "/office/api-keys/"),
        ("plan", "/office/plan/"),
        ("audit", "/office/audit/"),
        ("security", "/office/security/"),
    ]:
        response = page.goto(gateway_url + path)
        assert response.status == 200, (path, response.status)
        page.screenshot(path=shots / f"{name}.png", full_page=True)
        found[name] = axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            too_wide[name] = width
    assert all(v == [] for v in found.values()), found
    assert too_wide == {}, too_wide

    # A customer's widget now holds for 3 minutes: the countdown starts at 3:00.
    customer = browser_page()
    customer.open(invited_owner["slug"])
    customer.choose_service("Consultation")
    customer.wait_for_slots().first.click()
    customer.expect_summary()
    expect(customer.page.locator("#timer-value")).to_have_text(re.compile(r"^(3:00|2:5\d)$"))
    customer.page.screenshot(path=shots / "widget-countdown-3-minutes.png")


def test_phone_sized_and_german(browser_page, invited_owner, gateway_url, artifacts_dir):
    page = browser_page(width=390, locale="de-CH").page
    page.goto(office_url(gateway_url, invited_owner["link"]))
    expect(page.locator("h1")).to_have_text("Passwort festlegen")
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Neues Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Passwort festlegen").click()
    expect(page.locator("h1")).to_have_text("Kalender")
    page.goto(f"{gateway_url}/office/settings/")
    expect(page.locator("h1")).to_have_text("Allgemeine Einstellungen")
    expect(page.locator(".who")).to_contain_text("(Inhaberin / Inhaber)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    page.screenshot(path=artifacts_dir / "office" / "settings-phone-de.png", full_page=True)
    assert axe_violations(page) == []


def test_login_throttling_answers_the_same_for_any_email(http: Gateway, demo):
    def attempt(email: str) -> tuple[int, str]:
        session = Gateway(http.base_url)
        page = session.get("/office/login/")
        token = session.cookies.get("office_csrftoken")
        answer = session.post(
            "/office/login/",
            data={"email": email, "password": "wrong", "csrfmiddlewaretoken": token},
            headers={"Referer": http.base_url + "/office/login/"},
        )
        assert page.status_code == 200
        return answer.status_code, re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", answer.text)

    # django-axes with a limit of 5: the fifth failure is itself answered with the lockout,
    # and every attempt after it too, whether or not anyone has the email.
    known = [attempt("manager@demo-studio.example") for _ in range(6)]
    nobody = f"ghost-{uuid.uuid4().hex[:6]}@office.test"  # one email nobody has, six times
    ghost = [attempt(nobody) for _ in range(6)]
    assert [s for s, _ in known] == [400] * 4 + [429] * 2
    assert [s for s, _ in ghost] == [400] * 4 + [429] * 2
    assert "Email or password is wrong." in known[0][1]
    assert "Too many failed sign-ins" in known[-1][1]
    assert known[0][1] == ghost[0][1]
    assert known[-1][1] == ghost[-1][1]


# -- what the back office changes, seen in the customer's widget and in the services ------

PUBLIC = "/api/booking/v1/public"
ZURICH = ZoneInfo("Europe/Zurich")


def accept_invitation(page, gateway_url: str, link: str) -> None:
    """Opens an invitation link, sets the password and lands signed in on the calendar."""
    page.goto(office_url(gateway_url, link))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("h1")).to_have_text("Calendar")


def invite(page, gateway_url: str, mailbox: Mailbox, *, role: str, staff: str = "") -> str:
    """The signed-in owner invites a new login on the People page; answers the link that
    arrives by email."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@office.test"
    page.goto(f"{gateway_url}/office/people/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Role").select_option(role)
    if staff:
        page.get_by_label("Staff member (for a staff login)").select_option(label=staff)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent")
    message = mailbox.wait_for(to=email, subject="invited", timeout=60)[0]
    return re.search(r"https?://\S+/office/invitation/\S+/", Mailbox.text_of(message)).group(0)


def sign_in(page, gateway_url: str, email: str, password: str) -> None:
    page.goto(f"{gateway_url}/office/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Calendar")


def local_day(start: str) -> str:
    return datetime.datetime.fromisoformat(start).astimezone(ZURICH).date().isoformat()


def starts_on(http: Gateway, tenant: str, service: str, day: str) -> list[str]:
    """The starts the public API offers on one day (Europe/Zurich)."""
    response = http.get(
        f"{PUBLIC}/{tenant}/slots",
        params={"service": service, "staff": "any", "date": day, "tz": "Europe/Zurich"},
    )
    assert response.status_code == 200, response.text
    return [s["start"] for s in response.json()["slots"]]


def admin_booking(admin: Gateway, booking_id: str) -> dict:
    page = admin.get("/api/booking/v1/admin/bookings", params={"limit": 500})
    assert page.status_code == 200, page.text
    found = [b for b in page.json()["results"] if b["id"] == booking_id]
    assert found, f"booking {booking_id} is not in the admin list"
    return found[0]


def show_day(widget, day: str):
    """The widget's calendar moved to the month of `day` and settled; answers its button."""
    button = widget.page.locator(f'button.bw-day[data-date="{day}"]')
    times = widget.page.locator(".bw-times")
    for _ in range(3):
        expect(times).to_have_attribute("data-ready", "true")
        if button.count():
            break
        widget.page.get_by_role("button", name="Next month").click()
    expect(button).not_to_have_class(re.compile(r"\bbw-day-loading\b"))
    return button


def test_owner_turns_reservation_off_and_the_widget_books_without_a_hold(
    browser_page, invited_owner, gateway_url, http, mailbox, artifacts_dir
):
    page = browser_page().page
    accept_invitation(page, gateway_url, invited_owner["link"])
    page.goto(f"{gateway_url}/office/settings/")
    reservation = page.locator("#section-reservation").get_by_label("Appointment reservation")
    expect(reservation).to_be_checked()
    reservation.uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    expect(
        page.locator("#section-reservation").get_by_label("Appointment reservation")
    ).not_to_be_checked()

    customer = browser_page()
    customer.open(invited_owner["slug"])
    customer.choose_service("Consultation")
    customer.choose_a_later_day()  # nothing holds the start while the form is filled in
    first = customer.wait_for_slots().first
    start = first.get_attribute("data-start")
    first.click()
    customer.expect_heading("Your selection")
    expect(customer.page.get_by_text("Continue to enter your details.")).to_be_visible()
    # No hold: no countdown, and the start is still offered to everyone else.
    expect(customer.page.locator("#timer")).to_be_hidden()
    assert start in starts_on(
        http, invited_owner["slug"], invited_owner["service"], local_day(start)
    )
    customer.page.screenshot(path=artifacts_dir / "office" / "widget-without-hold.png")

    customer.continue_to_details()
    email = f"direct-{uuid.uuid4().hex[:8]}@example.com"
    customer.fill_details(name="Dora Direct", email=email)
    customer.submit("Book now")
    customer.expect_booked()
    assert customer.recap()["Service"] == "Consultation"
    assert start not in starts_on(
        http, invited_owner["slug"], invited_owner["service"], local_day(start)
    )
    with Gateway(gateway_url, token=invited_owner["api_key"]) as admin:
        bookings = admin.get("/api/booking/v1/admin/bookings", params={"limit": 500}).json()
    (booked,) = [b for b in bookings["results"] if b["client"]["email"] == email]
    assert booked["status"] == "confirmed"
    assert [datetime.datetime.fromisoformat(a["start"]) for a in booked["appointments"]] == [
        datetime.datetime.fromisoformat(start)
    ]
    mailbox.wait_for(to=email, subject="confirmed", timeout=60)
    assert not customer.errors, customer.errors


def test_staff_blocks_a_day_and_its_slots_leave_the_widget(
    browser_page, invited_owner, gateway_url, http, find_slot, mailbox, artifacts_dir
):
    # The first day with free starts from tomorrow on (Lena works every day, so tomorrow).
    slot = find_slot(invited_owner["service"], tenant=invited_owner["slug"])
    day = local_day(slot["start"])
    before = browser_page()
    before.open(invited_owner["slug"])
    before.choose_service("Consultation")
    expect(show_day(before, day)).to_have_class(re.compile(r"\bbw-day-available\b"))
    before.choose_date(day)
    assert slot["start"] in before.offered_starts()

    owner = browser_page().page
    accept_invitation(owner, gateway_url, invited_owner["link"])
    link = invite(owner, gateway_url, mailbox, role="staff", staff="Lena Frei")
    staff = browser_page().page
    accept_invitation(staff, gateway_url, link)
    staff.goto(f"{gateway_url}/office/staff/{invited_owner['staff']}/schedule/")
    staff.get_by_label("From", exact=True).fill(day)
    staff.get_by_label("Reason").fill("Family day")
    staff.get_by_role("button", name="Add day off").click()
    expect(staff.get_by_role("status")).to_contain_text("Day off added")
    expect(staff.locator("ul.days-off")).to_contain_text(f"{day}: Family day")
    staff.screenshot(path=artifacts_dir / "office" / "staff-day-off.png", full_page=True)

    assert starts_on(http, invited_owner["slug"], invited_owner["service"], day) == []
    after = browser_page()
    after.open(invited_owner["slug"])
    after.choose_service("Consultation")
    blocked = show_day(after, day)
    expect(blocked).not_to_have_class(re.compile(r"\bbw-day-available\b"))
    expect(blocked).to_have_attribute("aria-disabled", "true")
    expect(blocked).to_have_attribute("aria-label", re.compile("closed"))
    # None of that day's starts is listed anywhere.
    expect(after.page.locator(f'.bw-times[data-date="{day}"]')).to_have_count(0)
    assert all(local_day(start) != day for start in after.offered_starts())


def test_owner_cancels_a_paid_booking_refunded_on_localstripe_and_the_client_told(
    browser_page,
    demo_office,
    gateway_url,
    http,
    admin_http,
    stack,
    demo,
    hold_slot,
    mailbox,
    artifacts_dir,
):
    booking = book_awaiting_payment(http, demo, hold_slot, payment="full", weeks_ahead=7)
    checkout = http.post(
        CHECKOUTS,
        json={"payment_order": booking["payment_order"], "payment_method": card(stack)},
    )
    assert checkout.status_code == 201, checkout.text
    intent = checkout.json()["payment_intent"]
    wait_for_status(admin_http, booking["id"], "confirmed")
    mailbox.wait_for(to=booking["email"], subject="is confirmed", timeout=60)
    day = local_day(booking["slot"]["start"])

    page = browser_page().page
    sign_in(page, gateway_url, "owner@demo-studio.example", demo_office["password"])
    page.goto(f"{gateway_url}/office/calendar/?view=day&date={day}")
    page.get_by_role("link", name=re.compile("Paying Client")).click()
    details = page.locator("#details")
    expect(details.locator("#booking-status")).to_have_text("confirmed")
    expect(details).to_contain_text("Cancelling refunds CHF")
    page.screenshot(path=artifacts_dir / "office" / "booking-details.png", full_page=True)
    assert axe_violations(page) == []
    details.get_by_role("button", name="Cancel booking").click()
    expect(details.locator("#booking-status")).to_have_text("cancelled")

    deadline = time.monotonic() + 45
    while not (refunds := localstripe_get(stack, "/v1/refunds", payment_intent=intent)["data"]):
        assert time.monotonic() < deadline, "no refund on localstripe"
        time.sleep(0.5)
    assert [r["amount"] for r in refunds] == [15000]
    (cancelled,) = mailbox.wait_for(to=booking["email"], subject="cancelled", timeout=60)
    assert "cancelled" in Mailbox.text_of(cancelled).lower()
    deadline = time.monotonic() + 30
    while (shown := admin_booking(admin_http, booking["id"]))["amount_refunded"] < 15000:
        assert time.monotonic() < deadline, shown
        time.sleep(0.5)
    assert shown["status"] == "cancelled"
    page.goto(f"{gateway_url}/office/bookings/{booking['id']}/")
    expect(page.locator("#booking-status")).to_have_text("cancelled")
    expect(page.locator("#details")).to_contain_text("Refunded")


def test_manager_moves_a_booking_onto_a_held_start_gets_409_and_nothing_changes(
    browser_page, invited_owner, gateway_url, http, find_slot, mailbox, artifacts_dir
):
    tenant, service, staff = invited_owner["slug"], invited_owner["service"], invited_owner["staff"]
    slot = find_slot(service, tenant=tenant)
    day = local_day(slot["start"])
    starts = starts_on(http, tenant, service, day)
    booked_start, held_start = starts[0], starts[4]
    hold = http.post(
        f"{PUBLIC}/{tenant}/holds", json={"service": service, "staff": staff, "start": booked_start}
    )
    assert hold.status_code == 201, hold.text
    email = f"moved-{uuid.uuid4().hex[:8]}@example.com"
    made = http.post(
        f"{PUBLIC}/{tenant}/bookings",
        headers={"X-Cart-Token": hold.json()["cart_token"], "Idempotency-Key": str(uuid.uuid4())},
        json={"client": {"name": "Mia Moved", "email": email}, "payment": "none"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "confirmed"
    booking_id = made.json()["id"]
    # Another customer holds the start the manager will try.
    other = http.post(
        f"{PUBLIC}/{tenant}/holds", json={"service": service, "staff": staff, "start": held_start}
    )
    assert other.status_code == 201, other.text

    owner = browser_page().page
    accept_invitation(owner, gateway_url, invited_owner["link"])
    link = invite(owner, gateway_url, mailbox, role="manager")
    page = browser_page().page
    accept_invitation(page, gateway_url, link)
    page.goto(f"{gateway_url}/office/calendar/?view=day&date={day}")
    held_at = datetime.datetime.fromisoformat(held_start).astimezone(ZURICH).strftime("%H:%M")
    expect(page.locator(".cal-event.is-hold")).to_contain_text(f"{held_at} Held")
    page.get_by_role("link", name=re.compile("Mia Moved")).click()
    details = page.locator("#details")
    expect(details.locator("#booking-status")).to_have_text("confirmed")
    page.get_by_label("Time").fill(held_at)
    with page.expect_response(f"**/office/bookings/{booking_id}/reschedule/") as answer:
        details.get_by_role("button", name="Move").click()
    assert answer.value.status == 409
    expect(details.get_by_role("alert")).to_contain_text("no longer available")
    booked_at = datetime.datetime.fromisoformat(booked_start).astimezone(ZURICH)
    expect(details.locator(".appointment time")).to_contain_text(
        booked_at.strftime("%Y-%m-%d %H:%M")
    )
    page.screenshot(path=artifacts_dir / "office" / "reschedule-409.png", full_page=True)
    assert axe_violations(page) == []

    with Gateway(gateway_url, token=invited_owner["api_key"]) as admin:
        unchanged = admin_booking(admin, booking_id)
    assert unchanged["status"] == "confirmed"
    assert [datetime.datetime.fromisoformat(a["start"]) for a in unchanged["appointments"]] == [
        datetime.datetime.fromisoformat(booked_start)
    ]
    # The customer's hold is still theirs: nobody else can take that start.
    taken = http.post(
        f"{PUBLIC}/{tenant}/holds", json={"service": service, "staff": staff, "start": held_start}
    )
    assert taken.status_code == 409, taken.text
    assert not [
        m for m in mailbox.new() if email in str(m["To"]) and "rescheduled" in str(m["Subject"])
    ]


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for the key the setup page printed."""
    from django_otp.oath import TOTP

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    clock = TOTP(key, step=30, digits=6)
    clock.time = int(at if at is not None else time.time())
    return f"{clock.token():06d}"


def test_password_reset_and_two_factor_sign_in(
    browser_page, invited_owner, gateway_url, mailbox: Mailbox, artifacts_dir
):
    shots = artifacts_dir / "office"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page().page
    page.goto(office_url(gateway_url, invited_owner["link"]))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("h1")).to_have_text("Calendar")
    page.get_by_role("button", name="Sign out").click()

    # Forgot the password: the emailed link sets a new one, once.
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(invited_owner["owner"])
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#reset-sent")).to_be_visible()
    page.screenshot(path=shots / "password-reset.png", full_page=True)
    message = mailbox.wait_for(to=invited_owner["owner"], subject="Reset your password", timeout=60)
    link = re.search(r"https?://\S+/office/password-reset/\S+/", Mailbox.text_of(message[0]))
    page.goto(office_url(gateway_url, link.group(0)))
    new_password = PASSWORD + "-new"
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    page.screenshot(path=shots / "set-password.png", full_page=True)
    page.get_by_role("button", name="Set password").click()
    page.get_by_label("Email").fill(invited_owner["owner"])
    page.get_by_label("Password").fill(new_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Calendar")
    # The link worked once.
    used = page.goto(office_url(gateway_url, link.group(0)))
    assert used.status in (400, 404, 410), used.status

    # Two-factor: the key from the setup page, a code from it, and the next sign-in asks.
    page.goto(f"{gateway_url}/office/two-factor/")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.screenshot(path=shots / "two-factor-setup.png", full_page=True)
    page.get_by_role("textbox", name="Code").fill(totp_code(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Calendar")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill(invited_owner["owner"])
    page.get_by_label("Password").fill(new_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("textbox", name="Code")).to_be_visible()
    page.screenshot(path=shots / "two-factor-verify.png", full_page=True)
    page.get_by_role("textbox", name="Code").fill(
        "000000" if totp_code(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    # A code is good once: wait for the authenticator's next one.
    time.sleep(30 - time.time() % 30 + 1)
    page.get_by_role("textbox", name="Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Calendar")
