"""General settings (the Calenso pattern), the audit log and the security policy.

The form is drawn from the admin API's TenantSettingsSerializer and validated by it, and the
change goes through tenants.services.tenant_update: the back office has no rule of its own.
"""

from django.conf import settings as django_settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework import serializers

from booking.tenants.api.serializers import SETTINGS_FIELDS, TenantSettingsSerializer
from booking.tenants.plans import ENTERPRISE

from ..access import office_view
from ..models import AuditEntry, OfficePolicy
from ..services import office_policy_set, tenant_settings_update

# Fields only an owner changes (payments decide money flows).
BILLING_FIELDS = {"payments_enabled", "payment_window_minutes"}

SECTIONS = [
    (
        "reservation",
        gettext_lazy("Appointment reservation"),
        ["holds_enabled", "hold_minutes", "hold_extensions", "hold_extension_minutes"],
    ),
    ("payments", gettext_lazy("Payments"), ["payments_enabled", "payment_window_minutes"]),
    (
        "availability",
        gettext_lazy("Booking window"),
        ["minimum_notice_minutes", "booking_horizon_days"],
    ),
    (
        "policy",
        gettext_lazy("Rescheduling and cancelling"),
        [
            "reschedule_allowed",
            "reschedule_limit",
            "reschedule_window_hours",
            "cancel_allowed",
            "cancel_window_hours",
            "full_refund_hours_before",
            "deposit_refundable",
        ],
    ),
    (
        "business",
        gettext_lazy("Business and widget"),
        ["name", "language", "owner_email", "labels", "allowed_origins"],
    ),
]

LABELS = {
    "holds_enabled": gettext_lazy("Appointment reservation"),
    "hold_minutes": gettext_lazy("Reservation minutes"),
    "hold_extensions": gettext_lazy("Extensions a customer may ask for"),
    "hold_extension_minutes": gettext_lazy("Minutes per extension"),
    "max_holds_per_cart": gettext_lazy("Appointments one customer may hold at once"),
    "payments_enabled": gettext_lazy("Take payments"),
    "payment_window_minutes": gettext_lazy("Minutes to finish a payment"),
    "minimum_notice_minutes": gettext_lazy("Minimum notice (minutes)"),
    "booking_horizon_days": gettext_lazy("Booking horizon (days ahead)"),
    "reschedule_allowed": gettext_lazy("Clients may reschedule"),
    "reschedule_limit": gettext_lazy("Reschedules per booking"),
    "reschedule_window_hours": gettext_lazy("No rescheduling closer than (hours)"),
    "cancel_allowed": gettext_lazy("Clients may cancel"),
    "cancel_window_hours": gettext_lazy("No cancelling closer than (hours)"),
    "full_refund_hours_before": gettext_lazy("Full refund until (hours before)"),
    "deposit_refundable": gettext_lazy("Down payments are refunded"),
    "name": gettext_lazy("Business name"),
    "language": gettext_lazy("Language of emails"),
    "owner_email": gettext_lazy("Owner email (notices)"),
    "labels": gettext_lazy("Widget labels (one per line: key = text)"),
    "allowed_origins": gettext_lazy("Sites allowed to embed the widget (one per line)"),
}
HELP = {
    "holds_enabled": gettext_lazy(
        "While a customer finishes a booking, the chosen time is kept for them."
    ),
    "labels": gettext_lazy("For example: choose_staff = Choose photographer"),
}


def _kind(field) -> str:
    if isinstance(field, serializers.BooleanField):
        return "checkbox"
    if isinstance(field, serializers.IntegerField):
        return "number"
    if isinstance(field, serializers.ChoiceField):
        return "select"
    if isinstance(field, serializers.EmailField):
        return "email"
    if isinstance(field, serializers.DictField):
        return "pairs"
    if isinstance(field, serializers.ListField):
        return "lines"
    return "text"


def _shown(value, kind: str):
    if kind == "pairs":
        return "\n".join(f"{k} = {v}" for k, v in (value or {}).items())
    if kind == "lines":
        return "\n".join(value or [])
    return value


def editable_fields(office) -> list[str]:
    serializer = TenantSettingsSerializer()
    writable = [
        n for n in SETTINGS_FIELDS if n in serializer.fields and not serializer.fields[n].read_only
    ]
    if not office.can("billing"):
        writable = [n for n in writable if n not in BILLING_FIELDS]
    return writable


