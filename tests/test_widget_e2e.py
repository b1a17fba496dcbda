"""The booking widget in headless Chromium, through nginx, against every real process.

Each test ends by saving a screenshot of its last page under artifacts/widget/.
Run: .venv/bin/pytest -c tests/pytest.ini tests/test_widget_e2e.py
"""

from __future__ import annotations

import calendar
import datetime
import re
import time
import uuid
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.widget_pages import STEP_TIMEOUT_MS, unique_email

pytestmark = pytest.mark.browser

# localstripe's test cards: charging this one is declined; the other asks for 3-D Secure.
DECLINED_CARD = "4000000000000341"
THREE_D_SECURE_CARD = "4000002500003155"
ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")


def wait_until(condition, *, timeout: float, interval: float = 0.5, message: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout}s")
        time.sleep(interval)


def admin_booking_of(admin_http, email: str, status: str | None = None) -> dict | None:
    params = {"status": status} if status else {}
    response = admin_http.get("/api/booking/v1/admin/bookings", params=params | {"limit": 500})
    assert response.status_code == 200, response.text
    for booking in response.json()["results"]:
        if booking["client"]["email"].lower() == email.lower():
            return booking
    return None


# -- a free booking -------------------------------------------------------------------------


def test_free_booking_ends_on_the_confirmation_page(open_widget, demo, admin_http, shot):
    widget = open_widget(demo.slug)
    # The tenant's profile names the business in the header.
    expect(widget.page.locator("#tenant-name")).to_have_text("Demo Photo Studio")
    widget.choose_service("Consultation")
    # The tenant's own label, and "any" offered beside its two photographers.
    expect(widget.page.get_by_role("group", name="Choose photographer")).to_be_visible()
    expect(widget.page.get_by_role("radio", name="Any available")).to_be_checked()

    widget.wait_for_slots().first.click()
    widget.expect_summary()
    widget.continue_to_details()
    email = unique_email("free")
    widget.fill_details(name="Frida Free", email=email, phone="+41 44 000 00 00")
    # A free service offers only "Book now".
    expect(widget.page.get_by_role("button", name="Pay", exact=False)).to_have_count(0)
    widget.submit("Book now")

    widget.expect_booked()
    recap = widget.recap()
    assert recap["Service"] == "Consultation"
    assert recap["Photographer"] in ("Anna Keller", "Marco Rossi")
    assert "Europe/Zurich" in recap["When"]
    assert email in widget.page.locator("main").inner_text()
    booking = admin_booking_of(admin_http, email)
    assert booking is not None and booking["status"] == "confirmed"
    assert not widget.errors, widget.errors
    shot(widget)


# -- a known email confirms with the code from the SMTP sink --------------------------------


