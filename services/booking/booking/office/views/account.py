"""API keys, plan and usage, and the people of the tenant (logins and invitations)."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from plumbing.errors import ApiError, NotFound

from booking.catalog.models import Staff
from booking.catalog.selectors import staff_list
from booking.reservations import clock
from booking.reservations.selectors import abuse_event_counts, bookings_this_month_count
from booking.tenants.models import ApiKey
from booking.tenants.plans import PLANS
from booking.tenants.services import api_key_create

from ..access import office_view
from ..models import Invitation, Membership, Role
from ..services import audit_record, invitation_create, invitation_revoke, membership_deactivate

LAST_USED_KEY = "api-key-last-used:{}"

ABUSE_WINDOW = datetime.timedelta(days=7)


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFound()


@office_view("billing")
@require_http_methods(["GET", "POST"])
def api_keys_view(request):
    tenant = request.office.tenant
    created = None
    if request.method == "POST":
        label = request.POST.get("label", "").strip()[:100] or "default"
        with transaction.atomic():
            _key, created = api_key_create(tenant=tenant, name=label)
            audit_record(tenant=tenant, actor=request.user, action="api_key.created", target=label)
    keys = list(ApiKey.objects.filter(tenant=tenant).order_by("-created_at", "id"))
    last_used = cache.get_many([LAST_USED_KEY.format(k.pk) for k in keys])
    for key in keys:
        key.last_used = last_used.get(LAST_USED_KEY.format(key.pk))
    return render(
        request,
        "office/api_keys.html",
        {"keys": keys, "created": created},
        status=201 if created else 200,
    )


@office_view("billing")
@require_POST
def api_key_revoke_view(request, key_id: str):
    tenant = request.office.tenant
    key = ApiKey.objects.filter(tenant=tenant, pk=_uuid(key_id), revoked_at__isnull=True).first()
    if key is None:
        raise NotFound()
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        audit_record(tenant=tenant, actor=request.user, action="api_key.revoked", target=key.name)
    messages.success(request, _("API key revoked."))
    return HttpResponseRedirect("/office/api-keys/")


@office_view("billing")
def plan_view(request):
    tenant = request.office.tenant
    plan = tenant.plan_limits
    names = list(PLANS)
    index = names.index(tenant.plan)
    following = PLANS[names[index + 1]] if index + 1 < len(names) else None
    return render(
        request,
        "office/plan.html",
        {
            "plan": plan,
            "bookings": bookings_this_month_count(tenant=tenant, now=clock.now()),
            "staff": Staff.objects.filter(tenant=tenant, active=True).count(),
            "next_plan": following,
            # Client addresses that hit a cap this past week (issue 16's abuse signal).
            "abuse": abuse_event_counts(tenant=tenant, since=clock.now() - ABUSE_WINDOW),
        },
    )


@office_view("people")
@require_http_methods(["GET", "POST"])
def people_view(request):
    tenant = request.office.tenant
    error, status = "", 200
    if request.method == "POST":
        role = request.POST.get("role", "")
        staff = None
        if role == Role.STAFF and request.POST.get("staff"):
            staff = staff_list(tenant=tenant).filter(pk=_uuid(request.POST["staff"])).first()
            if staff is None:
                raise NotFound()
        if role not in Role.values:
            error, status = _("Choose a role."), 400
        else:
            try:
                invitation_create(
                    tenant=tenant,
                    email=request.POST.get("email", ""),
                    role=role,
                    staff=staff,
                    invited_by=request.user,
                )
            except ApiError as exc:
                error, status = _(exc.message), exc.status_code
            except Exception as exc:  # the model's validation of the email
                from django.core.exceptions import ValidationError

                if not isinstance(exc, ValidationError):
                    raise
                error, status = _("Enter a valid email address."), 400
            else:
                messages.success(request, _("Invitation sent."))
                return HttpResponseRedirect("/office/people/")
    return render(
        request,
        "office/people.html",
        {
            "members": Membership.objects.filter(tenant=tenant)
            .select_related("user", "staff")
            .order_by("role", "user__email"),
            "invitations": Invitation.objects.filter(
                tenant=tenant,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            ),
            "staff": staff_list(tenant=tenant, active_only=True),
            "roles": Role.choices,
            "error": error,
        },
        status=status,
    )


@office_view("people")
@require_POST
def invitation_revoke_view(request, invitation_id: str):
    invitation = Invitation.objects.filter(
        tenant=request.office.tenant, pk=_uuid(invitation_id)
    ).first()
    if invitation is None:
        raise NotFound()
    invitation_revoke(invitation=invitation, actor=request.user)
    return HttpResponseRedirect("/office/people/")


@office_view("people")
@require_POST
def membership_deactivate_view(request, membership_id: str):
    membership = (
        Membership.objects.filter(tenant=request.office.tenant, pk=_uuid(membership_id))
        .select_related("user", "tenant")
        .first()
    )
    if membership is None:
        raise NotFound()
    try:
        membership_deactivate(membership=membership, actor=request.user)
    except ApiError as exc:
        messages.error(request, _(exc.message))
    return HttpResponseRedirect("/office/people/")
