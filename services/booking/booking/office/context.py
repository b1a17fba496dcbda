"""What every back-office template knows: the tenant, the role and the menu it may see."""

from django.utils.translation import gettext_lazy as _

MENU = [
    ("calendar", "/office/calendar/", _("Calendar")),
    ("services", "/office/services/", _("Services")),
    ("schedule", "/office/staff/", _("Staff")),
    ("services", "/office/waitlist/", _("Waitlist")),
    ("settings", "/office/settings/", _("General settings")),
    ("people", "/office/people/", _("People")),
    ("billing", "/office/api-keys/", _("API keys")),
    ("billing", "/office/plan/", _("Plan and usage")),
    ("audit", "/office/audit/", _("Audit log")),
    ("security", "/office/security/", _("Security")),
]


def office(request) -> dict:
    context = getattr(request, "office", None)
    if context is None:
        return {"office": None, "office_menu": []}
    menu = [
        {"url": url, "label": label, "current": request.path.startswith(url)}
        for right, url, label in MENU
        if context.can(right)
    ]
    return {"office": context, "office_menu": menu}