def book_by_api(http, hold_slot, demo, email: str) -> None:
    """A first booking through the public API, which makes the email known to the tenant."""
    _, cart = hold_slot(demo.consultation)
    booking = http.post(
        f"/api/booking/v1/public/{demo.slug}/bookings",
        json={"client": {"name": "Known Client", "email": email}, "payment": "none"},
        headers={"X-Cart-Token": cart, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert booking.status_code == 201, booking.text
    assert booking.json()["status"] == "confirmed"


def test_known_email_must_enter_the_code_from_the_email(
    open_widget, demo, http, hold_slot, mailbox, shot
):
    email = unique_email("known")
    book_by_api(http, hold_slot, demo, email)
    mailbox.wait_for(to=email, timeout=60)  # the first booking's confirmation
    mailbox.mark()

    widget = open_widget(demo.slug)
    widget.choose_service("Consultation")
    widget.wait_for_slots().first.click()
    widget.expect_summary()
    widget.continue_to_details()
    widget.fill_details(name="Known Client", email=email)
    widget.submit("Book now")
    widget.expect_heading("Check your email")
    expect(widget.page.locator("main")).to_contain_text(email)

    code = mailbox.code_in(mailbox.wait_for(to=email, timeout=60)[-1])
    wrong = ("1" if code[0] != "1" else "2") + code[1:]
    widget.enter_code(wrong)
    expect(widget.notice).to_contain_text("That code is not right")
    widget.expect_heading("Check your email")

    widget.enter_code(code)
    widget.expect_booked()
    assert widget.recap()["Service"] == "Consultation"
    shot(widget)


# -- a down payment with localstripe's fake Stripe.js ---------------------------------------


def test_down_payment_with_the_fake_stripe_js_ends_confirmed(open_widget, demo, admin_http, shot):
    widget = open_widget(demo.slug)
    widget.choose_service("Portrait session")
    widget.wait_for_slots().first.click()
    widget.expect_summary()
    widget.continue_to_details()
    email = unique_email("deposit")
    widget.fill_details(name="Dora Deposit", email=email)
    expect(widget.page.get_by_role("button", name="Pay CHF 150.00")).to_be_visible()
    widget.submit("Pay down payment CHF 45.00")

    widget.expect_heading("Payment")
    expect(widget.page.locator("main")).to_contain_text("Down payment due now: CHF 45.00")
    pay = widget.page.get_by_role("button", name="Pay CHF 45.00")
    expect(pay).to_be_enabled(timeout=20_000)  # Stripe.js loaded and the card field mounted
    # A card the bank declines: the customer is told and tries another one.
    widget.fill_card(DECLINED_CARD)
    pay.click()
    expect(widget.notice).to_contain_text("The payment did not go through", timeout=20_000)
    widget.expect_heading("Payment")
    widget.fill_card("4242424242424242")
    pay.click()

    widget.expect_booked()
    # The widget waited for the booking service's word (the webhook), not the card's answer.
    expect(widget.page.locator("main")).to_contain_text(f"A confirmation is on its way to {email}")
    recap = widget.recap()
    assert recap["Paid"] == "CHF 45.00"
    assert recap["Balance due"] == "CHF 105.00"
    # Only Stripe's webhook confirms a paid booking: the booking service says so too.
    booking = wait_until(
        lambda: admin_booking_of(admin_http, email, status="confirmed"),
        timeout=45,
        message="the paid booking was not confirmed by the webhook within 45 s",
    )
    assert booking["amount_paid"] == 4500
    assert booking["balance_due"] == 10500
    assert not widget.errors, widget.errors
    shot(widget)


def test_full_payment_with_3d_secure_ends_confirmed(open_widget, demo, admin_http, shot):
    widget = open_widget(demo.slug)
    widget.choose_service("Portrait session")
    widget.wait_for_slots().first.click()
    widget.expect_summary()
    widget.continue_to_details()
    email = unique_email("full")
    widget.fill_details(name="Fritz Full", email=email)
    widget.submit("Pay CHF 150.00")

    widget.expect_heading("Payment")
    pay = widget.page.get_by_role("button", name="Pay CHF 150.00")
    expect(pay).to_be_enabled(timeout=20_000)
    widget.fill_card(THREE_D_SECURE_CARD)
    pay.click()
    # localstripe's stand-in for the bank's 3-D Secure page.
    widget.page.get_by_role("button", name="Complete authentication").click(timeout=20_000)

    widget.expect_booked()
    expect(widget.page.locator("main")).to_contain_text(f"A confirmation is on its way to {email}")
    assert widget.recap()["Paid"] == "CHF 150.00"
    booking = wait_until(
        lambda: admin_booking_of(admin_http, email, status="confirmed"),
        timeout=45,
        message="the 3-D Secure payment did not confirm the booking within 45 s",
    )
    assert booking["amount_paid"] == 15000 and booking["balance_due"] == 0
    shot(widget)


# -- the countdown ----------------------------------------------------------------------------


def test_countdown_follows_the_server_clock_when_the_browser_clock_is_wrong(
    browser_page, demo, shot
):
    widget = browser_page()
    page = widget.page
    # The customer's computer is 3 hours fast: a countdown from its own clock would show
    # the 10-minute hold as long expired.
    page.clock.install(time=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=3))
    widget.open(demo.slug)
    widget.choose_service("Consultation")
    widget.wait_for_slots().last.click()
    widget.expect_summary()
    timer = page.locator("#timer-value")
    expect(timer).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    expect(page.locator("#hold-warning")).to_be_hidden()
    widget.page.get_by_role("button", name="Back").click()  # releases the hold
    widget.expect_heading("Choose a date and time")
    shot(widget)


def test_reloading_the_page_releases_the_start_it_held(open_widget, demo, shot):
    holder = open_widget(demo.slug)
    holder.choose_service("Consultation")
    holder.choose_staff("Marco Rossi")
    day = holder.selected_date()
    start = holder.offered_starts()[-1]
    holder.slot_at(start).click()
    holder.expect_summary()

    other = open_widget(demo.slug)
    other.choose_service("Consultation")
    other.choose_staff("Marco Rossi")
    other.choose_date(day)
    assert start not in other.offered_starts()

    holder.page.reload()
    holder.expect_heading("Choose a service")
    other.choose_date(day)
    assert start in other.offered_starts()
    shot(other)


def test_extend_before_the_hold_runs_out(open_widget, one_minute_tenant, shot):
    widget = open_widget(one_minute_tenant["slug"])
    widget.choose_service("Quick chat")
    widget.choose_a_later_day()
    widget.wait_for_slots().first.click()
    widget.expect_summary()
    warning = widget.page.locator("#hold-warning")
    expect(warning).to_contain_text("Less than a minute left")
    warning.get_by_role("button", name="Extend").click()
    # The tenant's extension is 5 minutes: the countdown jumps and the warning goes away.
    expect(widget.page.locator("#timer-value")).to_have_text(re.compile(r"^[45]:\d\d$"))
    expect(warning).to_be_hidden()
    expect(widget.page.locator("#status")).to_have_text("Your hold was extended.")
    shot(widget)


# -- two customers race for one start ---------------------------------------------------------


def test_two_browsers_race_for_the_same_start(open_widget, demo, shot):
    first = open_widget(demo.slug)
    second = open_widget(demo.slug)
    for widget in (first, second):
        widget.choose_service("Consultation")
        widget.choose_staff("Anna Keller")
        widget.wait_for_slots()
    day = first.selected_date()
    if second.selected_date() != day:
        second.choose_date(day)
    start = first.offered_starts()[0]
    assert start in second.offered_starts()

    # Both click the same start before either answer is back. Each browser's request is held
    # back until both are sent: otherwise the live stream may take the start off the second
    # list before its click lands, and there would be no race left to lose.
    sent = []

    def hold_back(route):
        if route.request.method == "POST":
            sent.append(route)
        else:
            route.fallback()

    for widget in (first, second):
        widget.page.route("**/holds", hold_back)
    first.slot_at(start).click(no_wait_after=True)
    second.slot_at(start).click(no_wait_after=True)
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while len(sent) < 2 and time.monotonic() < deadline:
        first.page.wait_for_timeout(50)
    assert len(sent) == 2, "both browsers ask for the start"
    for route in sent:
        route.continue_()

    outcome = {}
    for name, widget in (("first", first), ("second", second)):
        taken = widget.notice.filter(has_text="Someone else just took this time")
        won = widget.page.locator("main h1", has_text="Your selection")
        expect(taken.or_(won)).to_be_visible(timeout=20_000)
        outcome[name] = "won" if won.count() else "lost"
    assert sorted(outcome.values()) == ["lost", "won"], outcome

    winner, loser = (first, second) if outcome["first"] == "won" else (second, first)
    winner.expect_summary()
    loser.expect_heading("Choose a date and time")
    # The loser's list is refreshed and no longer offers the start.
    expect(loser.slot_at(start)).to_have_count(0, timeout=20_000)
    shot(winner, "winner")
    shot(loser)


# -- a hold left to expire frees its start for someone else ----------------------------------


@pytest.fixture
def one_minute_tenant(one_staff_tenant):
    """A tenant of its own (isolated data) with one photographer, open every day, holds of 1 min."""
    return one_staff_tenant(
        service="Quick chat",
        staff="Hanna Hold",
        opens="08:00",
        closes="18:00",
        settings={"hold_minutes": 1},
    )


def test_expired_hold_frees_the_start_for_another_browser(open_widget, one_minute_tenant, shot):
    slug = one_minute_tenant["slug"]
    holder = open_widget(slug)
    holder.choose_service("Quick chat")
    day = holder.choose_a_later_day()
    start = holder.offered_starts()[0]
    holder.slot_at(start).click()
    holder.expect_summary()
    # One minute is all there is: the warning and the Extend button show at once.
    warning = holder.page.locator("#hold-warning")
    expect(warning).to_contain_text("Less than a minute left")
    expect(warning.get_by_role("button", name="Extend")).to_be_visible()

    other = open_widget(slug)
    other.choose_service("Quick chat")
    other.choose_date(day)
    assert start not in other.offered_starts()

    # The holder does nothing; the countdown runs out (server clock) and says so.
    expect(holder.notice).to_contain_text("Your hold expired", timeout=90_000)
    holder.expect_heading("Choose a date and time")
    shot(holder, "holder")

    # The other customer sees the start again without any sweep and books it.
    other.choose_date(day)
    expect(other.slot_at(start)).to_be_visible(timeout=20_000)
    other.slot_at(start).click()
    other.expect_summary()
    other.continue_to_details()
    other.fill_details(name="Otto Other", email=unique_email("other"))
    other.submit("Book now")
    other.expect_booked()
    shot(other)


# -- keyboard only, in German, on a phone-sized screen ---------------------------------------


# Instants the calendar must get right, for the booking API and the browser alike
# (libfaketime and Playwright's clock): the last day of a month, New Year's Eve half an hour
# before midnight, and the morning of the day the clocks go forward in Zurich. Each is the
# next one at least an hour ahead of the machine's clock, never one in the past: only the
# booking API's clock moves (Stack.move_clock), and its worker's sweep, on the machine's
# time, would expire a hold made at a past instant while the test books it.
def _next_ahead(instants) -> datetime.datetime:
    soon = datetime.datetime.now(ZURICH) + datetime.timedelta(hours=1)
    return next(instant for instant in instants if instant >= soon)


def _last_sunday_of_march(year: int) -> datetime.date:
    last = datetime.date(year, 3, 31)
    return last - datetime.timedelta(days=(last.weekday() - calendar.SUNDAY) % 7)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last))


