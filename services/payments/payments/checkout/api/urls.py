from django.urls import path

from .views import CheckoutCreateApi, PaymentConfigGetApi, StripeWebhookReceiveApi

urlpatterns = [
    path("config", PaymentConfigGetApi.as_view(), name="payment-config"),
    path("checkouts", CheckoutCreateApi.as_view(), name="checkout-create"),
    path("stripe/webhook", StripeWebhookReceiveApi.as_view(), name="stripe-webhook"),
]
