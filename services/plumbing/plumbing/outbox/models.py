"""One row per cross-service message, written in the transaction of the change it tells."""

from django.db import models
from django.db.models import Q


class OutboxMessage(models.Model):
    """A Celery task to publish by name: pending until the broker accepted it."""

    id = models.BigAutoField(primary_key=True)
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField()
    # The receiver's de-duplication key, kept here to find a message in the logs.
    dedupe_key = models.CharField(max_length=255, blank=True, default="")
    # The request that caused it (plumbing.logs): the message carries it whenever it is sent,
    # so a message the beat's sweep publishes later is still traced to that request.
    request_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [
            # The relay only ever scans what is still pending, oldest first.
            models.Index(fields=["id"], name="outbox_pending", condition=Q(sent_at__isnull=True)),
            models.Index(fields=["sent_at"], name="outbox_sent_at"),
        ]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "pending"
        return f"{self.task_name} #{self.id} ({state})"
