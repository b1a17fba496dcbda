from django.urls import path

from . import views

urlpatterns = [
    path("webhooks", views.WebhookListApi.as_view(), name="admin-webhooks"),
    path("webhooks/<uuid:webhook_id>", views.WebhookDetailApi.as_view(), name="admin-webhook"),
    path(
        "webhooks/<uuid:webhook_id>/rotate-secret",
        views.WebhookSecretRotateApi.as_view(),
        name="admin-webhook-rotate-secret",
    ),
    path(
        "webhooks/<uuid:webhook_id>/test",
        views.WebhookTestApi.as_view(),
        name="admin-webhook-test",
    ),
    path(
        "webhooks/<uuid:webhook_id>/deliveries",
        views.WebhookDeliveryListApi.as_view(),
        name="admin-webhook-deliveries",
    ),
    path(
        "webhooks/<uuid:webhook_id>/deliveries/<uuid:delivery_id>/retry",
        views.WebhookDeliveryRetryApi.as_view(),
        name="admin-webhook-delivery-retry",
    ),
]
