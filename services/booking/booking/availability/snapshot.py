"""A per-process snapshot of each tenant's catalog: the rows the widget's hot path reads.

Every public read and hold needs the tenant, the service, the staff members who give it
and (for a hold) one staff member's working hours and days off; they rarely change. Each
process keeps the rows it loaded together with the availability cache's version tokens it
read BEFORE loading them (availability/cache.py), and uses them while those tokens are
current: one cache read instead of four or five queries. The database stays the one source
of truth and the rules stay in the engine and selectors; this keeps rows, never a second
copy of a rule.

Exact, like the cache: every writer of these rows replaces the tokens after it commits
(catalog.services, tenants.services), so the next request anywhere reloads. A save or
delete of these rows also replaces them at once and drops this process's copies (the
signals at the end), so a change made in this process is seen by its next read, committed
or not (the service tests write rows directly).

The tenant's token is checked once a request: a hold's when the public API looks the
tenant up by its slug, a slots or calendar read's in the same round trip as its cached days
(`tenant_unchecked`: the read starts from the snapshot and is done again should the token
have moved). The rest of the request uses the snapshot so validated, so a hold's schedule
check costs no round trip: a change to working hours or days off replaces the tenant's token too (it
is rare, and recomputing the tenant's cached days then is cheap). A tenant that did not
come from here (the admin API, the back office, tasks) reads the database as before. A
refusal (an unknown or inactive service or staff member) is always confirmed by the
database, so with the database down a hold still answers 503 dependency_unavailable; a
slots or calendar read whose days are all in the availability cache is answered from the
snapshot and the cache.
"""

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from booking.catalog.models import DayOff, Service, Staff, WorkingHours
from booking.catalog.selectors import day_off_list, service_get, staff_list, working_hours_list
from booking.tenants.errors import TenantNotFound
from booking.tenants.models import Tenant

from .cache import tenant_version_key, versions_current, versions_replace

# What loading a tenant's snapshot costs: its id by slug, its row, who gives what.
SNAPSHOT_LOAD_QUERIES = 3
# Tenants kept per process, least recently used dropped first: a few hundred kilobytes.
MAX_TENANTS = 1000

Hours = dict[int, list[tuple[datetime.time, datetime.time]]]


class StaffSchedule(NamedTuple):
    """A staff member's schedule rows: working intervals by weekday, days off by start."""

    hours: Hours
    days_off: list[tuple[datetime.date, datetime.date]]


@dataclass(eq=False)
class CatalogSnapshot:
    tenant: Tenant
    version: str  # the tenant's token read before these rows were loaded
    services: dict[UUID, Service]  # those someone gives, active or not
    staff: dict[UUID, Staff]  # those who give a service, active or not
    givers: dict[UUID, list[UUID]]  # service id -> ids of the staff giving it, by (name, id)
    schedules: dict[UUID, StaffSchedule] = field(default_factory=dict)  # by staff id, when read
    current: bool = True  # False once a row changed in this process


_snapshots: "OrderedDict[str, CatalogSnapshot]" = OrderedDict()
_lock = threading.Lock()


def _load(slug: str, tenant_id: UUID, version: str) -> CatalogSnapshot | None:
    """The tenant, then who gives what: two queries (three with the id before the token)."""
    tenant = Tenant.objects.filter(pk=tenant_id, slug=slug).first()
    if tenant is None:
        return None
    # Only services someone gives, and only staff who give something: the rest (a 404's
    # reason, a service nobody gives) is read from the database when asked.
    gives = (
        Staff.services.through.objects.filter(staff__tenant=tenant)
        .select_related("staff", "service")
        .order_by("staff__name", "staff__id")
    )
    services: dict[UUID, Service] = {}
    staff: dict[UUID, Staff] = {}
    givers: dict[UUID, list[UUID]] = {}
    for row in gives:
        services.setdefault(row.service_id, row.service)
        staff.setdefault(row.staff_id, row.staff)
        givers.setdefault(row.service_id, []).append(row.staff_id)
    snapshot = CatalogSnapshot(
        tenant=tenant, version=version, services=services, staff=staff, givers=givers
    )
    tenant._catalog_snapshot = snapshot
    return snapshot


def tenant_by_slug(slug: str) -> Tenant:
    """The tenant of a public address, from this process's snapshot while it is current."""
    snapshot = _snapshots.get(slug)
    if snapshot is not None:
        key = tenant_version_key(snapshot.tenant.id)
        versions = versions_current([key])
        if versions is not None and versions[key] == snapshot.version:
            with _lock:
                if slug in _snapshots:
                    _snapshots.move_to_end(slug)
            return snapshot.tenant
    tenant_id = Tenant.objects.filter(slug=slug).values_list("id", flat=True).first()
    if tenant_id is None:
        raise TenantNotFound(detail={"tenant": slug})
    key = tenant_version_key(tenant_id)
    versions = versions_current([key])
    if versions is None:  # no cache: the database, every time
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            raise TenantNotFound(detail={"tenant": slug})
        return tenant
    snapshot = _load(slug, tenant_id, versions[key])
    if snapshot is None:
        raise TenantNotFound(detail={"tenant": slug})
    with _lock:
        _snapshots[slug] = snapshot
        _snapshots.move_to_end(slug)
        while len(_snapshots) > MAX_TENANTS:
            _snapshots.popitem(last=False)
    return snapshot.tenant


