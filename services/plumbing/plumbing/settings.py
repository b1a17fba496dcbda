"""What every service's settings read from the environment, read the same way.

A service's `config/settings.py` says what is its own (apps, secrets, business knobs) and
takes the rest from here. Development defaults need no server: SQLite and a file cache under
var/, a filesystem broker. With DATABASE_URL and REDIS_URL set, PostgreSQL and Redis.
DJANGO_ENV=production refuses to start without the secrets and servers it needs.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from contracts.celery import BASELINE, broker_transport_options
from django.core.exceptions import ImproperlyConfigured

from plumbing import broker

# What a service's settings take with `from plumbing.settings import *`: the Django settings
# every service shares (upper case) and the helpers that read the rest from the environment.
__all__ = [
    "DEFAULT_AUTO_FIELD",
    "ENVIRONMENT",
    "LANGUAGE_CODE",
    "PRODUCTION",
    "TIME_ZONE",
    "USE_I18N",
    "USE_TZ",
    "WHITENOISE_AUTOREFRESH",
    "WHITENOISE_USE_FINDERS",
    "allowed_hosts",
    "caches",
    "celery",
    "databases",
    "env",
    "env_flag",
    "env_float",
    "env_int",
    "env_list",
    "middleware",
    "require_in_production",
    "rest_framework",
    "secret_key_fallbacks",
    "spectacular",
    "static_root",
    "templates",
    "var_dir",
]
ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

# The same in every service; a service imports them into its settings by name. Time is UTC
# inside; each answer speaks ISO 8601 with an offset.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
# Static files (the API documents' assets) are served by the service itself (whitenoise).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False


def env(name: str, default: str = "", *, secret: bool = False) -> str:
    """The variable's value; its default outside production. A secret must be set in
    production: its development default is public."""
    value = os.environ.get(name, "")
    if value:
        return value
    if secret and PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return default


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = env(name, str(default))
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_flag(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes")


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable, its empty items dropped."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def var_dir(repo_root: Path) -> Path:
    """Where development keeps its SQLite files, file cache and filesystem broker."""
    path = Path(os.environ.get("VAR_DIR") or repo_root / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def static_root(service: str, var: Path) -> Path:
    """Where collectstatic puts the service's files (served under /api/<service>/static/)."""
    path = var / "static" / service
    path.mkdir(parents=True, exist_ok=True)
    return path


def allowed_hosts() -> list[str]:
    """Any host in development; production names its own."""
    return env_list("ALLOWED_HOSTS", "" if PRODUCTION else "*")


def secret_key_fallbacks() -> list[str]:
    """Old keys still accepted for signatures while a new one rolls out (docs/operations.md)."""
    return env_list("DJANGO_SECRET_KEY_FALLBACKS")


def databases(database_url: str, sqlite_file: Path, *, sqlite_test_file: bool = False) -> dict:
    """PostgreSQL from DATABASE_URL, else a development SQLite file.

    A connection PostgreSQL dropped (a restart) is replaced at the next request, and a server
    that is down fails fast: requests answer 503 dependency_unavailable meanwhile
    (plumbing.dependencies). On SQLite, writers take the lock when the transaction begins, so
    two writers are serialised instead of failing at commit (Django 5.1+). With
    sqlite_test_file the tests use a file too: the in-memory database's table locks ignore the
    timeout, so concurrent tests would fail where the real file waits its turn."""
    if database_url:
        default = dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)
        default.setdefault("OPTIONS", {})["connect_timeout"] = 3
        return {"default": default}
    default = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_file,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
    if sqlite_test_file:
        default["TEST"] = {"NAME": str(sqlite_file.with_name(f"test_{sqlite_file.name}"))}
    return {"default": default}


def caches(redis_url: str, service: str, var: Path) -> dict:
    """Redis from REDIS_URL (keys prefixed with the service), else a file cache."""
    if redis_url:
        backend = {
            "BACKEND": "plumbing.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": service,
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var / "cache" / service),
            # Availability keeps many small entries; the default of 300 churns.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    return {"default": backend}


def celery(redis_url: str, var: Path, **overrides: Any) -> dict:
    """The service's Celery settings: the shared baseline (contracts.celery), Redis from
    REDIS_URL or the filesystem broker, tasks routed by contracts.routing, and broker calls
    bounded in time so a broker outage never hangs a request (plumbing.broker)."""
    broker_url = redis_url or "filesystem://"
    return broker.bounded(
        {
            **BASELINE,
            "broker_url": broker_url,
            "broker_transport_options": broker_transport_options(broker_url, str(var / "broker")),
            "task_routes": ("contracts.routing.route_task",),
            "beat_scheduler": "django_celery_beat.schedulers:DatabaseScheduler",
            "timezone": "UTC",
            **overrides,
        }
    )


def rest_framework() -> dict:
    """JSON in, JSON out; errors in the one envelope (plumbing.errors); no DRF authentication
    (each API checks its own credentials)."""
    return {
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "plumbing.errors.exception_handler",
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    }


def spectacular(title: str, description: str, **overrides: Any) -> dict:
    """The OpenAPI document: assets from drf-spectacular-sidecar (no CDN), request and answer
    components apart, and every operation declaring the errors its shape implies."""
    return {
        "TITLE": title,
        "DESCRIPTION": f"{description} Errors are always JSON {{code, message, detail}}.",
        "VERSION": "1.0.0",
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "contracts.openapi.declare_errors",
        ],
        **overrides,
    }


def templates(*context_processors: str) -> list[dict]:
    """Django's template engine, templates in each app's templates/ folder."""
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": list(context_processors)},
        }
    ]


def middleware() -> list[str]:
    """The middleware every HTTP service starts with, outermost first: metrics time every
    request and answer GET /metrics (plumbing.metrics), then the request id and the request's
    log line, security headers and static files."""
    return [
        "plumbing.metrics.MetricsMiddleware",
        "plumbing.request_id.RequestIdMiddleware",
        "plumbing.logs.RequestLogMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.middleware.common.CommonMiddleware",
    ]


def require_in_production(**values: str) -> None:
    """Production refuses to start without its servers (DATABASE_URL, REDIS_URL, ...)."""
    if not PRODUCTION:
        return
    missing = sorted(name for name, value in values.items() if not value)
    if missing:
        raise ImproperlyConfigured(f"{' and '.join(missing)} must be set in production.")
