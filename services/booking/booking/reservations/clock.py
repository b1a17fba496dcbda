"""The one clock of holds and bookings, so tests can move time without a sweep running."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()