_TODAY = datetime.datetime.now(ZURICH).date()
MONTH_END = _next_ahead(
    datetime.datetime.combine(
        add_months(_TODAY.replace(day=1), k) - datetime.timedelta(days=1), datetime.time(10), ZURICH
    )
    for k in (1, 2)
)
NEW_YEARS_EVE = _next_ahead(
    datetime.datetime(_TODAY.year + k, 12, 31, 23, 30, tzinfo=ZURICH) for k in (0, 1)
)
DST_CHANGE = _next_ahead(
    datetime.datetime.combine(_last_sunday_of_march(_TODAY.year + k), datetime.time(8), ZURICH)
    for k in (0, 1)
)
CALENDAR_INSTANTS = pytest.mark.parametrize(
    "at",
    [None, MONTH_END, NEW_YEARS_EVE, DST_CHANGE],
    ids=["today", "month-end", "new-years-eve", "dst-change"],
)


def focused_date(page) -> str:
    return page.evaluate("document.activeElement?.dataset?.date || ''")


@CALENDAR_INSTANTS
def test_calendar_keys_cross_month_and_year_ends(at, booking_clock, open_widget, demo, shot):
    """The WAI-ARIA date grid: arrows, Home/End and PageUp/PageDown reach days of the
    neighbouring months; the other month loads and the focus lands on the day."""
    if at is not None:
        booking_clock(at)
    widget = open_widget(demo.slug, at=at)
    page = widget.page
    widget.choose_service("Consultation")
    expect(page.locator(".bw-times")).to_have_attribute("data-ready", "true")
    today = (at or datetime.datetime.now(ZURICH)).astimezone(ZURICH).date()
    widget.tab_to("button.bw-day[tabindex='0']")
    start = datetime.date.fromisoformat(focused_date(page))

    def press(key: str, expected: datetime.date) -> None:
        page.keyboard.press(key)
        expect(page.locator("button.bw-day:focus")).to_have_attribute(
            "data-date", expected.isoformat()
        )
        # The focused day is the grid's one tab stop.
        expect(page.locator("button.bw-day[tabindex='0']")).to_have_attribute(
            "data-date", expected.isoformat()
        )

    # Day by day past the end of the month (and of the year in December), and back.
    next_month = add_months(start.replace(day=1), 1)
    steps = (next_month - start).days + 1
    day = start
    for _ in range(steps):
        day += datetime.timedelta(days=1)
        press("ArrowRight", day)
    assert day.month != start.month
    for _ in range(steps):
        day -= datetime.timedelta(days=1)
        press("ArrowLeft", day)
    assert day == start
    # A week at a time down and up, over the month's end.
    for weeks in (1, 2, 3, 4, 5):
        press("ArrowDown", start + datetime.timedelta(weeks=weeks))
    for weeks in (4, 3):
        press("ArrowUp", start + datetime.timedelta(weeks=weeks))
    day = start + datetime.timedelta(weeks=3)
    # Home and End: the week's Monday and Sunday, even in the neighbouring month.
    press("Home", day - datetime.timedelta(days=day.weekday()))
    press("End", day + datetime.timedelta(days=6 - day.weekday()))
    day = day + datetime.timedelta(days=6 - day.weekday())
    # PageDown/PageUp: the same day of the next or previous month, or its last day.
    press("PageDown", add_months(day, 1))
    press("PageUp", add_months(add_months(day, 1), -1))
    day = add_months(add_months(day, 1), -1)
    press("Shift+PageDown", add_months(day, 12))
    press("Shift+PageUp", add_months(add_months(day, 12), -12))
    day = add_months(add_months(day, 12), -12)
    # Nothing before this month: PageUp stops at the month of today.
    for _ in range(2):
        earlier = add_months(day, -1)
        day = earlier if earlier.replace(day=1) >= today.replace(day=1) else day
        press("PageUp", day)
    assert day.replace(day=1) == today.replace(day=1)
    # Day by day to today (the daylight-saving day itself at DST_CHANGE), one past it and back.
    while day != today:
        forward = day < today
        day += datetime.timedelta(days=1 if forward else -1)
        press("ArrowRight" if forward else "ArrowLeft", day)
    press("ArrowRight", today + datetime.timedelta(days=1))
    press("ArrowLeft", today)
    yesterday = today - datetime.timedelta(days=1)
    press("ArrowLeft", yesterday if yesterday.month == today.month else today)
    assert not widget.errors, widget.errors
    shot(widget)


