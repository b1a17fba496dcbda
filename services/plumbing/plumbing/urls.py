"""The addresses every service with an API answers under /api/<service>/: liveness and
readiness (plumbing.health), and its OpenAPI document with Swagger UI and Redoc."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from plumbing import health


def service_urls(service: str) -> list:
    prefix = f"api/{service}"
    return [
        path(f"{prefix}/healthz", health.healthz, name="healthz"),
        path(f"{prefix}/readyz", health.readyz, name="readyz"),
        path(f"{prefix}/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
        path(f"{prefix}/v1/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
        path(f"{prefix}/v1/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    ]
