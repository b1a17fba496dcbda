"""Reads of availability, always scoped to one tenant."""

import datetime

from booking.catalog.models import Service, Staff
from booking.catalog.selectors import day_off_list, working_hours_list
from booking.tenants.models import Tenant

from . import engine


def schedule_build(*, staff: Staff, working_hours, days_off) -> engine.Schedule:
    """The engine's view of a staff member from their working-hours and day-off rows."""
    hours: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
    for row in working_hours:
        hours.setdefault(row.weekday, []).append((row.start_time, row.end_time))
    return engine.Schedule(
        interval_minutes=staff.slot_interval_minutes,
        hours=hours,
        days_off=[(row.start_date, row.end_date) for row in days_off],
    )


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
    booking horizon allow it (so never in the past). Two queries.
    """
    if start.tzinfo is None or start.timestamp() != int(start.timestamp()):
        return False
    zone = tenant.zone
    window = engine.BookingWindow.build(
        now=now,
        zone=zone,
        minimum_notice_minutes=tenant.minimum_notice_minutes,
        booking_horizon_days=tenant.booking_horizon_days,
    )
    moment = engine.epoch(start)
    if not window.allows(moment):
        return False
    day = start.astimezone(zone).date()
    schedule = schedule_build(
        staff=staff,
        working_hours=working_hours_list(tenant=tenant, staff=staff).filter(weekday=day.weekday()),
        days_off=day_off_list(tenant=tenant, staff=staff).filter(
            start_date__lte=day, end_date__gte=day
        ),
    )
    return moment in engine.schedule_starts(schedule, day, zone, service.duration_minutes)
