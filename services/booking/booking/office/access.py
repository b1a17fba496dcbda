"""Who may do what in the back office, and the wrapper every back-office view goes through.

Every view names the right it needs; the wrapper signs the user in (or sends them to the
login), finds their tenant through their membership, asks for the second factor where it
is required, refuses a role without the right (403) and turns "not found in this tenant"
into 404. Views then read `request.office` and pass its tenant to the selectors, which
never answer another tenant's rows.
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from plumbing.errors import NotFound

from booking.catalog.models import Staff
from booking.tenants.models import Tenant
from booking.tenants.plans import ENTERPRISE

from .models import Membership, OfficePolicy, Role

OWNER, MANAGER, STAFF = Role.OWNER, Role.MANAGER, Role.STAFF

# Right -> roles holding it. A staff login holds "calendar", "bookings" and "schedule" for
# its own staff member only (OfficeContext.check_staff).
RIGHTS: dict[str, frozenset[str]] = {
    "calendar": frozenset({OWNER, MANAGER, STAFF}),
    "bookings": frozenset({OWNER, MANAGER, STAFF}),
    "schedule": frozenset({OWNER, MANAGER, STAFF}),
    "staff": frozenset({OWNER, MANAGER}),
    "services": frozenset({OWNER, MANAGER}),
    "settings": frozenset({OWNER, MANAGER}),
    # Billing-relevant: payments, plan, API keys.
    "billing": frozenset({OWNER}),
    "people": frozenset({OWNER}),
    "audit": frozenset({OWNER}),
    "security": frozenset({OWNER}),
}

LANGUAGE_SESSION_KEY = "office_language"
LANGUAGES = ("en", "de")


@dataclass(frozen=True)
class OfficeContext:
    membership: Membership
    tenant: Tenant

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def own_staff_id(self):
        return self.membership.staff_id if self.role == STAFF else None

    def can(self, right: str) -> bool:
        return self.role in RIGHTS[right]

    def check_staff(self, staff: Staff) -> None:
        """A staff login acts on its own staff member only."""
        if self.role == STAFF and staff.pk != self.membership.staff_id:
            raise PermissionDenied("Only your own schedule and bookings.")


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("tenant", "staff")
        .filter(user=user, active=True, user__is_active=True)
        .first()
    )


def two_factor_required(membership: Membership) -> bool:
    """Enterprise owners may require a second factor of every login of their tenant."""
    if membership.tenant.plan != ENTERPRISE:
        return False
    return OfficePolicy.objects.filter(tenant=membership.tenant, require_two_factor=True).exists()


def has_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def request_language(request) -> str:
    chosen = request.session.get(LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
    if chosen in LANGUAGES:
        return chosen
    guessed = translation.get_language_from_request(request)
    return guessed if guessed in LANGUAGES else "en"


def with_language(view):
    """Renders the view in the user's language, without leaking it to the next request."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        with translation.override(request_language(request)):
            return view(request, *args, **kwargs)

    return inner


def refusal(request, status: int):
    template = "office/403.html" if status == 403 else "office/404.html"
    return render(request, template, status=status)


def office_view(right: str):
    """The wrapper of every signed-in back-office view; `right` is a key of RIGHTS."""
    if right not in RIGHTS:
        raise ValueError(f"unknown right {right!r}")

    def decorate(view):
        @wraps(view)
        @with_language
        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return HttpResponseRedirect(f"/office/login/?next={quote(request.get_full_path())}")
            membership = membership_of(request.user)
            if membership is None:
                logout(request)
                return refusal(request, 403)
            if not request.user.is_verified():
                if has_device(request.user):
                    return HttpResponseRedirect("/office/two-factor/verify/")
                if two_factor_required(membership):
                    return HttpResponseRedirect("/office/two-factor/")
            request.office = OfficeContext(membership=membership, tenant=membership.tenant)
            if not request.office.can(right):
                return refusal(request, 403)
            try:
                # Times on every page are the tenant's wall-clock times (templates' date and
                # time filters convert to the active zone, which is UTC otherwise).
                with timezone.override(membership.tenant.zone):
                    return view(request, *args, **kwargs)
            except (Http404, NotFound):
                return refusal(request, 404)
            except PermissionDenied:
                return refusal(request, 403)

        inner.office_right = right
        return inner

    return decorate
