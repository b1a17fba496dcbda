"""Emails end to end: bookings through nginx, the booking service publishing after commit,
the notifications workers on Redis, the SMTP sink writing .eml files. How fast they arrive
is bench/notifications/run.py's to measure.
"""

from __future__ import annotations

import datetime
import time
import uuid
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.widget_pages import unique_email

PUBLIC = "/api/booking/v1/public"
ZURICH = ZoneInfo("Europe/Zurich")
OWNER = "owner@demo-studio.example"
STAFF_EMAILS = {
    "Anna Keller": "anna@demo-studio.example",
    "Marco Rossi": "marco@demo-studio.example",
}
MOMENT_FORMAT = "%A, %-d %B %Y, %H:%M"  # English, as the emails write it


def book(
    http, slug: str, *, service: str, hold, email_address: str, language: str = "en",
    after: datetime.date | None = None,
) -> tuple[dict, dict]:  # fmt: skip
    """Holds the first free start (`hold` is the hold_slot fixture) and books it."""
    slot, cart = hold(service, after=after)
    response = http.post(
        f"{PUBLIC}/{slug}/bookings",
        headers={"X-Cart-Token": cart, "Idempotency-Key": str(uuid.uuid4())},
        json={
            "client": {"name": "Erika Muster", "email": email_address, "phone": "+41 79 123 45 67"},
            "note": "Window seat please",
            "reminder": False,
            "payment": "none",
            "language": language,
        },
    )
    assert response.status_code == 201, response.text
    # The cart token proves the booking is this browser's (verify, resend).
    return slot, response.json() | {"cart_token": cart}


def attachment(message: EmailMessage, content_type: str) -> bytes | None:
    for part in message.iter_attachments():
        if part.get_content_type() == content_type:
            return part.get_payload(decode=True)
    return None


