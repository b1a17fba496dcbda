from rest_framework import serializers


class PaymentConfigOutputSerializer(serializers.Serializer):
    publishable_key = serializers.CharField()
    stripe_js_url = serializers.CharField(help_text="The Stripe.js address the widget loads.")


class CheckoutCreateInputSerializer(serializers.Serializer):
    payment_order = serializers.CharField(
        max_length=4000, help_text="The signed payment order the booking service issued."
    )
    payment_method = serializers.RegexField(
        r"^(pm|card|src)_[A-Za-z0-9_]{1,250}$",
        help_text="The Stripe PaymentMethod id Stripe.js created in the browser.",
    )


class CheckoutCreateOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["succeeded", "requires_action", "failed", "processing"],
        help_text="failed: the card was declined; decline_code and decline_message say why "
        "and another card may be tried while the order is valid. requires_action: complete "
        "3-D Secure with Stripe.js using client_secret. The booking is confirmed by Stripe's "
        "webhook, not by this answer.",
    )
    client_secret = serializers.CharField(allow_blank=True)
    payment_intent = serializers.CharField(source="payment_intent_id", allow_blank=True)
    amount = serializers.IntegerField(help_text="Minor units.")
    currency = serializers.CharField()
    kind = serializers.ChoiceField(choices=["full", "deposit"])
    decline_code = serializers.CharField(allow_blank=True)
    decline_message = serializers.CharField(allow_blank=True)


class StripeWebhookOutputSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    duplicate = serializers.BooleanField(help_text="True when this event id was processed before.")


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.JSONField(allow_null=True)
