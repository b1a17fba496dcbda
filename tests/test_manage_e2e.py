"""The manage link from the confirmation email, opened in headless Chromium through nginx.

A booking is made through the public API; the link is read from the client's .eml in the
SMTP sink, as the client would click it. Each test ends with a screenshot of its last page
under artifacts/widget/.
Run: .venv/bin/pytest -c tests/pytest.ini tests/test_manage_e2e.py
"""

from __future__ import annotations

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.widget_pages import WidgetPage, unique_email

pytestmark = pytest.mark.browser

PUBLIC = "/api/booking/v1/public"
ZURICH = ZoneInfo("Europe/Zurich")
ANNA_EMAIL = "anna@demo-studio.example"
OWNER = "owner@demo-studio.example"


def local_date(start: str) -> datetime.date:
    return datetime.datetime.fromisoformat(start).astimezone(ZURICH).date()


def book_with_anna(http, demo, hold_slot, email: str, after: datetime.date) -> dict:
    """A confirmed Consultation with Anna from `after` on, booked through the public API."""
    _, cart = hold_slot(demo.consultation, staff=demo.anna, after=after)
    booking = http.post(
        f"{PUBLIC}/{demo.slug}/bookings",
        json={"client": {"name": "Mia Manage", "email": email}, "payment": "none"},
        headers={"X-Cart-Token": cart, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert booking.status_code == 201, booking.text
    assert booking.json()["status"] == "confirmed"
    return booking.json()


def manage_path_from_email(mailbox, email: str) -> str:
    """The manage link in the client's confirmation, as a path on the gateway."""
    (confirmation,) = mailbox.wait_for(to=email, subject="is confirmed", timeout=60)
    match = re.search(
        r"https?://\S+?(/widget/\?tenant=[\w-]+#manage/[\w:.\-]+)", mailbox.text_of(confirmation)
    )
    assert match, mailbox.text_of(confirmation)
    return match.group(1)


def open_manage(widget: WidgetPage, path: str) -> None:
    widget.page.goto(widget.gateway_url + path)
    widget.expect_heading("Your booking")
    expect(widget.page.get_by_role("button", name="Cancel booking")).to_be_visible()


def manage_api(http, path: str) -> dict:
    slug, token = re.match(r"/widget/\?tenant=([\w-]+)#manage/(.+)$", path).groups()
    response = http.get(f"{PUBLIC}/{slug}/manage/{token}")
    assert response.status_code == 200, response.text
    return response.json()


def test_the_client_moves_the_booking_from_the_email_link(
    browser_page, demo, http, find_slot, hold_slot, mailbox, shot
):
    email = unique_email("move")
    first = datetime.date.today() + datetime.timedelta(days=10)
    booking = book_with_anna(http, demo, hold_slot, email, first)
    old_start = booking["appointments"][0]["start"]
    path = manage_path_from_email(mailbox, email)
    mailbox.mark()
    target = find_slot(
        demo.consultation, staff=demo.anna, after=local_date(old_start) + datetime.timedelta(days=2)
    )

    widget = browser_page()
    open_manage(widget, path)
    assert widget.recap()["Service"] == "Consultation"
    expect(widget.page.locator("main")).to_contain_text("You can move it 3 more time(s).")
    widget.page.get_by_role("button", name="Choose another time").click()
    widget.expect_heading("Choose a date and time")
    expect(
        widget.page.locator(".bw-staff label.is-checked", has_text="Anna Keller")
    ).to_be_visible()
    expect(widget.page.locator(".bw-times")).to_have_attribute("data-ready", "true")
    widget.choose_date(local_date(target["start"]).isoformat())
    widget.slot_at(target["start"]).click()
    widget.expect_heading("Your selection")
    widget.page.get_by_role("button", name="Move my booking here").click()

    widget.expect_heading("Your booking was moved")
    recap = widget.recap()
    new_local = datetime.datetime.fromisoformat(target["start"]).astimezone(ZURICH)
    # en-GB as the widget writes it: "Thursday, 3 December 2026 at 9:00".
    assert f"{new_local.day} {new_local:%B %Y} at {new_local.hour}:{new_local:%M}" in recap["When"]
    assert recap["Status"] == "Confirmed"
    moved = manage_api(http, path)
    assert moved["status"] == "confirmed"
    assert [a["start"] for a in moved["appointments"]] != [old_start]
    assert datetime.datetime.fromisoformat(moved["appointments"][0]["start"]) == new_local
    assert moved["reschedules_left"] == 2
    (notice,) = mailbox.wait_for(to=email, subject="has been moved", timeout=60)
    assert "Consultation" in mailbox.text_of(notice)
    mailbox.wait_for(to=ANNA_EMAIL, subject="Booking moved: Mia Manage", timeout=30)
    # The old start is offered to everyone again at once.
    freed = http.post(
        f"{PUBLIC}/{demo.slug}/holds",
        json={"service": demo.consultation, "staff": demo.anna, "start": old_start},
    )
    assert freed.status_code == 201, freed.text
    http.delete(
        f"{PUBLIC}/{demo.slug}/holds/{freed.json()['id']}",
        headers={"X-Cart-Token": freed.json()["cart_token"]},
    )
    assert not widget.errors, widget.errors
    shot(widget)


def test_the_client_cancels_the_booking_from_the_email_link(
    browser_page, demo, http, hold_slot, mailbox, shot
):
    email = unique_email("cancel")
    booking = book_with_anna(
        http, demo, hold_slot, email, datetime.date.today() + datetime.timedelta(days=12)
    )
    path = manage_path_from_email(mailbox, email)
    mailbox.mark()

    widget = browser_page()
    open_manage(widget, path)
    widget.page.get_by_role("button", name="Cancel booking").click()
    expect(widget.page.locator("main")).to_contain_text("Do you really want to cancel")
    widget.page.get_by_role("button", name="Yes, cancel it").click()

    widget.expect_heading("Your booking is cancelled")
    assert widget.recap()["Status"] == "Cancelled"
    expect(widget.page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    expect(widget.page.get_by_role("button", name="Choose another time")).to_have_count(0)
    cancelled = manage_api(http, path)
    assert cancelled["status"] == "cancelled"
    assert cancelled["appointments"][0]["start"] == booking["appointments"][0]["start"]
    mailbox.wait_for(to=email, subject="has been cancelled", timeout=60)
    mailbox.wait_for(to=ANNA_EMAIL, subject="Booking cancelled: Mia Manage", timeout=30)
    mailbox.wait_for(to=OWNER, subject="Booking cancelled: Mia Manage", timeout=30)
    # Opening the link again shows the cancelled booking with nothing left to do.
    again = browser_page()
    again.page.goto(again.gateway_url + path)
    # (While it loads the heading reads "Your booking"; wait for the loaded state.)
    again.expect_heading("Your booking is cancelled")
    expect(again.page.locator(".bw-recap")).to_contain_text("Cancelled")
    expect(again.page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    assert not widget.errors, widget.errors
    shot(widget)


def test_with_holds_off_the_widget_books_the_chosen_start_directly(
    browser_page, demo, admin_http, gateway_url, shot
):
    settings = "/api/booking/v1/admin/settings"
    assert admin_http.patch(settings, json={"holds_enabled": False}).status_code == 200
    try:
        widget = browser_page()
        posted: list[str] = []
        widget.page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
        widget.open(demo.slug)
        widget.choose_service("Consultation")
        widget.choose_a_later_day()  # nothing holds the start while the form is filled in
        widget.wait_for_slots().first.click()
        widget.expect_heading("Your selection")
        expect(widget.page.locator("#timer")).to_be_hidden()
        widget.continue_to_details()
        email = unique_email("direct")
        widget.fill_details(name="Dirk Direct", email=email)
        widget.submit("Book now")

        widget.expect_booked()
        assert widget.recap()["Service"] == "Consultation"
        assert not any(url.endswith("/holds") for url in posted), posted
        assert any(url.endswith("/bookings") for url in posted), posted
        assert not widget.errors, widget.errors
        shot(widget)
    finally:
        admin_http.patch(settings, json={"holds_enabled": True})
