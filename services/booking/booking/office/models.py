"""Who may use the back office of which tenant, and what they changed there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from booking.common.models import TenantOwnedModel


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class Membership(TenantOwnedModel):
    """A login of one tenant with its role. A staff login is tied to its staff member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    staff = models.ForeignKey(
        "catalog.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta(TenantOwnedModel.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["owner", "manager", "staff"]), name="membership_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Invitation(TenantOwnedModel):
    """An invitation to join a tenant. The emailed link is signed; the row makes it single use."""

    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
    staff = models.ForeignKey(
        "catalog.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class OfficePolicy(TenantOwnedModel):
    """Back-office rules a tenant's owner sets: two-factor for everyone (Enterprise)."""

    require_two_factor = models.BooleanField(default=False)

    class Meta(TenantOwnedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="office_policy_one_per_tenant")
        ]


class BookingOutcome(TenantOwnedModel):
    """How an appointment went, marked after it: completed or a no-show."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed"
        NO_SHOW = "no_show"

    booking = models.OneToOneField(
        "reservations.Booking", on_delete=models.CASCADE, related_name="outcome"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class AuditEntry(TenantOwnedModel):
    """Who changed what, when, from what to what. Written in the change's transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_email = models.EmailField(blank=True)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=60, blank=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)

    class Meta(TenantOwnedModel.Meta):
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["tenant", "-created_at"], name="audit_tenant_recent")]
