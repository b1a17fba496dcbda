from django.db import models


class SentMessage(models.Model):
    """One email to one recipient for one business event (its dedupe key).

    The row is claimed before the email goes out and marked sent right after, so a
    redelivered task finds it; see services.message_claim for the guarantees.
    """

    class State(models.TextChoices):
        SENDING = "sending"  # claimed by `claimed_by` until `lease_until`
        SENT = "sent"
        FAILED = "failed"  # the last attempt failed; anyone may claim it again

    dedupe_key = models.CharField(max_length=200)
    recipient = models.CharField(max_length=254)  # lower-cased address
    kind = models.CharField(max_length=64)  # template, e.g. booking_confirmed_business
    tenant_id = models.CharField(max_length=64)
    booking_id = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    claimed_by = models.CharField(max_length=255)  # the Celery task id of the claimant
    lease_until = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=1)
    message_id = models.CharField(max_length=255)
    subject = models.CharField(max_length=255, blank=True)
    worker = models.CharField(max_length=255, blank=True)  # the worker that sent it
    queue = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"], name="sent_message_once_per_recipient"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["sending", "sent", "failed"]),
                name="sent_message_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="sent_message_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.state})"


class FailedTask(models.Model):
    """A task that still failed after its retries, kept to be sent again by
    `manage.py retry_failed` once the cause is fixed."""

    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=255)
    payload = models.JSONField()  # the task's kwargs as they arrived
    error = models.TextField()
    retries = models.PositiveIntegerField(default=0)
    retried_at = models.DateTimeField(null=True, blank=True)
    retry_task_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["retried_at"], name="failed_task_pending")]

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id}"
