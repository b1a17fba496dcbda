"""Reads of availability, always scoped to one tenant."""

import bisect
import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import BigIntegerField, Func, Q

from booking.catalog.models import DayOff, Service, Staff, WorkingHours
from booking.catalog.selectors import staff_get
from booking.reservations.models import Reservation
from booking.tenants.models import Tenant

from . import engine
from .cache import (
    DayEntry,
    entries_get,
    entries_set,
    signature_of,
    tenant_version_key,
    versions_current,
)
from .engine import day_bounds, epoch
from .errors import StaffNotOfferingService
from .snapshot import giver_get, givers_of, snapshot_confirm, staff_schedule_of


def schedule_allows_start(
    *,
    tenant: Tenant,
    service: Service,
    staff: Staff,
    start: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """Whether the staff member's schedule offers exactly this start, reservations disregarded.

    True when the service fits a working interval from this start, the start is on the
    staff member's grid, the day is not a day off, and the tenant's minimum notice and
    booking horizon allow it (so never in the past). The working hours and days off come
    from the catalog snapshot when the tenant does (no query), else two queries.
    """
    if start.tzinfo is None or start.timestamp() != int(start.timestamp()):
        return False
    moment = epoch(start)
    if not _window(tenant, now).allows(moment):
        return False
    zone = tenant.zone
    day = start.astimezone(zone).date()
    rows = staff_schedule_of(tenant=tenant, staff=staff)
    if not rows.hours.get(day.weekday()):
        return False
    schedule = engine.Schedule(
        interval_minutes=staff.slot_interval_minutes,
        hours={day.weekday(): rows.hours[day.weekday()]},
        days_off=[(first, last) for first, last in rows.days_off if first <= day <= last],
    )
    return moment in engine.schedule_starts(schedule, day, zone, service.duration_minutes)


@dataclass(frozen=True, kw_only=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    staff: Staff
    held_by_you: bool = False


@dataclass(frozen=True, kw_only=True)
class CalendarDay:
    date: datetime.date
    status: str


class DayStatus:
    AVAILABLE = "available"
    FULL = "full"
    OFF = "off"
    PAST = "past"
    OUT_OF_RANGE = "out_of_range"


# (value, label) pairs, as ChoiceField and drf-spectacular's ENUM_NAME_OVERRIDES take them.
DAY_STATUS_CHOICES = [
    (status, status)
    for status in (
        DayStatus.AVAILABLE,
        DayStatus.FULL,
        DayStatus.OFF,
        DayStatus.PAST,
        DayStatus.OUT_OF_RANGE,
    )
]


class EpochSeconds(Func):
    """A timestamp column as whole POSIX seconds, computed by the database.

    Thousands of reservations are read per month of staff=any; integers load several
    times faster than datetimes. Starts round down and ends (ceil=True) up, so a range
    never shrinks.
    """

    output_field = BigIntegerField()

    def __init__(self, expression, *, ceil: bool = False):
        super().__init__(expression)
        self.rounding = "CEIL" if ceil else "FLOOR"

    def as_postgresql(self, compiler, connection, **extra):
        template = f"CAST({self.rounding}(EXTRACT(EPOCH FROM %(expressions)s)) AS bigint)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores UTC text; julianday() reads it, 2440587.5 is the Unix epoch.
        seconds = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        shift = "- 0.4999" if self.rounding == "FLOOR" else "+ 0.4999"
        rounded = f"ROUND({seconds} {shift})"
        return self.as_sql(compiler, connection, template=f"CAST({rounded} AS integer)", **extra)


def _service_signature(tenant: Tenant, service: Service) -> str:
    # Part of the cache key: an edited service (or a moved tenant) never meets old entries,
    # even if a writer forgot a hook.
    return signature_of(
        service.id,
        service.duration_minutes,
        service.buffer_before_minutes,
        service.buffer_after_minutes,
        service.updated_at.timestamp(),
        tenant.timezone,
    )


def _dates(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _local_dates(start: int, end: int, zone) -> tuple[datetime.date, datetime.date]:
    """The tenant-local dates an instant range [start, end) touches."""
    return (
        datetime.datetime.fromtimestamp(start, zone).date(),
        datetime.datetime.fromtimestamp(end - 1, zone).date(),
    )


def _days_compute(
    *,
    tenant: Tenant,
    service: Service,
    staff_members: list[Staff],
    dates: list[datetime.date],
    now: datetime.datetime,
    versions: dict,
) -> dict[tuple, DayEntry]:
    """Computes the (staff, date) days asked with three queries whatever their number."""
    zone = tenant.zone
    first, last = min(dates), max(dates)
    staff_ids = [member.id for member in staff_members]
    hours_rows = WorkingHours.objects.filter(tenant=tenant, staff_id__in=staff_ids).values_list(
        "staff_id", "weekday", "start_time", "end_time"
    )
    off_rows = DayOff.objects.filter(
        tenant=tenant, staff_id__in=staff_ids, start_date__lte=last, end_date__gte=first
    ).values_list("staff_id", "start_date", "end_date")
    before = service.buffer_before_minutes * 60
    after = service.buffer_after_minutes * 60
    low = day_bounds(first, zone)[0] - before
    high = day_bounds(last, zone)[1] + after
    reservation_rows = (
        Reservation.objects.filter(
            tenant=tenant,
            staff_id__in=staff_ids,
            live=True,
            blocked_start__lt=datetime.datetime.fromtimestamp(high, datetime.UTC),
            blocked_end__gt=datetime.datetime.fromtimestamp(low, datetime.UTC),
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list(
            "staff_id",
            EpochSeconds("blocked_start"),
            EpochSeconds("blocked_end", ceil=True),
            EpochSeconds("start"),
            "expires_at",
        )
    )

    hours: dict = {staff_id: {} for staff_id in staff_ids}
    for staff_id, weekday, start, end in hours_rows:
        hours[staff_id].setdefault(weekday, []).append((start, end))
    days_off: dict = {staff_id: [] for staff_id in staff_ids}
    for staff_id, start_date, end_date in off_rows:
        days_off[staff_id].append((start_date, end_date))
    busy: dict = {staff_id: [] for staff_id in staff_ids}
    starts: dict = {staff_id: [] for staff_id in staff_ids}
    holds: dict = {staff_id: [] for staff_id in staff_ids}
    for staff_id, blocked_start, blocked_end, start, expires_at in reservation_rows:
        busy[staff_id].append((blocked_start, blocked_end))
        starts[staff_id].append(start)
        if expires_at is not None:
            holds[staff_id].append((blocked_start, blocked_end, epoch(expires_at)))

    bounds = {day: day_bounds(day, zone) for day in dates}
    computed = {}
    for member in staff_members:
        schedule = engine.Schedule(
            interval_minutes=member.slot_interval_minutes,
            hours=hours[member.id],
            days_off=days_off[member.id],
        )
        busy_starts, busy_ends = engine.merge_busy(busy[member.id])
        member_starts = sorted(starts[member.id])
        for day in dates:
            if (member.id, day) not in versions:
                continue
            day_start, day_end = bounds[day]
            offered = engine.schedule_starts(schedule, day, zone, service.duration_minutes)
            free = engine.free_starts(
                offered,
                duration_minutes=service.duration_minutes,
                buffer_before_minutes=service.buffer_before_minutes,
                buffer_after_minutes=service.buffer_after_minutes,
                busy_starts=busy_starts,
                busy_ends=busy_ends,
            )
            expiries = [
                expires_at
                for blocked_start, blocked_end, expires_at in holds[member.id]
                if blocked_start < day_end + after and blocked_end > day_start - before
            ]
            computed[(member.id, day)] = DayEntry(
                versions=versions[(member.id, day)],
                valid_until=min(expiries) if expiries else None,
                booked=bisect.bisect_left(member_starts, day_end)
                - bisect.bisect_left(member_starts, day_start),
                starts=tuple(offered),
                free=tuple(free),
            )
    return computed


def _days_get(
    *,
    tenant: Tenant,
    service: Service,
    staff_members: list[Staff],
    dates: list[datetime.date],
    now: datetime.datetime,
    unchecked_version: str | None,
) -> dict[tuple, DayEntry]:
    """Every (staff, date) day asked: from the cache where still valid, else computed.

    `unchecked_version`: the version of the tenant's snapshot when the caller did not check
    it (snapshot.tenant_unchecked); the tenant's token read here, before anything is
    computed, confirms it or raises SnapshotStale.
    """
    if not staff_members or not dates:
        if unchecked_version is not None:
            key = tenant_version_key(tenant.id)
            versions = versions_current([key])
            snapshot_confirm(
                unchecked_version=unchecked_version,
                current_version=versions[key] if versions is not None else None,
            )
        return {}
    signature = _service_signature(tenant, service)
    lookup = entries_get(
        tenant_id=tenant.id,
        signature=signature,
        staff_ids=[member.id for member in staff_members],
        dates=dates,
        now=epoch(now),
    )
    snapshot_confirm(unchecked_version=unchecked_version, current_version=lookup.tenant_version)
    days = dict(lookup.entries)
    missing = [
        (member, day) for member in staff_members for day in dates if (member.id, day) not in days
    ]
    if missing:
        missing_staff = list({member.id: member for member, _ in missing}.values())
        missing_dates = sorted({day for _, day in missing})
        # Without a cache answer every pair is computed and stored nowhere.
        versions = lookup.versions or {(member.id, day): () for member, day in missing}
        wanted = {(member.id, day): versions[(member.id, day)] for member, day in missing}
        computed = _days_compute(
            tenant=tenant,
            service=service,
            staff_members=missing_staff,
            dates=_dates(missing_dates[0], missing_dates[-1]),
            now=now,
            versions=wanted,
        )
        entries_set(signature=signature, entries=computed)
        days.update(computed)
    return days


def _window(tenant: Tenant, now: datetime.datetime) -> engine.BookingWindow:
    return engine.BookingWindow.build(
        now=now,
        zone=tenant.zone,
        minimum_notice_minutes=tenant.minimum_notice_minutes,
        booking_horizon_days=tenant.booking_horizon_days,
    )


def _tenant_dates_for(
    tenant: Tenant, window: engine.BookingWindow, start: int, end: int
) -> list[datetime.date]:
    """Tenant-local dates that may hold offered starts in [start, end)."""
    start = max(start, window.now)
    end = min(end, window.horizon_end)
    if start >= end:
        return []
    first, last = _local_dates(start, end, tenant.zone)
    return _dates(first, last)


def _between(values: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    return values[bisect.bisect_left(values, start) : bisect.bisect_left(values, end)]


def _held_reservations(
    *, tenant: Tenant, service: Service, staff: Staff | None, cart, start: int, end: int, now
):
    """The caller's own live holds of this service starting in [start, end)."""
    if cart is None:
        return []
    held = (
        Reservation.objects.live_holds(now)
        .filter(
            tenant=tenant,
            cart=cart,
            service=service,
            start__gte=datetime.datetime.fromtimestamp(start, datetime.UTC),
            start__lt=datetime.datetime.fromtimestamp(end, datetime.UTC),
        )
        .select_related("staff")
        .order_by("start", "id")
    )
    if staff is not None:
        held = held.filter(staff=staff)
    return list(held)


def slot_list(
    *,
    tenant: Tenant,
    service: Service,
    staff: Staff | None,
    staff_members: list[Staff],
    day: datetime.date,
    zone,
    now: datetime.datetime,
    cart=None,
    unchecked_version: str | None = None,
) -> list[Slot]:
    """The starts offered on one date of the customer's zone, earliest first.

    `staff` None means any staff member: each start names the one who has the
    fewest reservations on that (tenant-local) date, then the first by name. The
    caller's own holds (its cart) are listed with held_by_you, though they block
    the time for everyone else.
    """
    window = _window(tenant, now)
    day_start, day_end = day_bounds(day, zone)
    members = [staff] if staff is not None else staff_members
    dates = _tenant_dates_for(tenant, window, day_start, day_end)
    days = _days_get(
        tenant=tenant,
        service=service,
        staff_members=members,
        dates=dates,
        now=now,
        unchecked_version=unchecked_version,
    )
    low, high = max(day_start, window.earliest), min(day_end, window.horizon_end)
    chosen: dict[int, tuple] = {}
    for order, member in enumerate(members):
        for date in dates:
            entry = days[(member.id, date)]
            for start in _between(entry.free, low, high):
                rank = (entry.booked, order)
                if start not in chosen or rank < chosen[start][0]:
                    chosen[start] = (rank, member)
    duration = datetime.timedelta(minutes=service.duration_minutes)
    slots = {
        start: Slot(
            start=datetime.datetime.fromtimestamp(start, zone),
            end=datetime.datetime.fromtimestamp(start, zone) + duration,
            staff=member,
        )
        for start, (_, member) in chosen.items()
    }
    for hold in _held_reservations(
        tenant=tenant,
        service=service,
        staff=staff,
        cart=cart,
        start=day_start,
        end=day_end,
        now=now,
    ):
        slots[epoch(hold.start)] = Slot(
            start=hold.start.astimezone(zone),
            end=hold.end.astimezone(zone),
            staff=hold.staff,
            held_by_you=True,
        )
    return [slots[start] for start in sorted(slots)]


def calendar_day_list(
    *,
    tenant: Tenant,
    service: Service,
    staff: Staff | None,
    staff_members: list[Staff],
    month: datetime.date,
    zone,
    now: datetime.datetime,
    cart=None,
    unchecked_version: str | None = None,
) -> list[CalendarDay]:
    """Each date of a month in the customer's zone with its status, for greying days out.

    past: before today, or today after its last working start; out_of_range: beyond
    the booking horizon; off: nobody works; full: work but no free start (booked,
    or within the minimum notice); available: at least one start is offered (the
    caller's own hold counts).
    """
    window = _window(tenant, now)
    members = [staff] if staff is not None else staff_members
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    month_days = _dates(month, next_month - datetime.timedelta(days=1))
    month_start, month_end = day_bounds(month, zone)[0], day_bounds(next_month, zone)[0]
    dates = _tenant_dates_for(tenant, window, month_start, month_end)
    days = _days_get(
        tenant=tenant,
        service=service,
        staff_members=members,
        dates=dates,
        now=now,
        unchecked_version=unchecked_version,
    )
    held_days = {
        hold.start.astimezone(zone).date()
        for hold in _held_reservations(
            tenant=tenant,
            service=service,
            staff=staff,
            cart=cart,
            start=month_start,
            end=month_end,
            now=now,
        )
    }
    today = datetime.datetime.fromtimestamp(window.now, zone).date()
    result = []
    for day in month_days:
        day_start, day_end = day_bounds(day, zone)
        if day < today:
            status = DayStatus.PAST
        elif day_start >= window.horizon_end:
            status = DayStatus.OUT_OF_RANGE
        else:
            status = _day_status(
                days=days,
                members=members,
                dates=_local_dates(day_start, day_end, tenant.zone),
                window=window,
                day_start=day_start,
                day_end=min(day_end, window.horizon_end),
            )
            if day in held_days:
                status = DayStatus.AVAILABLE
        result.append(CalendarDay(date=day, status=status))
    return result


def _day_status(*, days, members, dates, window, day_start: int, day_end: int) -> str:
    works = works_later = False
    for member in members:
        for date in _dates(*dates):
            entry = days.get((member.id, date))
            if entry is None:
                continue
            if _between(entry.free, max(day_start, window.earliest), day_end):
                return DayStatus.AVAILABLE
            works = works or bool(_between(entry.starts, day_start, day_end))
            works_later = works_later or bool(
                _between(entry.starts, max(day_start, window.now), day_end)
            )
    if works and not works_later:
        return DayStatus.PAST
    return DayStatus.FULL if works else DayStatus.OFF


def bookable_staff_list(
    *, tenant: Tenant, service: Service, staff_id: UUID | None
) -> tuple[Staff | None, list[Staff]]:
    """The staff member asked for (None for any) and the active ones who give the service.

    From the catalog snapshot when the tenant came from it; else one query, two when the
    staff member asked for does not give it (to say why).
    """
    if staff_id is None:
        return None, givers_of(tenant=tenant, service=service)
    member = giver_get(tenant=tenant, service=service, staff_id=staff_id)
    if member is None:
        staff_get(tenant=tenant, staff_id=staff_id, active_only=True)
        raise StaffNotOfferingService(detail={"staff": str(staff_id), "service": str(service.id)})
    return member, [member]
