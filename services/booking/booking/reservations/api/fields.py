"""Serializer fields the public, manage and admin answers share.

An answer is rendered from the objects themselves (a Booking, a hold, a manage view); what
is not stored on them comes from the serializer's context: `now`, taken once per answer so
that a status and the `server_time` beside it agree, and whatever a single view adds (the
cart token it made, the tenant).
"""

import datetime

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from .. import clock
from ..models import Booking
from ..selectors import booking_effective_status

STATUS_HELP = "One of " + ", ".join(Booking.Status.values) + "."


def answer_time(context: dict) -> datetime.datetime:
    """The one `now` of an answer, taken when first asked for."""
    return context.setdefault("now", clock.now())


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset: a naive time would be guessed in the wrong zone."""

    default_error_messages = {"naive": "Give the time with its UTC offset, e.g. +01:00 or Z."}

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                # Well formed but no time (minute 99): the parent answers it as invalid.
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        return super().to_internal_value(value)


class ServerTimeField(serializers.DateTimeField):
    """The server's clock when the answer was made, for the widget's countdown."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, value):
        return super().to_representation(answer_time(self.context))


class EffectiveStatusField(serializers.CharField):
    """A booking's status as of the answer: a pending one past its deadline is expired."""

    def __init__(self, **kwargs):
        super().__init__(source="*", help_text=STATUS_HELP, **kwargs)

    def to_representation(self, booking):
        return booking_effective_status(booking=booking, now=answer_time(self.context))


class ContextCharField(serializers.CharField):
    """A value the view puts in the context (e.g. the cart token it just made), else null."""

    def __init__(self, key: str, **kwargs):
        self.key = key
        super().__init__(source="*", **kwargs)

    def to_representation(self, value):
        return self.context.get(self.key)


class AppointmentListSerializer(serializers.ListSerializer):
    """A booking's reservations by start (then id), however they were fetched."""

    def to_representation(self, data):
        iterable = data.all() if hasattr(data, "all") else data
        ordered = sorted(iterable, key=lambda r: (r.start, str(r.id)))
        return [self.child.to_representation(item) for item in ordered]


class BookingAppointmentOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    staff = serializers.UUIDField(source="staff_id")
    staff_name = serializers.CharField(source="staff.name")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()

    class Meta:
        list_serializer_class = AppointmentListSerializer
