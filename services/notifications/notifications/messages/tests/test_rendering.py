"""What each email says, in English and German, with times in the tenant's zone."""

import datetime

import pytest
from icalendar import Calendar

from notifications.messages import services
from notifications.messages.rendering import email_render, language_of, money_format

from . import factories

EN_WHEN = "Tuesday, 1 December 2026, 17:00 (Europe/Zurich)"
DE_WHEN = "Dienstag, 1. Dezember 2026, 17:00 (Europe/Zurich)"


def render(outgoing: services.Outgoing):
    return email_render(outgoing.template, language=outgoing.language, context=outgoing.context)


def booking_outgoing(message, template, *, with_calendar=True, business=True):
    return services._booking_outgoing(
        message, template=template, with_calendar=with_calendar, business=business
    )


@pytest.mark.parametrize(
    ("language", "when", "words"),
    [
        ("en", EN_WHEN, "your booking at Studio Lumen is confirmed"),
        ("de", DE_WHEN, "Ihre Buchung bei Studio Lumen ist bestätigt"),
    ],
)
def test_confirmation_to_the_client_in_their_language_and_the_tenants_time(language, when, words):
    message = factories.booking_message(language=language)

    client = booking_outgoing(message, "booking_confirmed")[0]
    email = render(client)

    assert client.recipient == "max@client.test"
    assert "Studio Lumen" in email.subject
    for body in (email.text, email.html):
        assert words in body
        assert when in body
        assert "Portrait session" in body and "Anna Keller" in body
        assert message.manage_url in body
        assert "Bring the dog" in body
    assert "18:00" in email.text  # until


def test_a_zurich_evening_in_summer_is_shown_in_summer_time():
    # 15:30 UTC in July is 17:30 CEST (UTC+2).
    appointment = factories.appointment(
        start="2027-07-06T15:30:00+00:00", end="2027-07-06T16:30:00+00:00"
    )
    message = factories.booking_message(appointments=[appointment], language="de")

    email = render(booking_outgoing(message, "booking_confirmed")[0])

    assert "Dienstag, 6. Juli 2027, 17:30 (Europe/Zurich), bis 18:30" in email.text


def test_other_zones_are_named():
    message = factories.booking_message(tenant=factories.tenant(timezone="America/New_York"))

    email = render(booking_outgoing(message, "booking_confirmed")[0])

    assert "Tuesday, 1 December 2026, 11:00 (America/New_York)" in email.text


def test_confirmation_goes_to_the_client_each_distinct_staff_member_and_the_owner():
    second = factories.appointment(
        service_name="Retouching",
        staff_name="Ben Roth",
        staff_email="BEN@studio.test",
        start="2026-12-01T17:00:00+00:00",
        end="2026-12-01T17:30:00+00:00",
    )
    third = factories.appointment(
        start="2026-12-01T17:30:00+00:00", end="2026-12-01T18:00:00+00:00"
    )
    message = factories.booking_message(appointments=[factories.appointment(), second, third])

    outgoing = booking_outgoing(message, "booking_confirmed")

    assert [(o.recipient, o.context["audience"]) for o in outgoing] == [
        ("max@client.test", "client"),
        ("anna@studio.test", "staff"),
        ("ben@studio.test", "staff"),
        ("owner@studio.test", "owner"),
    ]
    ben = render(outgoing[2])
    assert "Retouching" in ben.text and "Portrait session" not in ben.text
    assert "New booking: Max Muster, Tuesday, 1 December 2026, 18:00 (Europe/Zurich)" == (
        ben.subject
    )
    owner = render(outgoing[3])
    assert owner.text.count("(Europe/Zurich)") == 3
    assert "max@client.test" in owner.text and "+41 79 000 00 00" in owner.text
    assert outgoing[3].attachments == []  # the owner gets no calendar entry of each booking


def test_no_owner_address_and_staff_without_email_leave_only_the_client():
    message = factories.booking_message(
        tenant=factories.tenant(owner_email=""),
        appointments=[factories.appointment(staff_email="")],
    )

    assert [o.recipient for o in booking_outgoing(message, "booking_confirmed")] == [
        "max@client.test"
    ]


