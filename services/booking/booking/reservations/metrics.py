"""Booking state transitions for Prometheus (plumbing.metrics.BOOKING_TRANSITIONS).

Every save of a Booking that changes its status counts one transition (from_state `new` for a
booking just made), after the commit, so a rolled-back change counts nothing. The bulk
expiry of the beat's tidy (an UPDATE without signals) counts its own
(services/maintenance.py).
"""

from django.db import transaction
from django.db.models.signals import post_init, post_save
from plumbing.metrics import count_transition

from .models import Booking

NEW = "new"


def _remember(sender, instance: Booking, **kwargs) -> None:
    # __dict__, not the attribute: a deferred status must not cost a query here.
    instance._metrics_status = instance.__dict__.get("status")


def _count(sender, instance: Booking, created: bool, **kwargs) -> None:
    before = NEW if created else getattr(instance, "_metrics_status", None)
    after = instance.status
    instance._metrics_status = after
    if before is None or before == after:
        return
    transaction.on_commit(lambda: count_transition(before, after), robust=True)


def connect() -> None:
    post_init.connect(_remember, sender=Booking, dispatch_uid="booking-metrics-init")
    post_save.connect(_count, sender=Booking, dispatch_uid="booking-metrics-save")
