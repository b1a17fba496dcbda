"""Services and staff: the admin API's serializers validate, catalog.services write."""

import datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from plumbing.errors import ApiError, NotFound

from booking.catalog import services as catalog
from booking.catalog.api.admin_serializers import ServiceAdminSerializer, StaffAdminSerializer
from booking.catalog.selectors import (
    day_off_get,
    day_off_list,
    service_get,
    service_list,
    staff_get,
    staff_list,
    working_hours_list,
)

from ..access import office_view
from ..services import audit_record

WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
INTERVALS_SHOWN = 3  # rows per weekday in the hours editor: a day with two breaks


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except (TypeError, ValueError):
        raise NotFound()


def _errors(serializer_errors) -> dict[str, list[str]]:
    return {
        name: [str(e) for e in (errs if isinstance(errs, list) else [errs])]
        for name, errs in serializer_errors.items()
    }


# -- services ----------------------------------------------------------------------------


def _price_to_minor(raw: str) -> tuple[int | None, str | None]:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None, None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None, _("A price like 150.00, or empty for free.")
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None, _("A price like 150.00, or empty for free.")
    return int(amount * 100), None


def _service_form(post) -> tuple[dict, dict]:
    errors = {}
    price, price_error = _price_to_minor(post.get("price", ""))
    if price_error:
        errors["price_amount"] = [price_error]
    data = {
        "name": post.get("name", ""),
        "description": post.get("description", ""),
        "duration_minutes": post.get("duration_minutes", ""),
        "price_amount": price or None,
        "currency": post.get("currency", "chf") or "chf",
        "down_payment_percent": post.get("down_payment_percent") or None,
        "buffer_before_minutes": post.get("buffer_before_minutes") or 0,
        "buffer_after_minutes": post.get("buffer_after_minutes") or 0,
        "active": "active" in post,
    }
    return data, errors


def _service_staff_set(tenant, service, staff_ids: set[str]) -> None:
    """Who gives the service is kept on each staff member (catalog.staff_update)."""
    for member in staff_list(tenant=tenant):
        gives = set(member.services.values_list("id", flat=True))
        wanted = str(member.id) in staff_ids
        if wanted != (service.id in gives):
            ids = (gives | {service.id}) if wanted else (gives - {service.id})
            catalog.staff_update(staff=member, service_ids=ids)


@office_view("services")
def services_view(request):
    services = service_list(tenant=request.office.tenant)
    return render(request, "office/services.html", {"services": services})


@office_view("services")
@require_http_methods(["GET", "POST"])
def service_edit_view(request, service_id: str | None = None):
    tenant = request.office.tenant
    service = service_get(tenant=tenant, service_id=_uuid(service_id)) if service_id else None
    staff = list(staff_list(tenant=tenant))
    givers = {str(s.id) for s in staff if service and service.staff.filter(pk=s.pk).exists()}
    errors, status, values = {}, 200, None
    if request.method == "POST":
        data, errors = _service_form(request.POST)
        chosen = set(request.POST.getlist("staff"))
        if not errors:
            serializer = ServiceAdminSerializer(service, data=data, partial=service is not None)
            if serializer.is_valid():
                try:
                    if service is None:
                        service = catalog.service_create(tenant=tenant, **serializer.validated_data)
                    else:
                        service = catalog.service_update(
                            service=service, **serializer.validated_data
                        )
                    _service_staff_set(tenant, service, chosen)
                except ApiError as error:
                    errors = {"__all__": [_(error.message)]}
                else:
                    audit_record(
                        tenant=tenant,
                        actor=request.user,
                        action="service.saved",
                        target=service.name,
                    )
                    messages.success(request, _("Service saved."))
                    return HttpResponseRedirect("/office/services/")
            else:
                errors = _errors(serializer.errors)
        values, givers, status = request.POST, chosen, 400
    return render(
        request,
        "office/service_form.html",
        {"service": service, "staff": staff, "givers": givers, "errors": errors, "values": values},
        status=status,
    )


