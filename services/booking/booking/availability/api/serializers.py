import datetime
import re
import uuid
import zoneinfo

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import flatten_choices_dict, to_choices_dict

from booking.availability.errors import InvalidDate, InvalidMonth, InvalidTimezone
from booking.availability.selectors import DAY_STATUS_CHOICES
from booking.tenants.models import TIMEZONES

ANY_STAFF = "any"


# Years the calendar speaks of: far enough for any horizon, near enough for date arithmetic.
YEAR = "(19[7-9][0-9]|[2-8][0-9]{3}|9000)"
MONTH_PATTERN = f"^{YEAR}-(0[1-9]|1[0-2])$"
DATE_PATTERN = f"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _timezone_choices() -> tuple[dict, dict, dict]:
    grouped = to_choices_dict(TIMEZONES)
    flat = flatten_choices_dict(grouped)
    return grouped, flat, {str(key): key for key in flat}


_TIMEZONE_CHOICES = _timezone_choices()


class TimezoneField(serializers.ChoiceField):
    """An IANA time zone; a wrong one answers invalid_timezone. Missing or empty: the
    tenant's."""

    # DRF builds a field's choices anew for every request's copy of it: for some 600 zones
    # that was a tenth of a day's slots read. They are built once, here.
    def _set_choices(self, choices) -> None:
        self.grouped_choices, self._choices, self.choice_strings_to_values = _TIMEZONE_CHOICES

    choices = property(serializers.ChoiceField._get_choices, _set_choices)

    def __init__(self, **kwargs):
        super().__init__(choices=TIMEZONES, required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data) -> zoneinfo.ZoneInfo | None:
        if data == "":
            return None  # as if it were not given
        if data not in TIMEZONES:
            raise InvalidTimezone(detail={"tz": data})
        return zoneinfo.ZoneInfo(data)


class AvailabilityQueryInputSerializer(serializers.Serializer):
    service = serializers.UUIDField(help_text="A service id.")
    staff = serializers.RegexField(
        f"^({ANY_STAFF}|{UUID_PATTERN})$",
        required=False,
        default=ANY_STAFF,
        help_text="A staff member's id, or `any` (the default): the union of every active "
        "staff member who gives the service.",
    )
    tz = TimezoneField(
        help_text="IANA time zone the customer sees, e.g. America/New_York. "
        "Defaults to the tenant's."
    )

    def validate_staff(self, value: str) -> uuid.UUID | None:
        return None if value == ANY_STAFF else uuid.UUID(value)


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN})
class MonthField(serializers.CharField):
    """A calendar month, YYYY-MM; a wrong one answers invalid_month."""

    def to_internal_value(self, data) -> datetime.date:
        value = super().to_internal_value(data)
        if not re.fullmatch(MONTH_PATTERN, value):
            raise InvalidMonth(detail={"month": value})
        return datetime.date(int(value[:4]), int(value[5:7]), 1)


@extend_schema_field({"type": "string", "format": "date", "pattern": DATE_PATTERN})
class DayField(serializers.CharField):
    """A calendar date, YYYY-MM-DD; a wrong one answers invalid_date."""

    def to_internal_value(self, data) -> datetime.date:
        value = super().to_internal_value(data)
        try:
            if not re.fullmatch(DATE_PATTERN, value):
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise InvalidDate(detail={"date": value}) from error


class CalendarQueryInputSerializer(AvailabilityQueryInputSerializer):
    month = MonthField(help_text="YYYY-MM in tz, from 1970-01 to 9000-12.")


class SlotsQueryInputSerializer(AvailabilityQueryInputSerializer):
    date = DayField(help_text="YYYY-MM-DD in tz, from 1970 to 9000.")


# The two answers the widget reads most are written out by hand (issue 12): DRF's generic
# field-by-field loop was a fifth of a day's slots read, and copying the declared fields for
# every answer a tenth of a month's calendar. The declared fields stay the schema;
# availability/tests/test_representation.py holds each to DRF's own output of those fields.
def _iso(moment: datetime.datetime) -> str:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(day) -> dict:
    return {"date": day.date.isoformat(), "status": day.status}


class CalendarDayOutputSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=DAY_STATUS_CHOICES)

    def to_representation(self, day) -> dict:
        return _day(day)


class CalendarOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(help_text="The staff member's id, or 'any'.")
    month = serializers.CharField()
    tz = serializers.CharField()
    server_time = serializers.DateTimeField()
    days = CalendarDayOutputSerializer(many=True)

    def to_representation(self, body) -> dict:
        return {
            "service": str(body["service"]),
            "staff": body["staff"],
            "month": body["month"],
            "tz": body["tz"],
            "server_time": _iso(body["server_time"]),
            "days": [_day(day) for day in body["days"]],
        }


class SlotStaffOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


def _slot(slot) -> dict:
    return {
        "start": _iso(slot.start),
        "end": _iso(slot.end),
        "staff": {"id": str(slot.staff.id), "name": slot.staff.name},
        "held_by_you": slot.held_by_you,
    }


class SlotOutputSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="ISO 8601 with the offset of tz.")
    end = serializers.DateTimeField(help_text="ISO 8601 with the offset of tz.")
    staff = SlotStaffOutputSerializer()
    held_by_you = serializers.BooleanField()

    def to_representation(self, slot) -> dict:
        return _slot(slot)


class SlotsOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(help_text="The staff member's id, or 'any'.")
    date = serializers.DateField()
    tz = serializers.CharField()
    server_time = serializers.DateTimeField()
    slots = SlotOutputSerializer(many=True)

    def to_representation(self, body) -> dict:
        return {
            "service": str(body["service"]),
            "staff": body["staff"],
            "date": body["date"].isoformat(),
            "tz": body["tz"],
            "server_time": _iso(body["server_time"]),
            "slots": [_slot(slot) for slot in body["slots"]],
        }
