from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "booking.webhooks"
    label = "webhooks"
    verbose_name = "Outgoing webhooks"
