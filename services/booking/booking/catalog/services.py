"""Writes of the catalog. Every change tells availability what it made stale, after commit."""

import datetime
from collections import Counter
from collections.abc import Iterable
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from booking.availability.cache import (
    availability_changed_for_staff,
    availability_changed_for_tenant,
)
from booking.tenants.errors import PlanLimitReached
from booking.tenants.models import Tenant

from .errors import (
    DayOffEndBeforeStart,
    DayOffOutOfWindow,
    DayOffTooLong,
    DuplicateServiceName,
    ServiceInUse,
    StaffInUse,
    TooManyDaysOff,
    TooManyServices,
    TooManyStaff,
    TooManyWorkingHours,
    UnknownServices,
    WorkingHoursEndBeforeStart,
    WorkingHoursOverlap,
)
from .models import DayOff, Service, Staff, WorkingHours

SERVICE_FIELDS = {
    "name",
    "description",
    "duration_minutes",
    "price_amount",
    "currency",
    "down_payment_percent",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "active",
}
STAFF_FIELDS = {"name", "email", "slot_interval_minutes", "active"}

# Bounds on what one client's requests may make the platform store and recompute; each
# answers 400 with its own code (docs/architecture.md §3).
MAX_SERVICES_PER_TENANT = 500
# Staff members of a tenant, active or not: the plan counts only active ones (and Enterprise
# none), but every one of them is listed and may be made bookable again.
MAX_STAFF_PER_TENANT = 500
MAX_WORKING_HOURS_PER_DAY = 8
MAX_DAY_OFF_DAYS = 366
# Days off may start a year back (to record a past absence) and end a year past the horizon.
DAY_OFF_WINDOW_MARGIN_DAYS = 366
MAX_DAYS_OFF_PER_STAFF = 200  # those ending inside the window
# A change to more days than this replaces the staff member's one version token instead of
# one token a day: invalidation never costs more than the span it is allowed.
MAX_DATES_INVALIDATED = 62


# Both take ids: a row knows its tenant's and staff member's ids without loading them.
def _tenant_changed(tenant_id: UUID) -> None:
    transaction.on_commit(lambda: availability_changed_for_tenant(tenant_id=tenant_id))


def _staff_changed(
    tenant_id: UUID, staff_id: UUID, dates: list[datetime.date] | None = None
) -> None:
    transaction.on_commit(
        lambda: availability_changed_for_staff(tenant_id=tenant_id, staff_id=staff_id, dates=dates)
    )


def _staff_dates_changed(
    tenant_id: UUID, staff_id: UUID, start: datetime.date, end: datetime.date
) -> None:
    span = (end - start).days + 1
    dates = (
        None
        if span > MAX_DATES_INVALIDATED
        else [start + datetime.timedelta(days=n) for n in range(span)]
    )
    _staff_changed(tenant_id, staff_id, dates)


def _save_service(service: Service) -> Service:
    service.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError:
        raise DuplicateServiceName(detail={"name": service.name})
    return service


@transaction.atomic
def service_create(*, tenant: Tenant, name: str, duration_minutes: int, **fields) -> Service:
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()
    if Service.objects.filter(tenant=tenant).count() >= MAX_SERVICES_PER_TENANT:
        raise TooManyServices(detail={"limit": MAX_SERVICES_PER_TENANT})
    service = Service(
        tenant=tenant,
        name=name,
        duration_minutes=duration_minutes,
        **{k: v for k, v in fields.items() if k in SERVICE_FIELDS},
    )
    _save_service(service)
    _tenant_changed(tenant.id)
    return service


@transaction.atomic
def service_update(*, service: Service, **fields) -> Service:
    for name, value in fields.items():
        if name in SERVICE_FIELDS:
            setattr(service, name, value)
    _save_service(service)
    _tenant_changed(service.tenant_id)
    return service


@transaction.atomic
def service_delete(*, service: Service) -> None:
    try:
        with transaction.atomic():
            service.delete()
    except ProtectedError:
        raise ServiceInUse(detail={"service": str(service.id)})
    _tenant_changed(service.tenant_id)


def _services_of_tenant(tenant: Tenant, service_ids: Iterable[UUID]) -> list[Service]:
    ids = set(service_ids)
    services = list(Service.objects.filter(tenant=tenant, pk__in=ids))
    if len(services) != len(ids):
        missing = sorted(str(i) for i in ids - {s.pk for s in services})
        raise UnknownServices(detail={"services": missing})
    return services


def _ensure_room_for_staff(tenant: Tenant) -> None:
    """Counts active staff under a lock on the tenant, so two requests cannot both pass."""
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()
    limit = tenant.plan_limits.staff_members
    if limit is not None and Staff.objects.filter(tenant=tenant, active=True).count() >= limit:
        raise PlanLimitReached(
            f"The {tenant.plan} plan allows {limit} active staff member(s).",
            detail={"limit": "staff_members", "allowed": limit, "plan": tenant.plan},
        )


