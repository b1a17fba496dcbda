"""The client's manage link: read the booking, move it to a new hold, cancel it.

The link carries a signed token (events.manage_token); whoever has it may act
for the client, within the tenant's rules (docs/architecture.md §8). Rescheduling
follows the guard's lock order: staff (by primary key), booking, reservations.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from uuid import UUID

from contracts import notifications
from django.core import signing
from django.db import transaction
from plumbing.errors import NotFound

from booking.tenants.models import Tenant
from booking.webhooks import events as webhook

from .. import clock
from ..errors import (
    BookingNotConfirmed,
    HoldNotFound,
    HoldsDisabled,
    ManageLinkInvalid,
    RescheduleLimitReached,
    RescheduleNotAllowed,
    RescheduleOtherService,
    RescheduleWindowPassed,
    SlotUnavailable,
)
from ..events import (
    MANAGE_TOKEN_SALT,
    appointments_payload,
    availability_changed_after_commit,
    booking_event_publish,
    booking_message,
    publish_after_commit,
)
from ..models import Booking, Reservation
from ..selectors import booking_effective_status, booking_get, cart_get_by_token
from .bookings import booking_lock, reservations_lock
from .cancellation import booking_cancel, cancel_refund, client_cancel_blocked_reason
from .guard import claim_save, claims_end, overlap_exists, staff_lock, stale_reservations_expire
from .maintenance import REMINDER_AHEAD


class HoldsOff(HoldsDisabled):
    message = "This business does not hold slots, so a booking cannot be moved online."


RESCHEDULE_BLOCKED = {
    error.code: error
    for error in (
        BookingNotConfirmed,
        RescheduleNotAllowed,
        HoldsOff,
        RescheduleLimitReached,
        RescheduleWindowPassed,
    )
}


@dataclass(frozen=True)
class ManageView:
    """The booking and what the client may still do with it."""

    booking: Booking
    status: str
    appointments: list[Reservation]
    can_reschedule: bool
    reschedule_blocked_reason: str
    reschedules_left: int
    can_cancel: bool
    cancel_blocked_reason: str
    refund: str
    refund_amount: int


def booking_id_from_manage_token(*, token: str) -> UUID:
    """The booking a manage link names; ManageLinkInvalid for anything tampered or malformed."""
    try:
        payload = signing.loads(token, salt=MANAGE_TOKEN_SALT)
        return UUID(str(payload["booking"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ManageLinkInvalid() from error


def booking_get_by_manage_token(*, tenant: Tenant, token: str) -> Booking:
    """The tenant's booking the link names; another tenant's booking is not found either."""
    booking_id = booking_id_from_manage_token(token=token)
    try:
        return booking_get(tenant=tenant, booking_id=booking_id)
    except NotFound as error:
        raise ManageLinkInvalid() from error


def reschedule_blocked_reason(*, tenant: Tenant, booking: Booking, now: datetime.datetime) -> str:
    """Why the client may not move this booking ("" when they may), as an error code."""
    if booking_effective_status(booking=booking, now=now) != Booking.Status.CONFIRMED:
        return BookingNotConfirmed.code
    if not tenant.reschedule_allowed:
        return RescheduleNotAllowed.code
    if not tenant.holds_enabled:
        # The new start is chosen through a hold; without holds there is no way to pick one.
        return HoldsOff.code
    if booking.reschedules >= tenant.reschedule_limit:
        return RescheduleLimitReached.code
    if now > booking.first_start - datetime.timedelta(hours=tenant.reschedule_window_hours):
        return RescheduleWindowPassed.code
    return ""


def manage_view(*, tenant: Tenant, booking: Booking) -> ManageView:
    now = clock.now()
    effective = booking_effective_status(booking=booking, now=now)
    shown = booking.appointments
    reschedule_reason = reschedule_blocked_reason(tenant=tenant, booking=booking, now=now)
    cancel_reason = client_cancel_blocked_reason(tenant=tenant, booking=booking, now=now)
    refund, refund_amount = cancel_refund(tenant=tenant, booking=booking, now=now)
    return ManageView(
        booking=booking,
        status=effective,
        appointments=shown,
        can_reschedule=not reschedule_reason,
        reschedule_blocked_reason=reschedule_reason,
        reschedules_left=max(tenant.reschedule_limit - booking.reschedules, 0),
        can_cancel=not cancel_reason,
        cancel_blocked_reason=cancel_reason,
        refund=refund,
        refund_amount=refund_amount,
    )


def _hold_staff_for_reschedule(*, tenant: Tenant, hold_id: UUID, cart_token: str | None) -> UUID:
    """The staff id of the caller's own hold that is not yet part of a booking."""
    cart = cart_get_by_token(tenant=tenant, token=cart_token)
    staff_id = None
    if cart is not None:
        staff_id = (
            Reservation.objects.filter(
                tenant=tenant,
                cart=cart,
                pk=hold_id,
                booking__isnull=True,
                state__in=[Reservation.State.HELD, Reservation.State.EXPIRED],
            )
            .values_list("staff_id", flat=True)
            .first()
        )
    if staff_id is None:
        raise HoldNotFound(detail={"hold": str(hold_id)})
    return staff_id


