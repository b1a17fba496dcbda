"""Writes of the back office: logins, invitations, password resets, audited settings.

Business rules stay where they live: tenant settings go through tenants.services.tenant_update
(validated by the admin API's serializer in the view), the catalog through catalog.services,
bookings through reservations.services. What is added here is who did it (the audit log).
"""

import datetime
from typing import Any

from contracts import notifications
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from booking.catalog.models import Staff
from booking.reservations.events import iso_utc, publish_after_commit, tenant_payload
from booking.tenants.models import Tenant
from booking.tenants.services import tenant_create, tenant_update

from .errors import EmailInUse, InvitationInvalid, LastOwner, StaffLoginNeedsStaff
from .models import AuditEntry, BookingOutcome, Invitation, Membership, OfficePolicy, Role

User = get_user_model()
INVITATION_SALT = "booking.office.invitation"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool, type(None), list, dict)):
        return value
    return str(value)


def audit_record(
    *,
    tenant: Tenant,
    actor,
    action: str,
    target: str = "",
    field: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        tenant=tenant,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        target=target,
        field=field,
        old_value=_jsonable(old),
        new_value=_jsonable(new),
    )


@transaction.atomic
def tenant_settings_update(*, tenant: Tenant, actor, **changes) -> Tenant:
    """tenant_update (the admin API's service) plus one audit entry per changed field."""
    before = {name: getattr(tenant, name) for name in changes}
    tenant = tenant_update(tenant=tenant, **changes)
    for name, old in before.items():
        new = getattr(tenant, name)
        if old != new:
            audit_record(
                tenant=tenant,
                actor=actor,
                action="settings.changed",
                target="tenant",
                field=name,
                old=old,
                new=new,
            )
    return tenant


def _user_create(email: str, password: str | None):
    email = normalize_email(email)
    if User.objects.filter(username=email).exists():
        raise EmailInUse(detail={"email": email})
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email, email=email, password=password)
    except IntegrityError:
        raise EmailInUse(detail={"email": email})
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def membership_create(
    *,
    tenant: Tenant,
    email: str,
    role: str,
    staff: Staff | None = None,
    password: str | None = None,
) -> Membership:
    """A login for the tenant. A staff login names its staff member."""
    if role == Role.STAFF and staff is None:
        raise StaffLoginNeedsStaff()
    user = _user_create(email, password)
    membership = Membership(
        tenant=tenant, user=user, role=role, staff=staff if role == Role.STAFF else None
    )
    membership.full_clean(exclude=["user"])
    membership.save()
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor) -> Membership:
    if membership.role == Role.OWNER:
        owners = Membership.objects.select_for_update().filter(
            tenant_id=membership.tenant_id, role=Role.OWNER, active=True
        )
        if owners.exclude(pk=membership.pk).count() == 0:
            raise LastOwner()
    membership.active = False
    membership.save(update_fields=["active", "updated_at"])
    audit_record(
        tenant=membership.tenant,
        actor=actor,
        action="membership.deactivated",
        target=membership.user.email,
    )
    return membership


