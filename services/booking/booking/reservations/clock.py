"""What "now" is for holds and bookings: Django's clock, read in one place.

Tests move it by patching django.utils.timezone.now, so row timestamps agree.
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()
