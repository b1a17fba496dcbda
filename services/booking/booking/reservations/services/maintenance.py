"""The beat's periodic work: tidying and reminders. Correctness never waits for it."""

import datetime

from contracts import notifications
from django.db import transaction
from django.db.models import Prefetch
from plumbing.metrics import count_holds, count_transition

from booking.common.idempotency import idempotency_records_prune
from booking.webhooks import events as webhook

from .. import clock
from ..events import (
    availability_changed_after_commit,
    booking_event_publish,
    booking_message,
    publish_after_commit,
)
from ..models import Booking, Reservation
from .guard import claims_end

REMINDER_AHEAD = datetime.timedelta(hours=24)
BATCH = 500


@transaction.atomic
def expired_claims_tidy(*, batch: int = BATCH) -> int:
    """Marks run-out holds and unpaid or unverified bookings expired. Returns how many rows.

    Rows another transaction holds are skipped (SKIP LOCKED) and tidied next time,
    so the sweep never waits on, or deadlocks with, a client's request.
    """
    now = clock.now()
    expiring = list(
        Booking.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=Booking.PENDING, expires_at__lte=now)
        .values_list("pk", "status")[:batch]
    )
    booking_ids = [pk for pk, _ in expiring]
    Booking.objects.filter(pk__in=booking_ids).update(
        status=Booking.Status.EXPIRED, expires_at=None, updated_at=now
    )
    for booking in Booking.objects.filter(pk__in=booking_ids).select_related("tenant", "client"):
        booking_event_publish(booking, webhook.BOOKING_EXPIRED)
    stale = list(
        Reservation.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(live=True, expires_at__lte=now)
        .select_related("tenant")[:batch]
    )
    claims_end(stale, state=Reservation.State.EXPIRED, now=now)
    # Holds (and unverified or unpaid bookings' claims) that ran out unconfirmed.
    expired_holds = len(stale)

    def count() -> None:
        for _, status in expiring:
            count_transition(status, Booking.Status.EXPIRED)
        count_holds("expired", expired_holds)

    transaction.on_commit(count, robust=True)
    by_tenant: dict = {}
    for r in stale:
        by_tenant.setdefault(r.tenant_id, (r.tenant, []))[1].append(r)
    for tenant, reservations in by_tenant.values():
        availability_changed_after_commit(tenant=tenant, reservations=reservations, freed=True)
    idempotency_records_prune(now=now)
    return len(booking_ids) + len(stale)


@transaction.atomic
def reminders_send_due(*, batch: int = BATCH) -> int:
    """Publishes one reminder per confirmed, opted-in booking starting within 24 hours.

    `reminder_sent_at` is set in the same transaction that publishes (after
    commit), so a booking is reminded once however often this runs.
    """
    now = clock.now()
    due = list(
        Booking.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Booking.Status.CONFIRMED,
            reminder=True,
            reminder_sent_at__isnull=True,
            first_start__gt=now,
            first_start__lte=now + REMINDER_AHEAD,
        )
        .select_related("client", "tenant")
        .prefetch_related(
            Prefetch(
                "reservations",
                queryset=Reservation.objects.filter(live=True).select_related("service", "staff"),
                to_attr="live_reservations",
            )
        )
        .order_by("first_start", "id")[:batch]
    )
    for booking in due:
        booking.reminder_sent_at = now
        booking.save(update_fields=["reminder_sent_at", "updated_at"])
        publish_after_commit(
            notifications.SEND_REMINDER,
            booking_message(booking, event="reminder", reservations=booking.live_reservations),
        )
    return len(due)
