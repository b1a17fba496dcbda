"""Input and output of the webhooks admin API; top-level names unique in the schema."""

from rest_framework import serializers

from booking.webhooks.events import EVENT_CHOICES

EVENTS_HELP = (
    "The event types this endpoint receives: booking.created, booking.confirmed, "
    "booking.rescheduled, booking.cancelled, booking.expired, payment.succeeded, "
    "payment.refunded."
)


class WebhookEndpointCreateInputSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=2000,
        help_text="Where events are POSTed: https (plain http only outside production); never "
        "a loopback, private, link-local, multicast or cloud metadata address, checked again "
        "after DNS resolution at every attempt.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        min_length=1,
        max_length=len(EVENT_CHOICES),
        help_text=EVENTS_HELP,
    )
    description = serializers.CharField(max_length=500, allow_blank=True, default="")
    active = serializers.BooleanField(default=True)


class WebhookEndpointUpdateInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        min_length=1,
        max_length=len(EVENT_CHOICES),
        required=False,
        help_text=EVENTS_HELP,
    )
    description = serializers.CharField(max_length=500, allow_blank=True, required=False)
    active = serializers.BooleanField(
        required=False,
        help_text="Switching a disabled endpoint on again starts its failure window afresh.",
    )


class WebhookEndpointOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    active = serializers.BooleanField()
    failing_since = serializers.DateTimeField(
        allow_null=True, help_text="The first failed attempt since the last success."
    )
    disabled_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When every attempt had failed for 5 days and the endpoint was switched off "
        "(the owner is emailed).",
    )
    disabled_reason = serializers.CharField()
    previous_secret_expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="After a rotation: until then deliveries carry a signature with the old "
        "secret too.",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WebhookEndpointSecretOutputSerializer(WebhookEndpointOutputSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (whsec_...), shown only in this answer."
    )


class WebhookEndpointListOutputSerializer(serializers.Serializer):
    results = WebhookEndpointOutputSerializer(many=True)


class WebhookDeliveryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    webhook_id = serializers.CharField(help_text="The webhook-id header: the same every attempt.")
    event = serializers.CharField(source="event_type")
    state = serializers.CharField(help_text="pending, succeeded or failed (final).")
    attempts = serializers.IntegerField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    latency_ms = serializers.IntegerField(
        source="last_latency_ms", allow_null=True, help_text="Of the last attempt."
    )
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField(
        allow_null=True, help_text="The next retry; null once final."
    )
    finished_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class WebhookDeliveryListQueryInputSerializer(serializers.Serializer):
    cursor = serializers.CharField(
        required=False, max_length=200, help_text="next_cursor of the previous page."
    )
    limit = serializers.IntegerField(min_value=1, max_value=100, default=50)


class WebhookDeliveryListOutputSerializer(serializers.Serializer):
    results = WebhookDeliveryOutputSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as cursor for older deliveries; null on the last page."
    )