def local(moment: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(moment).astimezone(ZURICH)


def settle(mailbox, *, to: str, seconds: float = 3.0) -> list[EmailMessage]:
    """Waits a little more and answers every new message to `to`: a duplicate would show."""
    time.sleep(seconds)
    return [m for m in mailbox.new() if to.lower() in str(m["To"]).lower()]


def test_a_free_booking_sends_three_confirmations_with_calendar_and_manage_link(
    http, demo, hold_slot, mailbox
):
    client = unique_email("client")
    after = datetime.date.today() + datetime.timedelta(weeks=3)

    slot, booking = book(
        http, demo.slug, service=demo.consultation, hold=hold_slot, email_address=client,
        after=after,
    )  # fmt: skip

    assert booking["status"] == "confirmed"
    start, end = local(slot["start"]), local(slot["end"])
    staff_name = booking["appointments"][0]["staff_name"]
    staff_email = STAFF_EMAILS[staff_name]
    when = f"{start.strftime(MOMENT_FORMAT)} (Europe/Zurich)"

    (to_client,) = mailbox.wait_for(to=client, subject="is confirmed", timeout=60)
    (to_staff,) = mailbox.wait_for(to=staff_email, subject="New booking: Erika Muster", timeout=30)
    (to_owner,) = mailbox.wait_for(to=OWNER, subject="New booking: Erika Muster", timeout=30)

    text = mailbox.text_of(to_client)
    assert to_client["Subject"] == "Your booking at Demo Photo Studio is confirmed"
    assert when in text and f"until {end:%H:%M}" in text
    assert "Consultation" in text and staff_name in text and "Window seat please" in text
    manage = next(line for line in text.splitlines() if "#manage/" in line)
    assert f"/widget/?tenant={demo.slug}#manage/" in manage
    html = to_client.get_body(preferencelist=("html",)).get_content()
    assert when in html

    calendar = Calendar.from_ical(attachment(to_client, "text/calendar"))
    (event,) = calendar.events
    assert event.start == start and event.end == end
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Zurich"]
    assert booking["id"] in str(event["UID"])

    for business in (to_staff, to_owner):
        body = mailbox.text_of(business)
        assert when in body and client in body and "+41 79 123 45 67" in body
    assert to_staff["Subject"] == f"New booking: Erika Muster, {when}"
    assert attachment(to_staff, "text/calendar") is not None
    assert attachment(to_owner, "text/calendar") is None

    # Exactly three: nothing else about this booking arrives.
    time.sleep(3)
    about = [m for m in mailbox.new() if m["X-Booking-Id"] == booking["id"]]
    assert sorted(str(m["To"]) for m in about) == sorted([client, staff_email, OWNER])


def test_a_known_email_gets_its_code_and_the_code_verifies(http, demo, hold_slot, mailbox):
    client = unique_email("known")
    after = datetime.date.today() + datetime.timedelta(weeks=4)
    _, first = book(
        http, demo.slug, service=demo.consultation, hold=hold_slot, email_address=client,
        after=after,
    )  # fmt: skip
    assert first["status"] == "confirmed"
    mailbox.wait_for(to=client, subject="is confirmed", timeout=60)
    mailbox.mark()

    # The same email books again (in German): the booking waits for the emailed code.
    _, second = book(
        http, demo.slug, service=demo.consultation, hold=hold_slot, email_address=client,
        language="de", after=after,
    )  # fmt: skip
    assert second["status"] == "awaiting_verification"
    (code_email,) = mailbox.wait_for(to=client, subject="ist Ihr Code für", timeout=30)
    code = mailbox.code_in(code_email)
    assert code_email["Subject"] == f"{code} ist Ihr Code für Demo Photo Studio"
    assert "(Europe/Zurich)" in mailbox.text_of(code_email)

    verified = http.post(
        f"{PUBLIC}/{demo.slug}/bookings/{second['id']}/verify",
        json={"code": code},
        headers={"X-Cart-Token": second["cart_token"], "Idempotency-Key": str(uuid.uuid4())},
    )

    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "confirmed"
    (confirmed,) = mailbox.wait_for(to=client, subject="ist bestätigt", timeout=60)
    assert confirmed["X-Booking-Id"] == second["id"]
    assert len(settle(mailbox, to=client)) == 2  # the code and the confirmation


@pytest.fixture
def open_all_day_tenant(one_staff_tenant):
    """A tenant of its own whose one staff member works every day around the clock, so a
    booking can start 23 hours from now whatever the time: the reminder is due at once."""
    return one_staff_tenant(
        service="Night call", staff="Rita Reminder", opens="00:00", closes="23:30"
    )


def beat_runs(stack) -> int:
    log = stack.log_path("booking-beat")
    return log.read_text(errors="replace").count("send due reminders") if log.exists() else 0


def test_a_reminder_goes_out_once_when_due(http, stack, open_all_day_tenant, mailbox):
    slug, service = open_all_day_tenant["slug"], open_all_day_tenant["service"]
    # A start between 23 h and 23 h 45 min ahead: inside the 24-hour reminder window now.
    now = datetime.datetime.now(datetime.UTC)
    earliest, latest = (
        now + datetime.timedelta(hours=23),
        now + datetime.timedelta(minutes=23 * 60 + 45),
    )
    starts = []
    for day in sorted({earliest.astimezone(ZURICH).date(), latest.astimezone(ZURICH).date()}):
        response = http.get(
            f"{PUBLIC}/{slug}/slots",
            params={
                "service": service,
                "staff": "any",
                "date": day.isoformat(),
                "tz": "Europe/Zurich",
            },
        )
        assert response.status_code == 200, response.text
        starts += [s for s in response.json()["slots"] if earliest <= local(s["start"]) <= latest]
    assert starts, "the all-day staff member offers a start 23 hours ahead"
    client = unique_email("remind")

    hold = http.post(
        f"{PUBLIC}/{slug}/holds",
        json={
            "service": service,
            "staff": open_all_day_tenant["staff"],
            "start": starts[0]["start"],
        },
    )
    assert hold.status_code == 201, hold.text
    booking = http.post(
        f"{PUBLIC}/{slug}/bookings",
        headers={"X-Cart-Token": hold.json()["cart_token"], "Idempotency-Key": str(uuid.uuid4())},
        json={"client": {"name": "Rolf", "email": client}, "reminder": True, "payment": "none"},
    )
    assert booking.status_code == 201, booking.text
    assert booking.json()["status"] == "confirmed"

    # The booking beat looks for due reminders every minute.
    (reminder,) = mailbox.wait_for(to=client, subject="Reminder:", timeout=150)
    assert f"{local(starts[0]['start']).strftime(MOMENT_FORMAT)} (Europe/Zurich)" in (
        mailbox.text_of(reminder)
    )
    # Once: the next beat run after it sends nothing more.
    runs = beat_runs(stack)
    deadline = time.monotonic() + 90
    while beat_runs(stack) <= runs and time.monotonic() < deadline:
        time.sleep(1)
    assert beat_runs(stack) > runs, "the beat ran again"
    reminders = [m for m in settle(mailbox, to=client, seconds=8) if "Reminder:" in m["Subject"]]
    assert len(reminders) == 1
