"""The waitlist of a full day (issue 14 part 3) through nginx with every real process: a
customer leaves an email on a full day in the widget, the booking is cancelled, the first
email waiting gets its link from the SMTP sink (the second does not), and the link opens
the held start in another browser while nobody else can take it.

Run: .venv/bin/pytest -c tests/pytest.ini tests/test_waitlist_e2e.py
"""

from __future__ import annotations

import datetime
import re
import uuid
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.conftest import Gateway
from tests.widget_pages import unique_email

pytestmark = pytest.mark.browser

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")


@pytest.fixture
def one_start_tenant(one_staff_tenant):
    """A tenant of its own whose photographer gives one 30-minute start a day, 17:00."""
    return one_staff_tenant(
        service="Single slot",
        staff="Sina Single",
        opens="17:00",
        closes="17:30",
        settings={"hold_minutes": 5},
    )


def test_a_cancelled_start_goes_to_the_first_email_waiting_and_its_link_holds_it(
    open_widget, one_start_tenant, http, gateway_url, mailbox, shot
):
    tenant = one_start_tenant
    slug = tenant["slug"]
    day = datetime.date.today() + datetime.timedelta(days=3)
    start = datetime.datetime.combine(day, datetime.time(17), tzinfo=ZURICH).isoformat()

    # Someone books the day's only start: the day is full.
    held = http.post(
        f"/api/booking/v1/public/{slug}/holds",
        json={"service": tenant["service"], "staff": tenant["staff"], "start": start},
    )
    assert held.status_code == 201, held.text
    booked = http.post(
        f"/api/booking/v1/public/{slug}/bookings",
        json={"client": {"name": "Bea Booked", "email": unique_email("booked")}, "payment": "none"},
        headers={"X-Cart-Token": held.json()["cart_token"], "Idempotency-Key": str(uuid.uuid4())},
    )
    assert booked.status_code == 201, booked.text

    # First in line, in the widget: the full day offers its waitlist.
    first = unique_email("first")
    waiting = open_widget(slug)
    waiting.choose_service("Single slot")
    _click_full_day(waiting, day.isoformat())
    form = waiting.page.locator("form.bw-waitlist")
    expect(form).to_be_visible()
    assert axe_violations(waiting.page) == []
    form.get_by_label("Email").fill(first)
    form.get_by_role("button", name="Notify me").click()
    expect(waiting.page.locator(".bw-waitlist [role=status]")).to_contain_text(first)
    shot(waiting, "joined")

    # Second in line, over the API.
    second = unique_email("second")
    joined = http.post(
        f"/api/booking/v1/public/{slug}/waitlist",
        json={"service": tenant["service"], "date": day.isoformat(), "email": second},
    )
    assert joined.status_code == 201, joined.text

    mailbox.mark()
    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        cancelled = admin.post(f"/api/booking/v1/admin/bookings/{booked.json()['id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text

    [offer] = mailbox.wait_for(to=first, subject="held for you", timeout=60)
    link = re.search(r"https?://\S+#waitlist/\S+", mailbox.text_of(offer)).group(0)
    assert "17:00" in mailbox.text_of(offer)
    # The start is held for the first email: nobody else can take it.
    taken = http.post(
        f"/api/booking/v1/public/{slug}/holds",
        json={"service": tenant["service"], "staff": tenant["staff"], "start": start},
    )
    assert taken.status_code == 409, taken.text

    # The link opens that hold in the widget, with its countdown.
    customer = open_widget(slug)
    customer.page.goto(link)
    customer.expect_summary()
    expect(customer.page.locator(".bw-recap")).to_contain_text("Sina Single")
    expect(customer.page.locator("#timer-value")).to_have_text(re.compile(r"^[45]:\d\d$"))
    shot(customer)

    # Only the first email was offered the start.
    assert not [m for m in mailbox.new() if second.lower() in str(m["To"]).lower()]


def _click_full_day(widget, date: str) -> None:
    day = widget.page.locator(f'button.bw-day[data-date="{date}"]')
    times = widget.page.locator(".bw-times")
    for _ in range(3):
        expect(times).to_have_attribute("data-ready", "true")
        if day.count():
            break
        widget.page.get_by_role("button", name="Next month").click()
    expect(day).to_have_class(re.compile(r"bw-day-full"))
    day.click()
