from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "payments.checkout"
    label = "checkout"