def _office_url(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": str(invitation.id)}, salt=INVITATION_SALT)


@transaction.atomic
def invitation_create(
    *, tenant: Tenant, email: str, role: str, staff: Staff | None = None, invited_by=None
) -> tuple[Invitation, str]:
    """Invites an email to the tenant's back office; the link goes out through notifications."""
    email = normalize_email(email)
    if role == Role.STAFF and staff is None:
        raise StaffLoginNeedsStaff()
    if User.objects.filter(username=email).exists():
        raise EmailInUse(detail={"email": email})
    expires_at = timezone.now() + datetime.timedelta(seconds=settings.OFFICE_INVITATION_MAX_AGE)
    invitation = Invitation(
        tenant=tenant,
        email=email,
        role=role,
        staff=staff if role == Role.STAFF else None,
        invited_by=invited_by if getattr(invited_by, "pk", None) else None,
        expires_at=expires_at,
    )
    invitation.full_clean()
    invitation.save()
    token = invitation_token(invitation)
    publish_after_commit(
        notifications.SEND_OFFICE_INVITATION,
        notifications.OfficeAccessMessage(
            dedupe_key=f"office:invitation:{invitation.id}",
            tenant=tenant_payload(tenant),
            language=tenant.language,
            email=email,
            link=_office_url(f"/office/invitation/{token}/"),
            expires_at=iso_utc(expires_at),
            role=role,
            invited_by=getattr(invited_by, "email", "") or "",
        ),
    )
    if invitation.invited_by is not None:
        audit_record(
            tenant=tenant, actor=invited_by, action="invitation.sent", target=email, new=role
        )
    return invitation, token


def invitation_get_by_token(*, token: str) -> Invitation:
    """The open invitation a link names; InvitationInvalid when tampered, expired or used."""
    try:
        payload = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.OFFICE_INVITATION_MAX_AGE
        )
        invitation_id = str(payload["invitation"])
    except (signing.BadSignature, KeyError, TypeError):
        raise InvitationInvalid()
    invitation = (
        Invitation.objects.select_related("tenant")
        .filter(
            pk=invitation_id,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        raise InvitationInvalid()
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> Membership:
    """Sets the password of the new login; the link works once (the row is locked)."""
    invitation = invitation_get_by_token(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationInvalid()
    membership = membership_create(
        tenant=invitation.tenant,
        email=invitation.email,
        role=invitation.role,
        staff=invitation.staff,
        password=password,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    audit_record(
        tenant=invitation.tenant,
        actor=membership.user,
        action="invitation.accepted",
        target=invitation.email,
        new=invitation.role,
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        tenant=invitation.tenant, actor=actor, action="invitation.revoked", target=invitation.email
    )


def password_reset_request(*, email: str) -> None:
    """Sends a reset link when the email has an active login; answers the same either way."""
    user = User.objects.filter(username=normalize_email(email), is_active=True).first()
    membership = (
        Membership.objects.select_related("tenant").filter(user=user, active=True).first()
        if user
        else None
    )
    if membership is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    # Django's token hashes the password and last login: it stops working once used.
    token = default_token_generator.make_token(user)
    now = timezone.now()
    expires_at = now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    with transaction.atomic():
        publish_after_commit(
            notifications.SEND_OFFICE_PASSWORD_RESET,
            notifications.OfficeAccessMessage(
                dedupe_key=f"office:password-reset:{user.pk}:{token}",
                tenant=tenant_payload(membership.tenant),
                language=membership.tenant.language,
                email=user.email,
                link=_office_url(f"/office/password-reset/{uid}/{token}/"),
                expires_at=iso_utc(expires_at),
            ),
        )


def password_reset_user(*, uidb64: str, token: str):
    """The user a reset link names, or None when it is tampered, expired or used."""
    try:
        user = User.objects.filter(pk=int(force_str(urlsafe_base64_decode(uidb64)))).first()
    except (TypeError, ValueError, OverflowError):
        return None
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def password_set(*, user, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def tenant_create_with_owner(**fields) -> tuple[Tenant, str, Invitation | None]:
    """The operator's tenant with its first owner, invited by email to set a password.

    Without an owner email, or when that email has a login already (one login belongs to
    one tenant), the tenant is created without an invitation.
    """
    tenant, raw_key = tenant_create(**fields)
    email = normalize_email(fields.get("owner_email") or "")
    invitation = None
    if email and not User.objects.filter(username=email).exists():
        invitation, _ = invitation_create(tenant=tenant, email=email, role=Role.OWNER)
    return tenant, raw_key, invitation


@transaction.atomic
def office_policy_set(*, tenant: Tenant, actor, require_two_factor: bool) -> OfficePolicy:
    policy, _ = OfficePolicy.objects.select_for_update().get_or_create(tenant=tenant)
    if policy.require_two_factor != require_two_factor:
        audit_record(
            tenant=tenant,
            actor=actor,
            action="security.changed",
            field="require_two_factor",
            old=policy.require_two_factor,
            new=require_two_factor,
        )
        policy.require_two_factor = require_two_factor
        policy.save()
    return policy


@transaction.atomic
def booking_outcome_mark(*, tenant: Tenant, booking, outcome: str, actor) -> BookingOutcome:
    """Marks how a confirmed appointment went (completed or no-show); the last mark wins."""
    row, _ = BookingOutcome.objects.update_or_create(
        booking=booking, defaults={"tenant": tenant, "outcome": outcome, "marked_by": actor}
    )
    audit_record(tenant=tenant, actor=actor, action=f"booking.{outcome}", target=str(booking.id))
    return row
