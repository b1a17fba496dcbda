"""The calendar: bookings, live holds, working hours and days off; a booking's details and
the actions on it, through reservations' own services (cancel, move) and the same guard."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from plumbing.errors import ApiError, NotFound

from booking.catalog.models import DayOff, WorkingHours
from booking.catalog.selectors import staff_list
from booking.reservations import clock
from booking.reservations.models import Booking, Reservation
from booking.reservations.selectors import booking_effective_status, booking_get
from booking.reservations.services.cancellation import booking_cancel, cancel_refund
from booking.reservations.services.move import booking_move

from ..access import office_view
from ..models import BookingOutcome
from ..services import audit_record, booking_outcome_mark

DAY_START_HOUR, DAY_END_HOUR = 7, 21


@dataclass
class Block:
    top: float
    height: float
    label: str = ""


def _pct(minutes: float, first: int, last: int) -> float:
    span = (last - first) * 60
    return round(max(0.0, min(100.0, (minutes - first * 60) * 100 / span)), 3)


def _minutes(moment: datetime.datetime, day: datetime.date, zone) -> float:
    local = moment.astimezone(zone)
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return (local - midnight).total_seconds() / 60


def _parse_date(raw: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else today
    except ValueError:
        return today


def _shown_staff(request, chosen: str):
    office = request.office
    members = staff_list(tenant=office.tenant, active_only=True)
    if office.role == "staff":
        return list(members.filter(pk=office.membership.staff_id)), str(office.membership.staff_id)
    if chosen and chosen != "all":
        try:
            return list(members.filter(pk=UUID(chosen))), chosen
        except ValueError:
            pass
    return list(members), "all"


def _calendar_context(request) -> dict:
    tenant = request.office.tenant
    zone = tenant.zone
    now = clock.now()
    today = now.astimezone(zone).date()
    mode = "day" if request.GET.get("view") == "day" else "week"
    day = _parse_date(request.GET.get("date"), today)
    days = (
        [day]
        if mode == "day"
        else [
            day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(days=n)
            for n in range(7)
        ]
    )
    staff, chosen = _shown_staff(request, request.GET.get("staff", "all"))
    staff_ids = [s.pk for s in staff]
    hours = list(WorkingHours.objects.filter(tenant=tenant, staff_id__in=staff_ids))
    first, last = DAY_START_HOUR, DAY_END_HOUR
    for row in hours:
        first = min(first, row.start_time.hour)
        last = max(last, row.end_time.hour + (1 if row.end_time.minute else 0))
    offs = list(
        DayOff.objects.filter(
            tenant=tenant, staff_id__in=staff_ids, start_date__lte=days[-1], end_date__gte=days[0]
        )
    )
    range_start = datetime.datetime.combine(days[0], datetime.time(), tzinfo=zone)
    range_end = datetime.datetime.combine(
        days[-1] + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    claims = (
        Reservation.objects.filter(
            tenant=tenant,
            staff_id__in=staff_ids,
            live=True,
            start__lt=range_end,
            end__gt=range_start,
        )
        .exclude(expires_at__lte=now)
        .select_related("service", "staff", "booking__client")
        .order_by("start", "id")
    )
    names = {s.pk: s.name for s in staff}
    # Week view: a column a day; day view: a column a staff member.
    columns = []
    pairs = [(d, staff) for d in days] if mode == "week" else [(day, [s]) for s in staff]
    for column_day, people in pairs:
        ids = {p.pk for p in people}
        shaded = [
            Block(
                _pct(h.start_time.hour * 60 + h.start_time.minute, first, last),
                _pct(h.end_time.hour * 60 + h.end_time.minute, first, last)
                - _pct(h.start_time.hour * 60 + h.start_time.minute, first, last),
                names[h.staff_id] if len(people) > 1 else "",
            )
            for h in hours
            if h.staff_id in ids and h.weekday == column_day.weekday()
        ]
        off = [
            f"{names[o.staff_id]}: {o.reason or _('Day off')}"
            for o in offs
            if o.staff_id in ids and o.start_date <= column_day <= o.end_date
        ]
        events = []
        for claim in claims:
            if claim.staff_id not in ids:
                continue
            if claim.start.astimezone(zone).date() != column_day:
                continue
            top = _pct(_minutes(claim.start, column_day, zone), first, last)
            bottom = _pct(_minutes(claim.end, column_day, zone), first, last)
            held = claim.state == Reservation.State.HELD
            events.append(
                {
                    "id": claim.pk,
                    "held": held,
                    "booking": claim.booking,
                    "status": booking_effective_status(booking=claim.booking, now=now)
                    if claim.booking
                    else "held",
                    "top": top,
                    "height": max(bottom - top, 2.5),
                    "start": claim.start.astimezone(zone),
                    "end": claim.end.astimezone(zone),
                    "expires": claim.expires_at.astimezone(zone) if claim.expires_at else None,
                    "service": claim.service.name,
                    "staff": claim.staff.name,
                    "client": claim.booking.client.name if claim.booking else "",
                }
            )
        columns.append(
            {
                "title": column_day if mode == "week" else people[0].name,
                "day": column_day,
                "today": column_day == today,
                "shaded": shaded,
                "off": off,
                "events": events,
            }
        )
    step = datetime.timedelta(days=1 if mode == "day" else 7)
    return {
        "mode": mode,
        "day": day,
        "previous": day - step,
        "next": day + step,
        "today": today,
        "columns": columns,
        "hours": [
            {"label": f"{h:02d}:00", "top": _pct(h * 60, first, last)} for h in range(first, last)
        ],
        "staff_choices": staff_list(tenant=tenant, active_only=True)
        if request.office.role != "staff"
        else [],
        "chosen": chosen,
        "now": now,
    }


@office_view("calendar")
def calendar_view(request):
    context = _calendar_context(request)
    template = "office/_calendar_grid.html" if request.htmx else "office/calendar.html"
    return render(request, template, context)


def _booking_for(request, booking_id: str) -> Booking:
    try:
        booking = booking_get(tenant=request.office.tenant, booking_id=UUID(booking_id))
    except ValueError:
        raise NotFound()
    own = request.office.own_staff_id
    if request.office.role == "staff" and not any(
        r.staff_id == own for r in booking.reservations.all()
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied()
    return booking


def _details(request, booking: Booking, *, error: str = "", status: int = 200):
    tenant = request.office.tenant
    now = clock.now()
    live = [r for r in booking.appointments if r.live]
    refund, refund_amount = cancel_refund(tenant=tenant, booking=booking, now=now)
    effective = booking_effective_status(booking=booking, now=now)
    outcome = BookingOutcome.objects.filter(booking=booking).first()
    first = live[0] if live else None
    context = {
        "booking": booking,
        "status": effective,
        "appointments": booking.appointments,
        "refund": refund,
        "refund_amount": refund_amount,
        "reschedules_left": max(tenant.reschedule_limit - booking.reschedules, 0),
        "outcome": outcome,
        "can_act": effective == Booking.Status.CONFIRMED,
        "started": bool(first and first.start <= now),
        "first": first,
        "move_date": first.start.astimezone(tenant.zone).date().isoformat() if first else "",
        "move_time": first.start.astimezone(tenant.zone).strftime("%H:%M") if first else "",
        "staff_choices": staff_list(tenant=tenant, service=first.service, active_only=True)
        if first and request.office.role != "staff"
        else [],
        "error": error,
    }
    template = "office/_booking.html" if request.htmx else "office/booking.html"
    return render(request, template, context, status=status)


@office_view("bookings")
def booking_view(request, booking_id: str):
    return _details(request, _booking_for(request, booking_id))


@office_view("bookings")
@require_POST
def booking_cancel_view(request, booking_id: str):
    booking = _booking_for(request, booking_id)
    try:
        booking_cancel(tenant=request.office.tenant, booking_id=booking.id)
    except ApiError as error:
        return _details(request, booking, error=_(error.message), status=error.status_code)
    audit_record(
        tenant=request.office.tenant,
        actor=request.user,
        action="booking.cancelled",
        target=str(booking.id),
    )
    messages.success(request, _("Booking cancelled."))
    return _details(request, _booking_for(request, booking_id))


@office_view("bookings")
@require_POST
def booking_reschedule_view(request, booking_id: str):
    booking = _booking_for(request, booking_id)
    tenant = request.office.tenant
    try:
        day = datetime.date.fromisoformat(request.POST.get("date", ""))
        at = datetime.time.fromisoformat(request.POST.get("time", ""))
    except ValueError:
        return _details(request, booking, error=_("Give a date and a time."), status=400)
    start = datetime.datetime.combine(day, at, tzinfo=tenant.zone)
    staff_id = None
    if request.office.role != "staff" and request.POST.get("staff"):
        try:
            staff_id = UUID(request.POST["staff"])
        except ValueError:
            raise NotFound()
    try:
        booking_move(tenant=tenant, booking_id=booking.id, start=start, staff_id=staff_id)
    except ApiError as error:
        return _details(
            request,
            _booking_for(request, booking_id),
            error=_(error.message),
            status=error.status_code,
        )
    audit_record(
        tenant=tenant,
        actor=request.user,
        action="booking.rescheduled",
        target=str(booking.id),
        new=start.isoformat(),
    )
    return _details(request, _booking_for(request, booking_id))


@office_view("bookings")
@require_POST
def booking_outcome_view(request, booking_id: str, outcome: str):
    booking = _booking_for(request, booking_id)
    if outcome not in BookingOutcome.Outcome.values:
        raise NotFound()
    now = clock.now()
    if booking_effective_status(booking=booking, now=now) != Booking.Status.CONFIRMED:
        return _details(request, booking, error=_("Only a confirmed booking."), status=409)
    if booking.first_start > now:
        return _details(
            request, booking, error=_("Mark it once the appointment has started."), status=409
        )
    booking_outcome_mark(
        tenant=request.office.tenant, booking=booking, outcome=outcome, actor=request.user
    )
    return _details(request, booking)


@office_view("calendar")
def calendar_root(request):
    return HttpResponseRedirect("/office/calendar/")
