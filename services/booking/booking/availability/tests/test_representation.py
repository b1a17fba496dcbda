"""The hand-written answers of the slot and calendar lists say what DRF's fields would say."""

import datetime
import uuid
import zoneinfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from booking.availability.api.serializers import (
    CalendarDayOutputSerializer,
    SlotOutputSerializer,
)
from booking.availability.selectors import CalendarDay, DayStatus, Slot
from booking.catalog.models import Staff


def generic(serializer: serializers.Serializer, instance) -> dict:
    """What DRF writes from the declared fields alone."""
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Zurich", "America/St_Johns", "Asia/Kathmandu"])
@pytest.mark.parametrize("held_by_you", [False, True])
def test_a_slot_reads_as_its_declared_fields(zone, held_by_you):
    start = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)  # Zurich's DST night
    slot = Slot(
        start=start,
        end=start + datetime.timedelta(minutes=90),
        staff=Staff(id=uuid.uuid4(), name="Anna Keller"),
        held_by_you=held_by_you,
    )
    serializer = SlotOutputSerializer()
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert serializer.to_representation(slot) == generic(serializer, slot)


@pytest.mark.parametrize(
    "status",
    [DayStatus.AVAILABLE, DayStatus.FULL, DayStatus.OFF, DayStatus.PAST, DayStatus.OUT_OF_RANGE],
)
def test_a_calendar_day_reads_as_its_declared_fields(status):
    day = CalendarDay(date=datetime.date(2026, 12, 31), status=status)
    serializer = CalendarDayOutputSerializer()
    assert serializer.to_representation(day) == generic(serializer, day)
