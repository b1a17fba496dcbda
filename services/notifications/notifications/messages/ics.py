"""The .ics calendar file attached to confirmations and reschedule notices.

Start and end carry the tenant's zone as TZID with its VTIMEZONE, so a calendar
shows the right local time whatever zone its owner is in. The UID is stable per
booking and appointment, so a rescheduled booking updates the event it replaces.
"""

import datetime
from zoneinfo import ZoneInfo

from contracts.notifications import Appointment
from django.conf import settings
from icalendar import Calendar, Event

from .rendering import moment_parse

PRODID = "-//Booking platform//notifications//EN"


def event_uid(*, booking_id: str, index: int) -> str:
    return f"booking-{booking_id}-{index}@{settings.EMAIL_DOMAIN}"


def booking_calendar(
    *,
    booking_id: str,
    tenant_name: str,
    zone: ZoneInfo,
    appointments: list[Appointment],
    manage_url: str,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # A file to import, not an invitation that expects an answer (RFC 5546 PUBLISH).
    calendar.add("method", "PUBLISH")
    now = datetime.datetime.now(datetime.UTC)
    starts = []
    for index, appointment in enumerate(appointments):
        start = moment_parse(appointment.start).astimezone(zone)
        end = moment_parse(appointment.end).astimezone(zone)
        starts.append(start)
        event = Event()
        event.add("uid", event_uid(booking_id=booking_id, index=index))
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{appointment.service_name} ({tenant_name})")
        description = appointment.staff_name
        if manage_url:
            description += f"\n{manage_url}"
            event.add("url", manage_url)
        event.add("description", description)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    if starts:
        # Only the years around the appointments: keeps the VTIMEZONE small.
        first = min(starts).date() - datetime.timedelta(days=366)
        last = max(starts).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
