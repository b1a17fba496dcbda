import subprocess
import sys

import pytest
from django.conf import settings


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/api/booking/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_broker(client):
    response = client.get("/api/booking/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_is_degraded_not_down_when_the_broker_is_unreachable(client, monkeypatch):
    """Bookings go on without the broker (their messages wait in the outbox), so a load
    balancer must keep the instance: 200, with the broker named as degraded."""
    from config.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/api/booking/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["checks"]["broker"] == "unreachable"
    assert body["degraded"] == ["broker"]


def test_unknown_paths_are_json_404(client):
    response = client.get("/api/booking/v1/nowhere")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_cors_only_for_the_tenants_own_sites(client, tenant):
    tenant.allowed_origins = ["https://studio.example"]
    tenant.save()
    path = f"/api/booking/v1/public/{tenant.slug}/services"

    allowed = client.options(
        path, HTTP_ORIGIN="https://studio.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    refused = client.options(
        path, HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )

    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == "https://studio.example"
    assert "X-Cart-Token" in allowed["Access-Control-Allow-Headers"]
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused


def test_production_refuses_to_start_without_its_secrets():
    env = {
        "DJANGO_ENV": "production",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_request_id_is_echoed_and_written_in_error_logs(client, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        response = client.get("/api/booking/v1/nowhere", HTTP_X_REQUEST_ID="req-abc-123")

    from plumbing.logs import RequestIdFilter

    assert response["X-Request-ID"] == "req-abc-123"
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestIdFilter().filter(record)
    assert record.request_id == "req-abc-123"


def test_a_refused_request_is_logged_once_not_again_by_django(client, caplog):
    # Its access line (gunicorn's, or the `request` logger's in JSON) says it already:
    # django.request keeps to errors (plumbing.logs), so a storm of 409s is not logged twice.
    with caplog.at_level("INFO"):
        response = client.get("/api/booking/v1/nowhere")

    assert response.status_code == 404
    assert [r for r in caplog.records if r.name == "django.request"] == []