@CALENDAR_INSTANTS
def test_keyboard_only_booking_in_german_on_a_small_screen(
    at, booking_clock, open_widget, demo, admin_http, shot
):
    if at is not None:
        booking_clock(at)
    widget = open_widget(demo.slug, lang="de", width=390, locale="de-CH", at=at)
    page = widget.page
    widget.expect_heading("Leistung wählen")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    widget.tab_to("button.bw-service")
    expect(page.locator(":focus")).to_contain_text("Consultation")
    page.keyboard.press("Enter")
    widget.expect_heading("Datum und Uhrzeit wählen")
    # The new step's heading takes the focus, so a screen reader starts there.
    assert widget.focused("main h1")
    expect(page.locator(".bw-times")).to_have_attribute("data-ready", "true")

    # Arrow keys move through the calendar grid; Enter picks a day with free times.
    widget.tab_to("button.bw-day[tabindex='0']")
    first_day = page.evaluate("document.activeElement.dataset.date")
    for _ in range(14):
        page.keyboard.press("ArrowRight")
        # Crossing into the next month loads its days: read the focused one once they are in.
        expect(page.locator(".bw-cal-grid")).to_have_attribute("aria-busy", "false")
        if widget.focused("button.bw-day-available"):
            break
    chosen = page.evaluate("document.activeElement.dataset.date")
    assert chosen != first_day
    assert "freie Zeiten" in page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    expect(page.locator(f'.bw-times[data-date="{chosen}"]')).to_have_attribute(
        "data-ready", "true", timeout=20_000
    )

    widget.tab_to("button.bw-slot")
    page.keyboard.press("Enter")
    widget.expect_heading("Ihre Auswahl")
    expect(page.locator("#timer")).to_contain_text("Reserviert")

    widget.tab_to("[data-fk='summary-continue']")
    page.keyboard.press("Enter")
    widget.expect_heading("Ihre Angaben")
    email = unique_email("tastatur")
    widget.tab_to("#bw-name")
    page.keyboard.type("Karl Tastatur")
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    widget.tab_to("input[name=reminder]")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox")).to_be_checked()
    widget.tab_to("[data-fk='finish']")
    page.keyboard.press("Enter")

    widget.expect_heading("Ihr Termin ist gebucht")
    assert widget.recap()["Leistung"] == "Consultation"
    booking = admin_booking_of(admin_http, email)
    assert booking is not None and booking["status"] == "confirmed"
    assert booking["reminder"] is True and booking["language"] == "de"
    shot(widget)


