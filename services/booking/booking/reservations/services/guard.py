"""The one guard for every claim on a staff member's time.

Every write that makes a reservation live locks the staff rows (in primary key
order, so two writers never wait on each other in a circle), expires that
staff's stale reservations, checks for an overlap and writes. The exclusion
constraint `reservation_no_overlap` is the last word: if it fires anyway the
caller gets `SlotUnavailable`, never a 500. On SQLite, where select_for_update
does nothing, the immediate transactions of the settings serialise writers.
"""

import contextlib
import datetime
from collections.abc import Iterable
from uuid import UUID

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models.sql import InsertQuery
from plumbing.metrics import count_holds

from booking.catalog.models import Staff
from booking.common.sql import placeholders, rows

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


def claims_end(reservations: Iterable[Reservation], *, state: str, now: datetime.datetime) -> None:
    """Ends these reservations' claims on their time (released or expired), in the database
    and on the objects, so what the transaction tells after its commit (the live
    availability events) is what it wrote."""
    reservations = list(reservations)
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        state=state, live=False, updated_at=now
    )
    for reservation in reservations:
        reservation.state, reservation.live, reservation.updated_at = state, False, now


def overlap_exists(
    *,
    staff_id: UUID,
    blocked_start: datetime.datetime,
    blocked_end: datetime.datetime,
    now: datetime.datetime,
    exclude_ids: Iterable[UUID] = (),
) -> bool:
    """Whether a live, unexpired claim of the staff member overlaps the range: a lost hold's
    one query, in SQL (booking.common.sql)."""
    excluded = list(exclude_ids)
    found = rows(
        "SELECT 1 FROM {table} WHERE staff_id = %s AND live AND blocked_start < %s"
        " AND blocked_end > %s AND (expires_at IS NULL OR expires_at > %s)"
        + (f" AND id NOT IN ({placeholders(len(excluded))})" if excluded else "")
        + " LIMIT 1",
        Reservation,
        ("staff", staff_id),
        ("blocked_start", blocked_end),
        ("blocked_end", blocked_start),
        ("expires_at", now),
        ("id", excluded),
    )
    return bool(found)


def is_overlap_violation(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == NO_OVERLAP


def claim_save(reservation: Reservation, **save_kwargs) -> None:
    """Saves a live reservation; a lost race on the constraint becomes a 409.

    No savepoint of its own: the 409 leaves the caller's atomic block, which rolls
    back (to its own savepoint when nested, e.g. under an Idempotency-Key record).
    """
    with _lost_race_is_taken():
        reservation.save(**save_kwargs)


@contextlib.contextmanager
def _lost_race_is_taken():
    """A claim that lost its race on the exclusion constraint answers 409 slot_unavailable."""
    try:
        yield
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


def _expire_and_insert_sql(reservation: Reservation, now: datetime.datetime):
    """One statement: expire the staff member's run-out claims, then insert the new one.

    The INSERT reads its row from the count of the expired rows, so every UPDATE is done
    before the row meets the exclusion constraint. It answers how many rows it expired.
    """
    insert = InsertQuery(Reservation)
    insert.insert_values(Reservation._meta.concrete_fields, [reservation])
    [(insert_sql, insert_params)] = insert.get_compiler(connection=connection).as_sql()
    head, values = insert_sql.split(" VALUES ", 1)
    table = connection.ops.quote_name(Reservation._meta.db_table)
    sql = (
        f"WITH expired AS (UPDATE {table} SET state = %s, live = false, updated_at = %s "
        f"WHERE staff_id = %s AND live AND expires_at <= %s RETURNING 1), "
        f"counted AS (SELECT count(*) AS n FROM expired), "
        f"inserted AS ({head} SELECT {values.strip()[1:-1]} FROM counted RETURNING 1) "
        f"SELECT n, (SELECT count(*) FROM inserted) FROM counted"
    )
    params = [Reservation.State.EXPIRED, now, reservation.staff_id, now, *insert_params]
    return sql, params


def claim_expire_and_insert(reservation: Reservation, *, now: datetime.datetime) -> None:
    """Expires the staff member's stale claims and inserts a live one, without a lock.

    On PostgreSQL in one round trip, with the exclusion constraint as the arbiter: a
    lost race is its violation (or the deadlock two exclusion checks can raise), a 409.
    Elsewhere (SQLite, whose writers are serialised by immediate transactions and which
    has no exclusion constraint) it expires, checks for an overlap and saves.
    """
    if connection.vendor != "postgresql":
        stale_reservations_expire(staff_ids=[reservation.staff_id], now=now)
        if overlap_exists(
            staff_id=reservation.staff_id,
            blocked_start=reservation.blocked_start,
            blocked_end=reservation.blocked_end,
            now=now,
        ):
            raise SlotUnavailable(detail={"reason": "taken"})
        claim_save(reservation, force_insert=True)
        return
    sql, params = _expire_and_insert_sql(reservation, now)
    with _lost_race_is_taken(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        expired, _ = cursor.fetchone()
    reservation._state.adding = False
    reservation._state.db = connection.alias
    if expired:
        transaction.on_commit(lambda: count_holds("expired", expired), robust=True)