def test_an_address_with_two_roles_gets_one_email():
    message = factories.booking_message(tenant=factories.tenant(owner_email="anna@studio.test"))

    recipients = [o.recipient for o in booking_outgoing(message, "booking_confirmed")]

    assert recipients == ["max@client.test", "anna@studio.test"]


def test_staff_and_owner_notices_use_the_tenants_language():
    message = factories.booking_message(language="en", tenant=factories.tenant(language="de"))

    client, staff, owner = (render(o) for o in booking_outgoing(message, "booking_confirmed"))

    assert EN_WHEN in client.text
    assert staff.subject == f"Neue Buchung: Max Muster, {DE_WHEN}"
    assert "Neue Buchung bei Studio Lumen für Sie" in staff.text
    assert DE_WHEN in owner.html


def test_the_calendar_file_has_the_right_start_end_zone_and_a_uid_per_booking():
    message = factories.booking_message()

    client = booking_outgoing(message, "booking_confirmed")[0]
    ((filename, content, mimetype),) = client.attachments
    calendar = Calendar.from_ical(content)
    (event,) = calendar.events

    assert (filename, mimetype) == ("booking.ics", "text/calendar")
    assert event.start == datetime.datetime(2026, 12, 1, 16, 0, tzinfo=datetime.UTC)
    assert event.end == datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC)
    assert str(event.start.tzinfo) == "Europe/Zurich"
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Zurich"]
    assert message.booking_id in str(event["UID"])
    assert "Portrait session" in str(event["SUMMARY"])
    # The same booking always has the same UID: a reschedule updates the event.
    again = booking_outgoing(message, "booking_rescheduled")[0].attachments[0][1]
    assert Calendar.from_ical(again).events[0]["UID"] == event["UID"]


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("en", "482913 is your code for Studio Lumen", "It is valid until Tuesday, 1 December 2026, 16:10 (Europe/Zurich)."),
        ("de", "482913 ist Ihr Code für Studio Lumen", "Er ist gültig bis Dienstag, 1. Dezember 2026, 16:10 (Europe/Zurich)."),
    ],
)  # fmt: skip
def test_verification_code(language, subject, sentence):
    message = factories.verification_code(language=language)

    email = render(services._verification_outgoing(message))

    assert email.subject == subject
    assert sentence in email.text and "482913" in email.html


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        ("reminder", "en", ["a reminder of your appointment at Studio Lumen", EN_WHEN]),
        ("reminder", "de", ["wir erinnern Sie an Ihren Termin bei Studio Lumen", DE_WHEN]),
        ("booking_cancelled", "en", ["has been cancelled", EN_WHEN, "refunded in full (CHF 40.00)"]),
        ("booking_cancelled", "de", ["wurde storniert", DE_WHEN, "vollständig zurückerstattet (40,00 CHF)"]),
        ("booking_rescheduled", "en", ["has been moved", EN_WHEN, "It replaces:", "Monday, 30 November 2026, 10:00 (Europe/Zurich)"]),
        ("booking_rescheduled", "de", ["wurde verschoben", DE_WHEN, "Er ersetzt:", "Montag, 30. November 2026, 10:00 (Europe/Zurich)"]),
    ],
)  # fmt: skip
def test_booking_notices_to_the_client(template, language, expected):
    previous = factories.appointment(
        start="2026-11-30T09:00:00+00:00", end="2026-11-30T10:00:00+00:00"
    )
    message = factories.booking_message(
        language=language,
        previous_appointments=[previous],
        refund="full",
        refund_amount=4000,
        currency="chf",
    )

    email = render(booking_outgoing(message, template)[0])

    for words in expected:
        assert words in email.text
        assert words in email.html


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        ("booking_rescheduled_business", "en", ["Booking moved: Max Muster, now " + EN_WHEN, "Before:"]),
        ("booking_rescheduled_business", "de", ["Buchung verschoben: Max Muster, neu " + DE_WHEN, "Bisher:"]),
        ("booking_cancelled_business", "en", ["Booking cancelled: Max Muster, " + EN_WHEN, "free again"]),
        ("booking_cancelled_business", "de", ["Buchung storniert: Max Muster, " + DE_WHEN, "wieder frei"]),
    ],
)  # fmt: skip
def test_booking_notices_to_staff_and_owner(template, language, expected):
    previous = factories.appointment(start="2026-11-30T09:00:00+00:00")
    message = factories.booking_message(
        previous_appointments=[previous], tenant=factories.tenant(language=language)
    )

    outgoing = booking_outgoing(message, template.removesuffix("_business"))
    staff = render(outgoing[1])

    assert outgoing[1].template == template
    subject, words = expected
    assert staff.subject == subject
    assert words in staff.text


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        ("payment_receipt", "en", ["Payment received by Studio Lumen: CHF 120.50", "down payment of CHF 120.50", "Still to pay at the appointment: CHF 80.00", EN_WHEN]),
        ("payment_receipt", "de", ["Zahlung bei Studio Lumen eingegangen: 120,50 CHF", "Anzahlung über 120,50 CHF", "Beim Termin noch zu bezahlen: 80,00 CHF", DE_WHEN]),
        ("payment_refunded", "en", ["Refund from Studio Lumen: CHF 120.50", "has refunded CHF 120.50 to you: your booking was cancelled."]),
        ("payment_refunded", "de", ["Rückerstattung von Studio Lumen: 120,50 CHF", "hat Ihnen 120,50 CHF zurückerstattet: Ihre Buchung wurde storniert."]),
    ],
)  # fmt: skip
def test_payment_messages(template, language, expected):
    message = factories.payment_message(language=language, reason="cancelled")

    email = render(services._payment_outgoing(message, template=template))

    text = f"{email.subject}\n{email.text}"
    for words in expected:
        assert words in text