@transaction.atomic
def booking_reschedule(
    *, tenant: Tenant, booking_id: UUID, hold_id: UUID, cart_token: str | None
) -> Booking:
    """Moves a confirmed booking to the client's new hold, all at once or not at all.

    The old appointment is released and the hold becomes the booking's, in one
    transaction: nobody ever sees the booking in both places or in none. A hold
    that ran out is claimed again if its time is still free (409 slot_unavailable
    if not). The tenant's rules (allowed, how many times, how close to the start)
    are checked under the booking's lock, so two moves at once both count.
    """
    now = clock.now()
    hold_staff_id = _hold_staff_for_reschedule(
        tenant=tenant, hold_id=hold_id, cart_token=cart_token
    )
    old_staff_ids = set(
        Reservation.objects.filter(booking_id=booking_id, live=True).values_list(
            "staff_id", flat=True
        )
    )
    locked_staff = {hold_staff_id, *old_staff_ids}
    staff_lock(staff_ids=locked_staff)
    stale_reservations_expire(staff_ids=locked_staff, now=now)
    booking = booking_lock(tenant_id=tenant.id, booking_id=booking_id)
    if booking is None:
        raise ManageLinkInvalid()
    blocked = reschedule_blocked_reason(tenant=tenant, booking=booking, now=now)
    if blocked:
        raise RESCHEDULE_BLOCKED[blocked](
            detail={
                "reschedule_limit": tenant.reschedule_limit,
                "reschedule_window_hours": tenant.reschedule_window_hours,
                "reschedules": booking.reschedules,
            }
        )
    reservations = reservations_lock(booking)
    live = [r for r in reservations if r.live]
    if {r.staff_id for r in live} - locked_staff:
        # Moved to another staff member by a concurrent request since we looked:
        # this request's picture is stale, and that staff member is not locked.
        raise SlotUnavailable(detail={"reason": "booking_changed"})
    hold = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("service", "staff")
        .filter(pk=hold_id, booking__isnull=True)
        .first()
    )
    if hold is None or hold.state not in (Reservation.State.HELD, Reservation.State.EXPIRED):
        raise HoldNotFound(detail={"hold": str(hold_id)})
    moved = next((r for r in live if r.service_id == hold.service_id), None)
    if moved is None:
        raise RescheduleOtherService(
            detail={
                "hold_service": str(hold.service_id),
                "booked": [str(r.service_id) for r in live],
            }
        )

    claims_end([moved], state=Reservation.State.RELEASED, now=now)
    lapsed = not hold.live or hold.expires_at <= now
    if lapsed and overlap_exists(
        staff_id=hold.staff_id,
        blocked_start=hold.blocked_start,
        blocked_end=hold.blocked_end,
        now=now,
        exclude_ids=[hold.pk],
    ):
        raise SlotUnavailable(detail={"reason": "taken", "start": hold.start.isoformat()})
    hold.booking = booking
    hold.state = Reservation.State.BOOKED
    hold.live = True
    hold.expires_at = None
    claim_save(hold, update_fields=["booking", "state", "live", "expires_at", "updated_at"])

    booking.reschedules += 1
    return booking_moved(
        tenant=tenant,
        booking=booking,
        moved=moved,
        arrived=hold,
        live=live,
        now=now,
        dedupe_key=f"booking:{booking.id}:rescheduled:{booking.reschedules}",
    )


def booking_moved(
    *,
    tenant: Tenant,
    booking: Booking,
    moved: Reservation,
    arrived: Reservation,
    live: list[Reservation],
    now: datetime.datetime,
    dedupe_key: str,
) -> Booking:
    """What follows one of a booking's reservations moving to `arrived` (by the client or in
    the back office), in the same transaction: its first start and reminder, the rescheduled
    email after commit, and the two times' availability."""
    now_live = sorted(
        [r for r in live if r.live and r.pk != moved.pk] + [arrived], key=lambda r: r.start
    )
    booking.first_start = now_live[0].start
    if booking.first_start > now + REMINDER_AHEAD:
        # The reminder about the old time is no reminder of the new one.
        booking.reminder_sent_at = None
    booking.save()
    message = booking_message(booking, event="rescheduled", reservations=now_live)
    publish_after_commit(
        notifications.SEND_BOOKING_RESCHEDULED,
        dataclasses.replace(
            message, dedupe_key=dedupe_key, previous_appointments=appointments_payload([moved])
        ),
    )
    availability_changed_after_commit(tenant=tenant, reservations=[moved, arrived], freed=True)
    booking_event_publish(booking, webhook.BOOKING_RESCHEDULED)
    return booking


def booking_cancel_by_client(*, tenant: Tenant, booking_id: UUID) -> Booking:
    """The client cancels through the manage link: the one cancellation, with their rules."""
    return booking_cancel(tenant=tenant, booking_id=booking_id, by_client=True)
