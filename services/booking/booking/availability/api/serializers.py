import datetime
import re
import uuid
import zoneinfo

from rest_framework import serializers

from booking.availability.errors import InvalidDate, InvalidMonth, InvalidTimezone
from booking.availability.selectors import DAY_STATUS_CHOICES

ANY_STAFF = "any"


def _zone(value: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise InvalidTimezone(detail={"tz": value}) from error


class AvailabilityQueryInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(required=False, default=ANY_STAFF)
    tz = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_staff(self, value: str) -> uuid.UUID | None:
        if value == ANY_STAFF:
            return None
        try:
            return uuid.UUID(value)
        except ValueError as error:
            raise serializers.ValidationError("A staff member's id or 'any'.") from error

    def validate_tz(self, value: str) -> zoneinfo.ZoneInfo | None:
        return _zone(value) if value else None


class CalendarQueryInputSerializer(AvailabilityQueryInputSerializer):
    month = serializers.CharField()

    def validate_month(self, value: str) -> datetime.date:
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 1970 <= int(match[1]) <= 9000:
            raise InvalidMonth(detail={"month": value})
        return datetime.date(int(match[1]), int(match[2]), 1)


class SlotsQueryInputSerializer(AvailabilityQueryInputSerializer):
    date = serializers.CharField()

    def validate_date(self, value: str) -> datetime.date:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
        except ValueError as error:
            raise InvalidDate(detail={"date": value}) from error
        if not 1970 <= day.year <= 9000:
            raise InvalidDate(detail={"date": value})
        return day


class CalendarDayOutputSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=DAY_STATUS_CHOICES)


class CalendarOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(help_text="The staff member's id, or 'any'.")
    month = serializers.CharField()
    tz = serializers.CharField()
    server_time = serializers.DateTimeField()
    days = CalendarDayOutputSerializer(many=True)


class SlotStaffOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class SlotOutputSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="ISO 8601 with the offset of tz.")
    end = serializers.DateTimeField(help_text="ISO 8601 with the offset of tz.")
    staff = SlotStaffOutputSerializer()
    held_by_you = serializers.BooleanField()


class SlotsOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(help_text="The staff member's id, or 'any'.")
    date = serializers.DateField()
    tz = serializers.CharField()
    server_time = serializers.DateTimeField()
    slots = SlotOutputSerializer(many=True)
