"""The business moves a confirmed booking to another start (the back office's reschedule).

The same guard as every claim (guard.py): staff rows locked in primary key order, stale
claims expired, the overlap checked, the exclusion constraint the last word. A start that
someone holds or booked answers the same 409 slot_unavailable as everywhere else. The
client's own reschedule limit and windows bind the manage link only, as with cancelling.
"""

import datetime
from uuid import UUID

from django.db import transaction

from booking.availability.selectors import schedule_allows_start
from booking.catalog.selectors import StaffNotFound, staff_list
from booking.tenants.models import Tenant

from .. import clock
from ..errors import BookingNotConfirmed, BookingNotFound, SlotUnavailable
from ..models import Booking, Reservation
from ..selectors import booking_effective_status
from .bookings import booking_lock, reservations_lock
from .guard import claim_save, claims_end, overlap_exists, staff_lock, stale_reservations_expire
from .manage import booking_moved


@transaction.atomic
def booking_move(
    *,
    tenant: Tenant,
    booking_id: UUID,
    start: datetime.datetime,
    staff_id: UUID | None = None,
) -> Booking:
    """Moves the booking's first appointment to `start` (and `staff_id`, default the same)."""
    now = clock.now()
    current = (
        Reservation.objects.filter(tenant=tenant, booking_id=booking_id, live=True)
        .order_by("start", "id")
        .values_list("pk", "staff_id", "service_id")
        .first()
    )
    if current is None:
        # Nothing live to move: a cancelled or run-out booking, or none of this tenant's.
        ended = Booking.objects.filter(tenant=tenant, pk=booking_id).first()
        if ended is None:
            raise BookingNotFound(detail={"booking": str(booking_id)})
        raise BookingNotConfirmed(
            detail={"status": booking_effective_status(booking=ended, now=now)}
        )
    moved_id, old_staff_id, service_id = current
    new_staff_id = staff_id or old_staff_id
    locked = {old_staff_id, new_staff_id}
    staff_lock(staff_ids=locked)
    stale_reservations_expire(staff_ids=locked, now=now)
    booking = booking_lock(tenant_id=tenant.id, booking_id=booking_id)
    if booking is None:
        raise BookingNotFound(detail={"booking": str(booking_id)})
    if booking_effective_status(booking=booking, now=now) != Booking.Status.CONFIRMED:
        raise BookingNotConfirmed(detail={"status": booking.status})
    reservations = reservations_lock(booking)
    moved = next((r for r in reservations if r.pk == moved_id and r.live), None)
    if moved is None:
        raise SlotUnavailable(detail={"reason": "booking_changed"})
    service = moved.service
    staff = (
        staff_list(tenant=tenant, service=service, active_only=True).filter(pk=new_staff_id).first()
    )
    if staff is None:
        raise StaffNotFound(detail={"staff": str(new_staff_id), "service": str(service.id)})
    if not schedule_allows_start(tenant=tenant, service=service, staff=staff, start=start, now=now):
        raise SlotUnavailable(
            "The schedule does not offer this start.",
            detail={"reason": "not_offered", "start": start.isoformat()},
        )
    end = start + datetime.timedelta(minutes=service.duration_minutes)
    blocked_start = start - datetime.timedelta(minutes=service.buffer_before_minutes)
    blocked_end = end + datetime.timedelta(minutes=service.buffer_after_minutes)
    if overlap_exists(
        staff_id=staff.pk,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        now=now,
        exclude_ids=[moved.pk],
    ):
        raise SlotUnavailable(detail={"reason": "taken", "start": start.isoformat()})
    claims_end([moved], state=Reservation.State.RELEASED, now=now)
    new = Reservation(
        tenant=tenant,
        staff=staff,
        service=service,
        booking=booking,
        start=start,
        end=end,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        state=Reservation.State.BOOKED,
        live=True,
        expires_at=None,
    )
    claim_save(new, force_insert=True)
    return booking_moved(
        tenant=tenant,
        booking=booking,
        moved=moved,
        arrived=new,
        live=reservations,
        now=now,
        dedupe_key=f"booking:{booking.id}:moved:{new.id}",
    )
