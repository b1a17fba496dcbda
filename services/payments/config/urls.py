from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from payments.common import health

urlpatterns = [
    path("api/payments/healthz", health.healthz, name="healthz"),
    path("api/payments/readyz", health.readyz, name="readyz"),
    path("api/payments/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/payments/v1/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/payments/v1/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/payments/v1/", include("payments.checkout.api.urls")),
]

handler400 = "payments.common.errors.json_bad_request"
handler404 = "payments.common.errors.json_not_found"
handler500 = "payments.common.errors.json_server_error"