@office_view("services")
@require_POST
def service_deactivate_view(request, service_id: str):
    service = service_get(tenant=request.office.tenant, service_id=_uuid(service_id))
    catalog.service_update(service=service, active=not service.active)
    audit_record(
        tenant=service.tenant,
        actor=request.user,
        action="service.activated" if service.active else "service.deactivated",
        target=service.name,
    )
    return HttpResponseRedirect("/office/services/")


# -- staff ---------------------------------------------------------------------------------


@office_view("schedule")
def staff_view(request):
    office = request.office
    members = staff_list(tenant=office.tenant)
    if office.own_staff_id is not None or office.role == "staff":
        members = members.filter(pk=office.own_staff_id)
    return render(request, "office/staff.html", {"members": members})


@office_view("staff")
@require_http_methods(["GET", "POST"])
def staff_edit_view(request, staff_id: str | None = None):
    tenant = request.office.tenant
    member = staff_get(tenant=tenant, staff_id=_uuid(staff_id)) if staff_id else None
    services = list(service_list(tenant=tenant))
    given = {str(s.id) for s in member.services.all()} if member else set()
    errors, status, values = {}, 200, None
    if request.method == "POST":
        chosen = request.POST.getlist("services")
        data = {
            "name": request.POST.get("name", ""),
            "email": request.POST.get("email", ""),
            "slot_interval_minutes": request.POST.get("slot_interval_minutes") or 30,
            "active": "active" in request.POST,
            "services": chosen,
        }
        serializer = StaffAdminSerializer(member, data=data, partial=member is not None)
        if serializer.is_valid():
            fields = dict(serializer.validated_data)
            service_ids = fields.pop("services", [])
            try:
                if member is None:
                    member = catalog.staff_create(tenant=tenant, service_ids=service_ids, **fields)
                else:
                    member = catalog.staff_update(staff=member, service_ids=service_ids, **fields)
            except ApiError as error:
                errors = {"__all__": [_(error.message)]}
            else:
                audit_record(
                    tenant=tenant, actor=request.user, action="staff.saved", target=member.name
                )
                messages.success(request, _("Staff member saved."))
                return HttpResponseRedirect(f"/office/staff/{member.id}/schedule/")
        else:
            errors = _errors(serializer.errors)
        values, given, status = request.POST, set(chosen), 400
    return render(
        request,
        "office/staff_form.html",
        {
            "member": member,
            "services": services,
            "given": given,
            "errors": errors,
            "values": values,
        },
        status=status,
    )


@office_view("staff")
@require_POST
def staff_deactivate_view(request, staff_id: str):
    member = staff_get(tenant=request.office.tenant, staff_id=_uuid(staff_id))
    try:
        catalog.staff_update(staff=member, active=not member.active)
    except ApiError as error:
        messages.error(request, _(error.message))
    else:
        audit_record(
            tenant=member.tenant,
            actor=request.user,
            action="staff.activated" if member.active else "staff.deactivated",
            target=member.name,
        )
    return HttpResponseRedirect("/office/staff/")


def _own_staff(request, staff_id: str):
    member = staff_get(tenant=request.office.tenant, staff_id=_uuid(staff_id))
    request.office.check_staff(member)
    return member


def _week_rows(member, posted=None):
    existing = {}
    for row in working_hours_list(tenant=member.tenant, staff=member):
        existing.setdefault(row.weekday, []).append(
            (row.start_time.strftime("%H:%M"), row.end_time.strftime("%H:%M"))
        )
    days = []
    for day, name in enumerate(WEEKDAYS):
        slots = []
        for i in range(INTERVALS_SHOWN):
            if posted is not None:
                start = posted.get(f"start-{day}-{i}", "")
                end = posted.get(f"end-{day}-{i}", "")
            else:
                start, end = (existing.get(day, [])[i : i + 1] or [("", "")])[0]
            slots.append({"i": i, "start": start, "end": end})
        days.append({"day": day, "name": _(name), "slots": slots})
    return days