class SnapshotStale(Exception):
    """A read used the snapshot unchecked (`tenant_unchecked`) and its token has moved."""


def tenant_unchecked(slug: str) -> CatalogSnapshot | None:
    """This process's current snapshot of a tenant, without the round trip that checks it.

    For the slots and calendar reads only: they read the tenant's token anyway, with the
    cached days (availability/cache.py), and pass `snapshot.version` along so that a moved
    token raises SnapshotStale before anything is computed or answered; the read is then
    done again through `tenant_by_slug`. A hold checks first: it reads no cached days.
    """
    snapshot = _snapshots.get(slug)
    return snapshot if snapshot is not None and snapshot.current else None


def snapshot_confirm(*, unchecked_version: str | None, current_version: str | None) -> None:
    """Raises SnapshotStale unless an unchecked snapshot's version is the current token."""
    if unchecked_version is not None and current_version != unchecked_version:
        raise SnapshotStale()


def _of(tenant: Tenant) -> CatalogSnapshot | None:
    snapshot = getattr(tenant, "_catalog_snapshot", None)
    return snapshot if snapshot is not None and snapshot.current else None


def service_for(*, tenant: Tenant, service_id: UUID) -> Service:
    """An active service of the tenant (404 service_not_found), as catalog.service_get."""
    snapshot = _of(tenant)
    if snapshot is None:
        return service_get(tenant=tenant, service_id=service_id, active_only=True)
    service = snapshot.services.get(service_id)
    if service is None or not service.active:
        # A refusal is the database's (and with it down, a 503 like any other request).
        return service_get(tenant=tenant, service_id=service_id, active_only=True)
    return service


def givers_of(*, tenant: Tenant, service: Service) -> list[Staff]:
    """The active staff members who give the service, by name then id."""
    snapshot = _of(tenant)
    if snapshot is None:
        return list(staff_list(tenant=tenant, service=service, active_only=True))
    members = (snapshot.staff[i] for i in snapshot.givers.get(service.id, ()))
    return [member for member in members if member.active]


def giver_get(*, tenant: Tenant, service: Service, staff_id: UUID) -> Staff | None:
    """The active staff member if they give the service, else None."""
    snapshot = _of(tenant)
    if snapshot is None:
        givers = staff_list(tenant=tenant, service=service, active_only=True)
        return givers.filter(pk=staff_id).first()
    member = snapshot.staff.get(staff_id)
    if member is None or not member.active or staff_id not in snapshot.givers.get(service.id, ()):
        # A refusal is the database's (and with it down, a 503 like any other request).
        givers = staff_list(tenant=tenant, service=service, active_only=True)
        return givers.filter(pk=staff_id).first()
    return member


def _schedule_load(*, tenant: Tenant, staff: Staff) -> StaffSchedule:
    hours: Hours = {}
    for row in working_hours_list(tenant=tenant, staff=staff):
        hours.setdefault(row.weekday, []).append((row.start_time, row.end_time))
    # Only those that reach today: a hold is never asked for a past start, and a long
    # history of days off must not make every load slower.
    today = timezone.now().astimezone(tenant.zone).date()
    days_off = day_off_list(tenant=tenant, staff=staff).filter(
        end_date__gte=today - datetime.timedelta(days=1)
    )
    return StaffSchedule(hours=hours, days_off=list(days_off.values_list("start_date", "end_date")))


def staff_schedule_of(*, tenant: Tenant, staff: Staff) -> StaffSchedule:
    """The staff member's working hours and days off, read once per snapshot."""
    snapshot = _of(tenant)
    if snapshot is None:
        return _schedule_load(tenant=tenant, staff=staff)
    schedule = snapshot.schedules.get(staff.id)
    if schedule is None:
        schedule = snapshot.schedules[staff.id] = _schedule_load(tenant=tenant, staff=staff)
    return schedule


def snapshots_drop() -> None:
    """Forgets this process's snapshots; a request still holding one reads the database."""
    with _lock:
        for snapshot in _snapshots.values():
            snapshot.current = False
        _snapshots.clear()


def _changed(*, tenant_id) -> None:
    snapshots_drop()
    versions_replace(tenant_id=tenant_id)
    # Again after the commit: a reader between now and then loaded the old rows.
    transaction.on_commit(lambda: versions_replace(tenant_id=tenant_id), robust=True)


def _tenant_row_changed(sender, instance, **kwargs) -> None:
    _changed(tenant_id=instance.pk)


def _catalog_row_changed(sender, instance, **kwargs) -> None:
    _changed(tenant_id=instance.tenant_id)


def _staff_services_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):  # a staff member's or a service's side: both carry it
        _changed(tenant_id=instance.tenant_id)


def connect_signals() -> None:
    """Called once from AvailabilityConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_tenant_row_changed, sender=Tenant, dispatch_uid="snapshot-tenant")
        signal.connect(_catalog_row_changed, sender=Service, dispatch_uid="snapshot-service")
        signal.connect(_catalog_row_changed, sender=Staff, dispatch_uid="snapshot-staff")
        signal.connect(_catalog_row_changed, sender=WorkingHours, dispatch_uid="snapshot-hours")
        signal.connect(_catalog_row_changed, sender=DayOff, dispatch_uid="snapshot-days-off")
    m2m_changed.connect(
        _staff_services_changed, sender=Staff.services.through, dispatch_uid="snapshot-gives"
    )
