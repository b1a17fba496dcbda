"""The one guard for every claim on a staff member's time.

Every write that makes a reservation live locks the staff rows (in primary key
order, so two writers never wait on each other in a circle), expires that
staff's stale reservations, checks for an overlap and writes. The exclusion
constraint `reservation_no_overlap` is the last word: if it fires anyway the
caller gets `SlotUnavailable`, never a 500. On SQLite, where select_for_update
does nothing, the immediate transactions of the settings serialise writers.
"""

import datetime
from collections.abc import Iterable
from uuid import UUID

from django.db import IntegrityError, OperationalError, transaction
from plumbing.metrics import count_holds

from booking.catalog.models import Staff

from ..errors import SlotUnavailable
from ..models import Reservation

NO_OVERLAP = "reservation_no_overlap"
DEADLOCK_DETECTED = "40P01"


def staff_lock(*, staff_ids: Iterable[UUID]) -> list[Staff]:
    """Locks the staff rows in primary key order until the transaction ends."""
    # NO KEY UPDATE serialises the writers of one staff member's time just as well, and
    # lets unrelated inserts that reference the staff row (its KEY SHARE) go on.
    staff = Staff.objects.select_for_update(no_key=True).filter(pk__in=set(staff_ids))
    return list(staff.order_by("pk"))


def stale_reservations_expire(*, staff_ids: Iterable[UUID], now: datetime.datetime) -> None:
    """Marks the locked staff members' run-out reservations expired.

    Their bookings are not touched here: a pending booking past its deadline
    reads as expired anyway, and leaving booking rows alone keeps the lock order
    (staff, then reservations) free of cycles with the booking transitions.
    """
    expired = Reservation.objects.filter(
        staff_id__in=set(staff_ids), live=True, expires_at__lte=now
    ).update(state=Reservation.State.EXPIRED, live=False, updated_at=now)
    if expired:
        # Holds (and unverified or unpaid bookings' claims) that ran out unconfirmed.
        transaction.on_commit(lambda: count_holds("expired", expired), robust=True)


def overlap_exists(
    *,
    staff_id: UUID,
    blocked_start: datetime.datetime,
    blocked_end: datetime.datetime,
    now: datetime.datetime,
    exclude_ids: Iterable[UUID] = (),
) -> bool:
    claims = Reservation.objects.filter(
        staff_id=staff_id,
        live=True,
        blocked_start__lt=blocked_end,
        blocked_end__gt=blocked_start,
    ).exclude(expires_at__lte=now)
    return claims.exclude(pk__in=list(exclude_ids)).exists()


def is_overlap_violation(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == NO_OVERLAP


def claim_save(reservation: Reservation, **save_kwargs) -> None:
    """Saves a live reservation; a lost race on the constraint becomes a 409.

    No savepoint of its own: the 409 leaves the caller's atomic block, which rolls
    back (to its own savepoint when nested, e.g. under an Idempotency-Key record).
    """
    try:
        reservation.save(**save_kwargs)
    except IntegrityError as error:
        if is_overlap_violation(error):
            raise SlotUnavailable(detail={"reason": "taken"}) from error
        raise
    except OperationalError as error:
        # Two conflicting rows inserted at the same moment may each wait for the other in
        # the exclusion check; PostgreSQL then aborts one with a deadlock (unlike a unique
        # index, which has its own protocol for this). The other wins: a clean 409 here.
        if getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED:
            raise SlotUnavailable(detail={"reason": "taken"}) from error
        raise
