"""The hand-written slots and calendar answers say what DRF's fields would say."""

import datetime
import uuid
import zoneinfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from booking.availability.api.serializers import (
    CalendarDayOutputSerializer,
    CalendarOutputSerializer,
    SlotOutputSerializer,
    SlotsOutputSerializer,
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


@pytest.mark.parametrize("zone", ["UTC", "Europe/Zurich", "America/St_Johns"])
def test_a_day_of_slots_reads_as_its_declared_fields(zone):
    start = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # Zurich's fall-back
    staff = Staff(id=uuid.uuid4(), name="Anna Keller")
    body = {
        "service": uuid.uuid4(),
        "staff": "any",
        "date": datetime.date(2026, 10, 25),
        "tz": zone,
        "server_time": datetime.datetime(2026, 10, 24, 23, 59, 59, 123456, tzinfo=datetime.UTC),
        "slots": [
            Slot(start=start, end=start + datetime.timedelta(minutes=60), staff=staff),
            Slot(
                start=start + datetime.timedelta(hours=1),
                end=start + datetime.timedelta(hours=2),
                staff=staff,
                held_by_you=True,
            ),
        ],
    }
    serializer = SlotsOutputSerializer()
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert serializer.to_representation(body) == generic(serializer, body)


def test_a_month_reads_as_its_declared_fields():
    body = {
        "service": uuid.uuid4(),
        "staff": str(uuid.uuid4()),
        "month": "2026-12",
        "tz": "Asia/Kathmandu",
        "server_time": datetime.datetime(2026, 11, 29, 10, 0, tzinfo=datetime.UTC),
        "days": [
            CalendarDay(date=datetime.date(2026, 12, 1), status=DayStatus.PAST),
            CalendarDay(date=datetime.date(2026, 12, 2), status=DayStatus.AVAILABLE),
        ],
    }
    serializer = CalendarOutputSerializer()
    assert serializer.to_representation(body) == generic(serializer, body)
