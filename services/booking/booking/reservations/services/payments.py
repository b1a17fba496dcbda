"""What the booking does when payments tells it a payment succeeded or was refunded.

Celery may deliver these twice or late (STYLE.md rule 3): each handler re-reads
the booking by id, moves its state only forward and does nothing the second time.
"""

import datetime
import logging
from uuid import UUID

from contracts import notifications, payments
from django.db import transaction

from booking.webhooks import events as webhook

from .. import clock
from ..events import (
    availability_changed_after_commit,
    booking_event_publish,
    iso_utc,
    payment_message,
    publish_after_commit,
)
from ..models import Booking, Reservation
from .bookings import booking_confirm_locked, booking_lock, reservations_lock
from .guard import claims_end, overlap_exists, staff_lock, stale_reservations_expire

logger = logging.getLogger(__name__)


def _slots_reclaim(reservations: list[Reservation], now: datetime.datetime) -> bool:
    """Makes every reservation of the booking live again if its time is still free.

    The caller holds the staff locks, so what is found free stays free until commit.
    """
    if not reservations or any(r.state == Reservation.State.RELEASED for r in reservations):
        return False
    ours = [r.pk for r in reservations]
    for r in reservations:
        if r.live and r.expires_at is None:
            continue
        if overlap_exists(
            staff_id=r.staff_id,
            blocked_start=r.blocked_start,
            blocked_end=r.blocked_end,
            now=now,
            exclude_ids=ours,
        ):
            return False
    Reservation.objects.filter(pk__in=ours).update(
        state=Reservation.State.BOOKED, live=True, expires_at=None, updated_at=now
    )
    for r in reservations:
        r.state, r.live, r.expires_at = Reservation.State.BOOKED, True, None
    return True


@transaction.atomic
def booking_payment_succeed(
    *,
    tenant_id: UUID,
    booking_id: UUID,
    payment_intent_id: str,
    amount: int,
    currency: str,
    kind: str,
) -> Booking | None:
    """Confirms the booking that was paid, or refunds a payment that came too late."""
    now = clock.now()
    staff_ids = Reservation.objects.filter(tenant_id=tenant_id, booking_id=booking_id).values_list(
        "staff_id", flat=True
    )
    staff_lock(staff_ids=list(staff_ids))
    booking = booking_lock(tenant_id=tenant_id, booking_id=booking_id)
    if booking is None:
        logger.warning("payment %s for unknown booking %s", payment_intent_id, booking_id)
        return None
    if booking.payment_intent_id == payment_intent_id:
        return booking  # this payment was handled already
    if booking.status == Booking.Status.CONFIRMED:
        logger.warning(
            "booking %s was confirmed already; payment %s", booking.id, payment_intent_id
        )
        return booking

    reservations = reservations_lock(booking)
    # Expiring others' stale claims first lets a late payment take back a slot nobody took.
    stale_reservations_expire(staff_ids=[r.staff_id for r in reservations], now=now)
    for r in reservations:
        r.refresh_from_db(fields=["state", "live", "expires_at"])
    booking.payment_intent_id = payment_intent_id
    booking.amount_paid = amount
    booking.payment_history = [
        *booking.payment_history,
        {
            "type": "payment",
            "payment_intent": payment_intent_id,
            "refund": "",
            "amount": amount,
            "currency": currency,
            "reason": "",
            "at": iso_utc(now),
        },
    ]
    claimable = booking.status in Booking.PENDING and _slots_reclaim(reservations, now)
    if claimable:
        booking.balance_due = max(booking.total_amount - amount, 0)
        booking_confirm_locked(booking, reservations, now)
        booking_event_publish(booking, webhook.PAYMENT_SUCCEEDED)
        publish_after_commit(
            notifications.SEND_PAYMENT_RECEIPT,
            payment_message(
                booking,
                dedupe_key=f"booking:{booking.id}:payment:{payment_intent_id}",
                amount=amount,
                kind=kind,
                reservations=reservations,
            ),
        )
        availability_changed_after_commit(
            tenant=booking.tenant, reservations=reservations, freed=False
        )
        return booking

    expired = booking.status in Booking.PENDING
    if expired:
        booking.status = Booking.Status.EXPIRED
        booking.expires_at = None
    booking.save()
    # Paid, and refunded because it came too late (the refund follows as payment.refunded).
    booking_event_publish(booking, webhook.PAYMENT_SUCCEEDED)
    if expired:
        booking_event_publish(booking, webhook.BOOKING_EXPIRED)
    still_live = [r for r in reservations if r.live]
    if still_live:
        claims_end(still_live, state=Reservation.State.EXPIRED, now=now)
        availability_changed_after_commit(
            tenant=booking.tenant, reservations=still_live, freed=True
        )
    publish_after_commit(
        payments.REFUND,
        payments.Refund(
            dedupe_key=f"booking:{booking.id}:refund:{payment_intent_id}",
            tenant_id=str(booking.tenant_id),
            booking_id=str(booking.id),
            reason=payments.REFUND_REASON_BOOKING_EXPIRED,
            requested_at=iso_utc(now),
            # A payment for a booking that no longer exists is always refunded in full.
            full_refund_until=iso_utc(now + datetime.timedelta(days=1)),
            deposit_refundable=True,
        ),
    )
    return booking


@transaction.atomic
def booking_payment_refunded(
    *,
    tenant_id: UUID,
    booking_id: UUID,
    refund_id: str,
    amount: int,
    reason: str,
    payment_intent_id: str = "",
    currency: str = "",
) -> Booking | None:
    """Records a refund once in the payment history and tells the client.

    The refund of a duplicate charge (a second payment of the same order, which the
    booking never counted as paid) shows in the history only; any other refund also
    counts in amount_refunded.
    """
    booking = booking_lock(tenant_id=tenant_id, booking_id=booking_id)
    if booking is None:
        logger.warning("refund %s for unknown booking %s", refund_id, booking_id)
        return None
    if refund_id in booking.refunds_seen:
        return booking
    duplicate = reason == payments.REFUND_REASON_DUPLICATE_PAYMENT
    history = (
        [
            {
                "type": "payment",
                "payment_intent": payment_intent_id,
                "refund": "",
                "amount": amount,
                "currency": currency or booking.currency,
                "reason": reason,
                "at": iso_utc(clock.now()),
            }
        ]
        if duplicate
        else []
    )
    history.append(
        {
            "type": "refund",
            "payment_intent": payment_intent_id,
            "refund": refund_id,
            "amount": amount,
            "currency": currency or booking.currency,
            "reason": reason,
            "at": iso_utc(clock.now()),
        }
    )
    booking.refunds_seen = [*booking.refunds_seen, refund_id]
    booking.payment_history = [*booking.payment_history, *history]
    if not duplicate:
        booking.amount_refunded += amount
    booking.save(update_fields=["refunds_seen", "payment_history", "amount_refunded", "updated_at"])
    booking_event_publish(booking, webhook.PAYMENT_REFUNDED)
    publish_after_commit(
        notifications.SEND_PAYMENT_REFUNDED,
        payment_message(
            booking,
            dedupe_key=f"booking:{booking.id}:refunded:{refund_id}",
            amount=amount,
            kind=booking.payment,
            reason=reason,
        ),
    )
    return booking