@transaction.atomic
def staff_create(*, tenant: Tenant, name: str, service_ids: Iterable[UUID] = (), **fields) -> Staff:
    """Adds a staff member within the plan's limit and the platform's."""
    _ensure_room_for_staff(tenant)  # locks the tenant
    if Staff.objects.filter(tenant=tenant).count() >= MAX_STAFF_PER_TENANT:
        raise TooManyStaff(detail={"limit": MAX_STAFF_PER_TENANT})
    services = _services_of_tenant(tenant, service_ids)
    staff = Staff(
        tenant=tenant, name=name, **{k: v for k, v in fields.items() if k in STAFF_FIELDS}
    )
    staff.full_clean()
    staff.save()
    staff.services.set(services)
    _tenant_changed(tenant.id)
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, service_ids: Iterable[UUID] | None = None, **fields) -> Staff:
    if fields.get("active") and not staff.active:
        _ensure_room_for_staff(staff.tenant)
    for name, value in fields.items():
        if name in STAFF_FIELDS:
            setattr(staff, name, value)
    staff.full_clean()
    staff.save()
    if service_ids is not None:
        staff.services.set(_services_of_tenant(staff.tenant, service_ids))
    _tenant_changed(staff.tenant_id)
    return staff


@transaction.atomic
def staff_delete(*, staff: Staff) -> None:
    try:
        with transaction.atomic():
            staff.delete()
    except ProtectedError:
        raise StaffInUse(detail={"staff": str(staff.id)})
    _tenant_changed(staff.tenant_id)


def _check_intervals(intervals: list[tuple[int, datetime.time, datetime.time]]) -> None:
    per_day = Counter(weekday for weekday, _, _ in intervals)
    crowded = [day for day, count in per_day.items() if count > MAX_WORKING_HOURS_PER_DAY]
    if crowded:
        raise TooManyWorkingHours(
            detail={"weekday": min(crowded), "limit": MAX_WORKING_HOURS_PER_DAY}
        )
    for weekday, start, end in intervals:
        if end <= start:
            raise WorkingHoursEndBeforeStart(
                detail={"weekday": weekday, "start_time": str(start), "end_time": str(end)}
            )
    ordered = sorted(intervals)
    for (day_a, _, end_a), (day_b, start_b, _) in zip(ordered, ordered[1:], strict=False):
        if day_a == day_b and start_b < end_a:
            raise WorkingHoursOverlap(detail={"weekday": day_a})


@transaction.atomic
def working_hours_replace(
    *, staff: Staff, intervals: list[tuple[int, datetime.time, datetime.time]]
) -> list[WorkingHours]:
    """Sets a staff member's whole week at once: several intervals a day make breaks."""
    _check_intervals(intervals)
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    WorkingHours.objects.filter(staff=staff).delete()
    rows = []
    for weekday, start, end in sorted(intervals):
        row = WorkingHours(
            tenant_id=staff.tenant_id, staff=staff, weekday=weekday, start_time=start, end_time=end
        )
        row.full_clean(validate_constraints=False)
        rows.append(row)
    WorkingHours.objects.bulk_create(rows)
    _staff_changed(staff.tenant_id, staff.id)
    return rows


@transaction.atomic
def working_hours_add(
    *, staff: Staff, weekday: int, start_time: datetime.time, end_time: datetime.time
) -> WorkingHours:
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    existing = [
        (w.weekday, w.start_time, w.end_time)
        for w in WorkingHours.objects.filter(staff=staff, weekday=weekday)
    ]
    _check_intervals(existing + [(weekday, start_time, end_time)])
    row = WorkingHours(
        tenant_id=staff.tenant_id,
        staff=staff,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
    )
    row.full_clean(validate_constraints=False)
    row.save()
    _staff_changed(staff.tenant_id, staff.id)
    return row


@transaction.atomic
def working_hours_delete(*, working_hours: WorkingHours) -> None:
    working_hours.delete()
    _staff_changed(working_hours.tenant_id, working_hours.staff_id)


def day_off_window(*, tenant: Tenant, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last dates a day off may cover, from the tenant's today."""
    margin = datetime.timedelta(days=DAY_OFF_WINDOW_MARGIN_DAYS)
    return today - margin, today + datetime.timedelta(days=tenant.booking_horizon_days) + margin


@transaction.atomic
def day_off_create(
    *, staff: Staff, start_date: datetime.date, end_date: datetime.date, reason: str = ""
) -> DayOff:
    dates = {"start_date": str(start_date), "end_date": str(end_date)}
    if end_date < start_date:
        raise DayOffEndBeforeStart(detail=dates)
    if (end_date - start_date).days + 1 > MAX_DAY_OFF_DAYS:
        raise DayOffTooLong(detail=dates | {"max_days": MAX_DAY_OFF_DAYS})
    tenant = staff.tenant
    first, last = day_off_window(tenant=tenant, today=timezone.now().astimezone(tenant.zone).date())
    if start_date < first or end_date > last:
        raise DayOffOutOfWindow(detail=dates | {"earliest": str(first), "latest": str(last)})
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    if DayOff.objects.filter(staff=staff, end_date__gte=first).count() >= MAX_DAYS_OFF_PER_STAFF:
        raise TooManyDaysOff(detail={"limit": MAX_DAYS_OFF_PER_STAFF})
    day_off = DayOff(
        tenant_id=staff.tenant_id,
        staff=staff,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )
    day_off.full_clean(validate_constraints=False)
    day_off.save()
    _staff_dates_changed(staff.tenant_id, staff.id, start_date, end_date)
    return day_off


@transaction.atomic
def day_off_delete(*, day_off: DayOff) -> None:
    day_off.delete()
    _staff_dates_changed(day_off.tenant_id, day_off.staff_id, day_off.start_date, day_off.end_date)