def test_values_are_escaped_in_html_but_not_in_text():
    message = factories.booking_message(
        client_name="Max <script>", tenant=factories.tenant(name="Hair & Beauty")
    )

    email = render(booking_outgoing(message, "booking_confirmed")[0])

    assert "<script>" not in email.html and "Max &lt;script&gt;" in email.html
    assert "Hello Max <script>," in email.text
    assert email.subject == "Your booking at Hair & Beauty is confirmed"


@pytest.mark.parametrize(
    ("code", "language"), [("de-CH", "de"), ("DE", "de"), ("en-GB", "en"), ("fr", "en"), ("", "en")]
)
def test_language_falls_back_to_english(code, language):
    assert language_of(code) == language


@pytest.mark.parametrize(
    ("amount", "currency", "language", "text"),
    [
        (123450, "eur", "en", "EUR 1,234.50"),
        (123450, "eur", "de", "1.234,50 EUR"),
        (5000, "jpy", "en", "JPY 5,000"),
        (1500, "kwd", "en", "KWD 1.500"),
    ],
)
def test_money_in_minor_units(amount, currency, language, text):
    assert money_format(amount, currency, language=language) == text


def test_one_confirmation_lists_every_appointment_of_the_cart_with_an_event_each():
    retouching = factories.appointment(
        service_name="Retouching",
        start="2026-12-01T17:00:00+00:00",
        end="2026-12-01T17:30:00+00:00",
    )
    message = factories.booking_message(appointments=[factories.appointment(), retouching])

    client = booking_outgoing(message, "booking_confirmed")[0]
    email = render(client)
    ((_, content, _),) = client.attachments
    events = Calendar.from_ical(content).events

    assert "Portrait session" in email.text and "Retouching" in email.text
    assert EN_WHEN in email.text
    assert "Tuesday, 1 December 2026, 18:00 (Europe/Zurich)" in email.text
    assert [str(e["SUMMARY"]) for e in events] == [
        "Portrait session (Studio Lumen)",
        "Retouching (Studio Lumen)",
    ]
    assert [e.start for e in events] == [
        datetime.datetime(2026, 12, 1, 16, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC),
    ]
    assert len({str(e["UID"]) for e in events}) == 2
