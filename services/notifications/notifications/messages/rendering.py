"""Turns a payload into the words of one email: subject, plain text and HTML.

Times arrive in UTC and are shown in the tenant's time zone, named, in the
reader's language: "Tuesday, 1 December 2026, 17:00 (Europe/Zurich)".
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from contracts.notifications import Appointment
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, translation

# Django's own date format characters; the day and month names come from Django's
# translations of the active language.
MOMENT_FORMATS = {"en": "l, j F Y, H:i", "de": "l, j. F Y, H:i"}
TIME_FORMAT = "H:i"
# Stripe's currencies without minor units, and those with three decimals.
ZERO_DECIMAL_CURRENCIES = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
}  # fmt: skip
THREE_DECIMAL_CURRENCIES = {"bhd", "jod", "kwd", "omr", "tnd"}
# Refund reasons arrive as codes (contracts.payments.REFUND_REASON_*); others show as given.
REFUND_REASONS = {
    "en": {
        "cancelled": "your booking was cancelled",
        "booking_expired": "your booking expired before it was confirmed",
        "duplicate_payment": "you were charged twice for this booking, and this second "
        "charge goes back in full; your booking is unchanged",
    },
    "de": {
        "cancelled": "Ihre Buchung wurde storniert",
        "booking_expired": "Ihre Buchung ist vor der Bestätigung abgelaufen",
        "duplicate_payment": "Sie wurden für diese Buchung zweimal belastet, diese zweite "
        "Zahlung geht vollständig zurück; Ihre Buchung bleibt unverändert",
    },
}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def language_of(code: str) -> str:
    """The supported language closest to a client's ("de-CH" -> "de"); English otherwise."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    supported = {lang for lang, _ in settings.LANGUAGES}
    return base if base in supported else settings.LANGUAGE_CODE


def moment_parse(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        # The contract says UTC; a producer that forgot the offset still meant UTC.
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def moment_format(moment: datetime.datetime, *, zone: ZoneInfo, language: str) -> str:
    with translation.override(language):
        local = dateformat.format(moment.astimezone(zone), MOMENT_FORMATS[language])
    return f"{local} ({zone.key})"


def appointment_view(appointment: Appointment, *, zone: ZoneInfo, language: str) -> dict:
    start = moment_parse(appointment.start).astimezone(zone)
    end = moment_parse(appointment.end).astimezone(zone)
    if end.date() == start.date():
        until = dateformat.format(end, TIME_FORMAT)
    else:
        until = moment_format(end, zone=zone, language=language)
    return {
        "service_name": appointment.service_name,
        "staff_name": appointment.staff_name,
        "when": moment_format(start, zone=zone, language=language),
        "until": until,
        "start": start,
        "end": end,
    }


def money_format(amount: int, currency: str, *, language: str) -> str:
    """Minor units as a reader expects them: "CHF 1,234.50" or "1.234,50 CHF"."""
    code = currency.lower()
    exponent = (
        0 if code in ZERO_DECIMAL_CURRENCIES else 3 if code in THREE_DECIMAL_CURRENCIES else 2
    )
    number = f"{Decimal(amount).scaleb(-exponent):,.{exponent}f}"
    if language == "de":
        number = number.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return f"{number} {code.upper()}"
    return f"{code.upper()} {number}"


def refund_reason_text(reason: str, *, language: str) -> str:
    return REFUND_REASONS.get(language, {}).get(reason, reason)


def email_render(template: str, *, language: str, context: dict[str, Any]) -> RenderedEmail:
    """Renders messages/<language>/<template>.{subject.txt,txt,html}."""
    context = {**context, "language": language}
    prefix = f"messages/{language}/{template}"
    with translation.override(language):
        subject = render_to_string(f"{prefix}.subject.txt", context, using="text")
        text = render_to_string(f"{prefix}.txt", context, using="text")
        html = render_to_string(f"{prefix}.html", context, using="html")
    # Template tags leave blank lines behind; a reader should not see them.
    text = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", text).strip() + "\n"
    return RenderedEmail(subject=" ".join(subject.split()), text=text, html=html)
