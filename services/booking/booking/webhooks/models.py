"""Webhook endpoints of a tenant and each event's delivery to one of them."""

from django.db import models
from django.db.models import Q

from booking.common.models import TenantOwnedModel


class WebhookEndpoint(TenantOwnedModel):
    """Where a tenant wants its events, and the secret they are signed with.

    The secret is kept readable because every delivery is signed with it; the API shows it
    once. After a rotation the previous secret signs too until previous_secret_expires_at.
    """

    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=500, blank=True, default="")
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    # Set by the first failed attempt since the last success; 5 days of it disable the endpoint.
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True, default="")

    class Meta(TenantOwnedModel.Meta):
        indexes = [models.Index(fields=["tenant", "active"], name="webhook_endpoint_active")]

    def __str__(self) -> str:
        return f"{self.url} ({self.tenant_id})"


class WebhookDelivery(TenantOwnedModel):
    """One event for one endpoint: the exact body sent and where its attempts stand.

    Every attempt (and a manual retry) sends the same webhook-id and body, so a receiver
    de-duplicates by webhook-id (Standard Webhooks).
    """

    class State(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="+")
    webhook_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=50)
    body = models.TextField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    last_latency_ms = models.PositiveIntegerField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the next attempt is due (null once final).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # An attempt in flight (or just published) owns the delivery until then: the sweep
    # does not publish it again meanwhile.
    leased_until = models.DateTimeField(null=True, blank=True)
    # An attempt under way: another copy of its task stays away until then (and the sweep
    # makes it again if the worker died before recording it).
    in_flight_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantOwnedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "webhook_id"], name="webhook_delivery_once"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(next_attempt_at__isnull=True),
                name="webhook_delivery_final_not_due",
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_delivery_log"),
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(state="pending"),
            ),
            models.Index(fields=["created_at"], name="webhook_delivery_created"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id} ({self.state})"