# -- the embed snippet ---------------------------------------------------------------------------


def test_embed_snippet_puts_an_auto_resizing_widget_into_a_page(browser_page, gateway_url, shot):
    page = browser_page().page
    page.goto(f"{gateway_url}/widget/embed-demo.html")
    frame_element = page.locator("iframe.booking-widget-frame")
    expect(frame_element).to_have_attribute("src", re.compile(r"/widget/index\.html\?tenant=demo"))
    frame = page.frame_locator("iframe.booking-widget-frame")
    expect(frame.locator("main h1")).to_have_text("Choose a service", timeout=20_000)

    def frame_height() -> float:
        return frame_element.evaluate("f => f.getBoundingClientRect().height")

    def content_height() -> float:
        return frame_element.evaluate("f => f.contentDocument.documentElement.scrollHeight")

    # The frame takes the height of its content: no inner scroll bar.
    wait_until(lambda: abs(frame_height() - content_height()) <= 2, timeout=10)
    services_height = frame_height()
    frame.locator("button.bw-service", has_text="Consultation").click()
    expect(frame.locator("button.bw-slot").first).to_be_visible(timeout=20_000)
    wait_until(lambda: frame_height() > services_height + 100, timeout=10)
    wait_until(lambda: abs(frame_height() - content_height()) <= 2, timeout=10)
    page.screenshot(path=str(shot.path()), full_page=True)