def _parse_week(post) -> tuple[list, list[str]]:
    intervals, errors = [], []
    for day in range(7):
        for i in range(INTERVALS_SHOWN):
            start = post.get(f"start-{day}-{i}", "").strip()
            end = post.get(f"end-{day}-{i}", "").strip()
            if not start and not end:
                continue
            try:
                intervals.append(
                    (day, datetime.time.fromisoformat(start), datetime.time.fromisoformat(end))
                )
            except ValueError:
                errors.append(
                    _("%(day)s: give both a start and an end, as HH:MM.")
                    % {"day": _(WEEKDAYS[day])}
                )
    return intervals, errors


@office_view("schedule")
@require_http_methods(["GET", "POST"])
def staff_schedule_view(request, staff_id: str):
    """The weekly hours editor (several intervals a day) and the days off."""
    member = _own_staff(request, staff_id)
    errors, status, posted = [], 200, None
    if request.method == "POST":
        intervals, errors = _parse_week(request.POST)
        if not errors:
            try:
                catalog.working_hours_replace(staff=member, intervals=intervals)
            except ApiError as error:
                errors = [_(error.message)]
            else:
                audit_record(
                    tenant=member.tenant,
                    actor=request.user,
                    action="hours.saved",
                    target=member.name,
                )
                messages.success(request, _("Working hours saved."))
                return HttpResponseRedirect(f"/office/staff/{member.id}/schedule/")
        posted, status = request.POST, 400
    return _schedule_page(request, member, errors=errors, posted=posted, status=status)


def _schedule_page(request, member, *, errors=(), posted=None, day_off_errors=(), status=200):
    today = timezone.now().astimezone(member.tenant.zone).date()
    return render(
        request,
        "office/staff_schedule.html",
        {
            "member": member,
            "week": _week_rows(member, posted),
            "errors": errors,
            "day_off_errors": day_off_errors,
            "days_off": day_off_list(tenant=member.tenant, staff=member).filter(
                end_date__gte=today - datetime.timedelta(days=30)
            ),
            "today": today,
        },
        status=status,
    )


@office_view("schedule")
@require_POST
def day_off_add_view(request, staff_id: str):
    member = _own_staff(request, staff_id)
    try:
        start = datetime.date.fromisoformat(request.POST.get("start_date", ""))
        end_raw = request.POST.get("end_date", "")
        end = datetime.date.fromisoformat(end_raw) if end_raw else start
    except ValueError:
        return _schedule_page(
            request, member, day_off_errors=[_("Dates as YYYY-MM-DD.")], status=400
        )
    try:
        catalog.day_off_create(
            staff=member,
            start_date=start,
            end_date=end,
            reason=request.POST.get("reason", "")[:200],
        )
    except ApiError as error:
        return _schedule_page(request, member, day_off_errors=[_(error.message)], status=400)
    audit_record(
        tenant=member.tenant,
        actor=request.user,
        action="day_off.added",
        target=member.name,
        new=f"{start}..{end}",
    )
    messages.success(request, _("Day off added."))
    return HttpResponseRedirect(f"/office/staff/{member.id}/schedule/")


@office_view("schedule")
@require_POST
def day_off_delete_view(request, staff_id: str, day_off_id: str):
    member = _own_staff(request, staff_id)
    day_off = day_off_get(tenant=member.tenant, staff=member, day_off_id=_uuid(day_off_id))
    catalog.day_off_delete(day_off=day_off)
    audit_record(
        tenant=member.tenant,
        actor=request.user,
        action="day_off.removed",
        target=member.name,
        old=f"{day_off.start_date}..{day_off.end_date}",
    )
    messages.success(request, _("Day off removed."))
    return HttpResponseRedirect(f"/office/staff/{member.id}/schedule/")
