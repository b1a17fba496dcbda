"""Cancelling a booking: the slot is free again at once, and a payment is refunded by policy."""

import datetime
from uuid import UUID

from contracts import notifications, payments
from django.db import transaction

from booking.tenants.models import Tenant
from booking.webhooks import events as webhook

from .. import clock
from ..errors import BookingNotCancellable, BookingNotFound, CancelNotAllowed, CancelWindowPassed
from ..events import (
    availability_changed_after_commit,
    booking_event_publish,
    booking_message,
    iso_utc,
    publish_after_commit,
)
from ..models import Booking, Reservation
from ..selectors import booking_effective_status
from .bookings import booking_lock, reservations_lock
from .guard import claims_end

CANCEL_BLOCKED = {
    CancelNotAllowed.code: CancelNotAllowed,
    CancelWindowPassed.code: CancelWindowPassed,
}


def client_cancel_blocked_reason(
    *, tenant: Tenant, booking: Booking, now: datetime.datetime
) -> str:
    """Why the client may not cancel this booking themselves ("" when they may).

    The tenant's rules bind the client's manage link only; an integrator cancels any time.
    """
    status = booking_effective_status(booking=booking, now=now)
    if status not in (*Booking.PENDING, Booking.Status.CONFIRMED):
        return BookingNotCancellable.code
    if not tenant.cancel_allowed:
        return CancelNotAllowed.code
    if now > booking.first_start - datetime.timedelta(hours=tenant.cancel_window_hours):
        return CancelWindowPassed.code
    return ""


def cancel_refund(*, tenant: Tenant, booking: Booking, now: datetime.datetime) -> tuple[str, int]:
    """(full | none | "", minor units) the client gets back for cancelling.

    For a cancelled booking, what its cancellation gave (judged at `cancelled_at`, so
    asking again later answers the same); otherwise what cancelling at `now` would give.
    """
    moment = booking.cancelled_at or now
    refund = refund_expected(tenant=tenant, booking=booking, now=moment)
    return refund, booking.amount_paid if refund == "full" else 0


def _full_refund_until(tenant: Tenant, booking: Booking) -> datetime.datetime:
    return booking.first_start - datetime.timedelta(hours=tenant.full_refund_hours_before)


def refund_expected(*, tenant: Tenant, booking: Booking, now: datetime.datetime) -> str:
    """What the client will get back: "full", "none", or "" when nothing was paid."""
    if booking.amount_paid <= 0:
        return ""
    due = payments.refund_is_due(
        requested_at=now,
        full_refund_until=_full_refund_until(tenant, booking),
        deposit=booking.payment == Booking.Payment.DEPOSIT,
        deposit_refundable=tenant.deposit_refundable,
    )
    return "full" if due else "none"


@transaction.atomic
def booking_cancel(*, tenant: Tenant, booking_id: UUID, by_client: bool = False) -> Booking:
    """Cancels a pending or confirmed booking (a second cancel changes nothing).

    `by_client`: through the client's manage link, so the tenant's cancel rules
    (allowed at all, not closer than cancel_window_hours to the start) apply.
    """
    now = clock.now()
    booking = booking_lock(tenant_id=tenant.id, booking_id=booking_id)
    if booking is None:
        raise BookingNotFound(detail={"booking": str(booking_id)})
    if booking.status == Booking.Status.CANCELLED:
        return booking
    status = booking_effective_status(booking=booking, now=now)
    if status not in (*Booking.PENDING, Booking.Status.CONFIRMED):
        raise BookingNotCancellable(detail={"status": status})
    if by_client:
        blocked = client_cancel_blocked_reason(tenant=tenant, booking=booking, now=now)
        if blocked:
            raise CANCEL_BLOCKED[blocked](
                detail={"cancel_window_hours": tenant.cancel_window_hours}
            )
    reservations = reservations_lock(booking)
    live = [r for r in reservations if r.live]
    claims_end(live, state=Reservation.State.RELEASED, now=now)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.expires_at = None
    booking.save()
    booking_event_publish(booking, webhook.BOOKING_CANCELLED)
    refund, refund_amount = cancel_refund(tenant=tenant, booking=booking, now=now)
    if booking.amount_paid > 0:
        publish_after_commit(
            payments.REFUND,
            payments.Refund(
                dedupe_key=f"booking:{booking.id}:refund:cancelled",
                tenant_id=str(tenant.id),
                booking_id=str(booking.id),
                reason=payments.REFUND_REASON_CANCELLED,
                requested_at=iso_utc(now),
                # The same deadline as refund_expected: payments applies it to the same facts.
                full_refund_until=iso_utc(_full_refund_until(tenant, booking)),
                deposit_refundable=tenant.deposit_refundable,
            ),
        )
    publish_after_commit(
        notifications.SEND_BOOKING_CANCELLED,
        booking_message(
            booking,
            event="cancelled",
            reservations=reservations,
            refund=refund,
            # What payments will refund by the policy it applies to the same facts.
            refund_amount=refund_amount,
        ),
    )
    availability_changed_after_commit(tenant=tenant, reservations=live, freed=True)
    return booking
