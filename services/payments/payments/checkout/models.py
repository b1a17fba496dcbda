"""Payment orders, Stripe PaymentIntents, refunds and the Stripe events received.

Payments never reads booking data: tenant and booking are plain ids from the
signed order. Stripe is the source of truth; these rows record what it said and
decide, through unique constraints, that each thing happens once.
"""

from django.db import models
from django.db.models import Q
from plumbing.models import TimestampedModel


class Kind(models.TextChoices):
    FULL = "full"
    DEPOSIT = "deposit"


class PaymentOrder(TimestampedModel):
    """A verified order signed by the booking service: what may be charged for a booking."""

    order_id = models.CharField(max_length=200, unique=True)
    tenant_id = models.CharField(max_length=64)
    booking_id = models.CharField(max_length=64, db_index=True)
    amount = models.PositiveIntegerField()  # minor units
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The order's one Stripe PaymentIntent, set once: every checkout of the order confirms
    # this intent (another card updates its payment method). Any other intent that
    # succeeds for the order is a duplicate charge, refunded. Empty only for an order
    # first seen through an intent's event before any checkout recorded it.
    payment_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)

    class Meta(TimestampedModel.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_order_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["full", "deposit"]), name="payment_order_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.order_id


class Payment(TimestampedModel):
    """One Stripe PaymentIntent for an order.

    `status` only moves forward (see RANK): Stripe's events arrive in any order
    and a late `processing` must not undo a `succeeded`. Only a verified webhook
    sets `succeeded`; `checkout_status` is what the checkout answered the widget.
    """

    class Status(models.TextChoices):
        REQUIRES_ACTION = "requires_action"
        FAILED = "failed"
        CANCELED = "canceled"
        PROCESSING = "processing"
        SUCCEEDED = "succeeded"

    RANK = {
        Status.REQUIRES_ACTION: 10,
        Status.FAILED: 20,
        Status.CANCELED: 20,
        Status.PROCESSING: 30,
        Status.SUCCEEDED: 40,
    }

    order = models.ForeignKey(PaymentOrder, on_delete=models.PROTECT, related_name="payments")
    tenant_id = models.CharField(max_length=64)
    booking_id = models.CharField(max_length=64, db_index=True)
    payment_intent_id = models.CharField(max_length=255, unique=True)
    payment_method_id = models.CharField(max_length=255, blank=True)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    checkout_status = models.CharField(max_length=20, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    decline_code = models.CharField(max_length=100, blank=True)
    decline_message = models.CharField(max_length=500, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta(TimestampedModel.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["requires_action", "failed", "canceled", "processing", "succeeded"]
                ),
                name="payment_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["tenant_id", "booking_id"], name="payment_booking_idx")]

    def __str__(self) -> str:
        return self.payment_intent_id


class CheckoutAttempt(TimestampedModel):
    """A checkout of an order talking to Stripe right now: at most one per order.

    Inserted before the first Stripe call and deleted after the last, so a second tab's
    checkout of the same order finds it and is answered 409 payment_in_progress. One
    left behind by a crashed process stops counting at `expires_at`.
    """

    order_id = models.CharField(max_length=200, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.order_id


class Refund(TimestampedModel):
    """The refund of one payment; at most one per payment, whoever asks how often."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=50)
    dedupe_key = models.CharField(max_length=255, blank=True)

    class Meta(TimestampedModel.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.stripe_refund_id


class WebhookEvent(TimestampedModel):
    """A Stripe event processed; the unique event id makes a second delivery a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    stripe_created = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.event_id
