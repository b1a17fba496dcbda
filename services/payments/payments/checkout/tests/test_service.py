"""The service as operators see it: settings from the environment, health, the API document."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVICE_DIR = Path(__file__).resolve().parents[3]
SECRETS = {
    "DJANGO_SECRET_KEY": "prod-secret",
    "PAYMENT_ORDER_SECRET": "prod-order-secret",
    "STRIPE_SECRET_KEY": "sk_live_x",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
}


def start_in_production(**overrides: str) -> subprocess.CompletedProcess:
    """Loads the settings in a fresh process, as gunicorn would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SECRETS and key not in ("DJANGO_ENV", "PAYMENTS_ENABLED")
    }
    env.update(
        DJANGO_ENV="production",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        REDIS_URL="redis://127.0.0.1:6379/15",
        ALLOWED_HOSTS="payments.example.com",
        **overrides,
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from config import settings"],
        cwd=SERVICE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_production_refuses_to_start_without_a_secret_while_payments_are_on(missing):
    present = {key: value for key, value in SECRETS.items() if key != missing}

    result = start_in_production(**present)

    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_starts_with_every_secret_and_talks_to_real_stripe():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(repr(settings.STRIPE_API_BASE), settings.STRIPE_JS_URL)",
        ],
        cwd=SERVICE_DIR,
        env={
            **{
                k: v for k, v in os.environ.items() if k not in ("STRIPE_API_BASE", "STRIPE_JS_URL")
            },
            **SECRETS,
            "DJANGO_ENV": "production",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["''", "https://js.stripe.com/v3/"]


def test_production_without_payments_needs_no_stripe_keys():
    result = start_in_production(PAYMENTS_ENABLED="0", DJANGO_SECRET_KEY="prod-secret")

    assert result.returncode == 0, result.stderr


def test_healthz_answers_while_the_process_is_up(api_client):
    response = api_client.get("/api/payments/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database_cache_and_broker(api_client):
    response = api_client.get("/api/payments/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


def test_the_api_document_and_its_offline_docs_are_served(api_client):
    schema = api_client.get("/api/payments/v1/schema/")
    docs = api_client.get("/api/payments/v1/docs/")

    assert schema.status_code == 200
    assert b"/api/payments/v1/checkouts" in schema.content
    assert docs.status_code == 200
    # The Swagger UI comes from drf-spectacular-sidecar, not a CDN.
    assert b"/api/payments/static/drf_spectacular_sidecar/" in docs.content


def test_errors_outside_the_api_are_json_too(api_client):
    response = api_client.get("/api/payments/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