def _parse(post, names: list[str], kinds: dict[str, str]) -> tuple[dict, dict]:
    data, errors = {}, {}
    for name in names:
        kind = kinds[name]
        if kind == "checkbox":
            data[name] = name in post
        elif kind == "pairs":
            pairs = {}
            for line in post.get(name, "").splitlines():
                if not line.strip():
                    continue
                key, sep, text = line.partition("=")
                if not sep or not key.strip():
                    errors[name] = [_("Write each label as key = text.")]
                    break
                pairs[key.strip()] = text.strip()
            data[name] = pairs
        elif kind == "lines":
            data[name] = [line.strip() for line in post.get(name, "").splitlines() if line.strip()]
        else:
            data[name] = post.get(name, "")
    return data, errors


def _sections(tenant, names, values, errors):
    serializer = TenantSettingsSerializer(tenant)
    placed = {n for _, _, fields in SECTIONS for n in fields}
    extra_holds = [n for n in names if n not in placed and "hold" in n]
    others = [n for n in names if n not in placed and "hold" not in n]
    layout = []
    for key, title, fields in SECTIONS:
        fields = [n for n in fields if n in names]
        if key == "reservation":
            fields += extra_holds
        layout.append((key, title, fields))
    if others:
        layout.append(("other", _("More"), others))
    result = []
    for key, title, fields in layout:
        if not fields:
            continue
        rows = []
        for name in fields:
            field = serializer.fields[name]
            kind = _kind(field)
            rows.append(
                {
                    "name": name,
                    "kind": kind,
                    "label": LABELS.get(name, name.replace("_", " ").capitalize()),
                    "help": HELP.get(name, ""),
                    "value": values[name]
                    if name in values
                    else _shown(serializer.data[name], kind),
                    "min": getattr(field, "min_value", None),
                    "max": getattr(field, "max_value", None),
                    "choices": list(getattr(field, "choices", {}).items())
                    if kind == "select"
                    else [],
                    "errors": [str(e) for e in errors.get(name, [])],
                }
            )
        result.append({"key": key, "title": title, "rows": rows})
    return result


@office_view("settings")
@require_http_methods(["GET", "POST"])
def settings_view(request):
    office = request.office
    tenant = office.tenant
    names = editable_fields(office)
    kinds = {n: _kind(TenantSettingsSerializer().fields[n]) for n in names}
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        data, errors = _parse(request.POST, names, kinds)
        if not errors:
            serializer = TenantSettingsSerializer(tenant, data=data, partial=True)
            if serializer.is_valid():
                tenant_settings_update(
                    tenant=tenant, actor=request.user, **serializer.validated_data
                )
                messages.success(request, _("Settings saved."))
                return HttpResponseRedirect("/office/settings/")
            errors = serializer.errors
        values = {
            n: ("on" if data.get(n) else "") if kinds[n] == "checkbox" else request.POST.get(n, "")
            for n in names
        }
        for n in names:
            if kinds[n] == "checkbox":
                values[n] = data.get(n, False)
        status = 400
    recent = (
        AuditEntry.objects.filter(tenant=tenant, action="settings.changed")[:10]
        if office.can("audit")
        else []
    )
    context = {
        "sections": _sections(tenant, names, values, errors),
        "has_errors": bool(errors),
        "embed": f'<script src="{django_settings.PUBLIC_BASE_URL.rstrip("/")}/widget/embed.js" '
        f'data-tenant="{tenant.slug}"></script>',
        "recent": recent,
    }
    return render(request, "office/settings.html", context, status=status)


@office_view("audit")
def audit_view(request):
    entries = AuditEntry.objects.filter(tenant=request.office.tenant)[:200]
    return render(request, "office/audit.html", {"entries": entries})


@office_view("security")
@require_http_methods(["GET", "POST"])
def security_view(request):
    tenant = request.office.tenant
    policy = OfficePolicy.objects.filter(tenant=tenant).first()
    enterprise = tenant.plan == ENTERPRISE
    if request.method == "POST":
        if not enterprise:
            messages.error(
                request, _("Requiring two-factor for everyone needs the Enterprise plan.")
            )
            return HttpResponseRedirect("/office/security/")
        office_policy_set(
            tenant=tenant,
            actor=request.user,
            require_two_factor="require_two_factor" in request.POST,
        )
        messages.success(request, _("Security settings saved."))
        return HttpResponseRedirect("/office/security/")
    return render(
        request,
        "office/security.html",
        {"policy": policy, "enterprise": enterprise},
    )
