"""Reads of the catalog, always scoped to one tenant."""

from uuid import UUID

from django.db.models import QuerySet
from plumbing.errors import NotFound

from booking.tenants.models import Tenant

from .errors import ServiceNotFound, StaffNotFound
from .models import DayOff, Service, Staff, WorkingHours


def service_list(*, tenant: Tenant, active_only: bool = False) -> QuerySet[Service]:
    services = Service.objects.filter(tenant=tenant)
    if active_only:
        services = services.filter(active=True)
    return services.order_by("name", "id")


def service_get(*, tenant: Tenant, service_id: UUID, active_only: bool = False) -> Service:
    service = service_list(tenant=tenant, active_only=active_only).filter(pk=service_id).first()
    if service is None:
        raise ServiceNotFound(detail={"service": str(service_id)})
    return service


def staff_list(
    *, tenant: Tenant, service: Service | None = None, active_only: bool = False
) -> QuerySet[Staff]:
    staff = Staff.objects.filter(tenant=tenant)
    if service is not None:
        staff = staff.filter(services=service)
    if active_only:
        staff = staff.filter(active=True)
    return staff.order_by("name", "id")


def staff_get(*, tenant: Tenant, staff_id: UUID, active_only: bool = False) -> Staff:
    member = staff_list(tenant=tenant, active_only=active_only).filter(pk=staff_id).first()
    if member is None:
        raise StaffNotFound(detail={"staff": str(staff_id)})
    return member


def working_hours_list(*, tenant: Tenant, staff: Staff) -> QuerySet[WorkingHours]:
    return WorkingHours.objects.filter(tenant=tenant, staff=staff).order_by(
        "weekday", "start_time", "id"
    )


def day_off_list(*, tenant: Tenant, staff: Staff) -> QuerySet[DayOff]:
    return DayOff.objects.filter(tenant=tenant, staff=staff).order_by("start_date", "id")


def working_hours_get(*, tenant: Tenant, staff: Staff, working_hours_id: UUID) -> WorkingHours:
    row = working_hours_list(tenant=tenant, staff=staff).filter(pk=working_hours_id).first()
    if row is None:
        raise NotFound(detail={"working_hours": str(working_hours_id)})
    return row


def day_off_get(*, tenant: Tenant, staff: Staff, day_off_id: UUID) -> DayOff:
    day_off = day_off_list(tenant=tenant, staff=staff).filter(pk=day_off_id).first()
    if day_off is None:
        raise NotFound(detail={"day_off": str(day_off_id)})
    return day_off
