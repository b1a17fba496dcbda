"""Settings of the payments service, read from the environment.

Development defaults need no server: SQLite under var/, a file cache, a
filesystem broker and localstripe on 127.0.0.1:8420 as Stripe. With DATABASE_URL
and REDIS_URL set it uses PostgreSQL and Redis. DJANGO_ENV=production refuses to
start without its secrets while payments are on.
Every variable is documented in .env.example beside manage.py.
"""

import os
from pathlib import Path

import dj_database_url
from contracts.celery import BASELINE, broker_transport_options
from django.core.exceptions import ImproperlyConfigured
from plumbing import broker
from plumbing.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR") or REPO_ROOT / "var")
ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
# Payments can be switched off for a deployment that only offers free bookings.
PAYMENTS_ENABLED = os.environ.get("PAYMENTS_ENABLED", "1") == "1"


def env(name: str, default: str = "", *, secret: bool = False) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if secret and PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return default


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-payments-secret-key", secret=True)
# Old keys still accepted for signatures while a new one rolls out (docs/operations.md).
SECRET_KEY_FALLBACKS = [k for k in env("DJANGO_SECRET_KEY_FALLBACKS").split(",") if k]
# Shared with the booking service, which signs the orders this service verifies.
PAYMENT_ORDER_SECRET = env(
    "PAYMENT_ORDER_SECRET", "dev-payment-order-secret", secret=PAYMENTS_ENABLED
)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "sk_test_localstripe", secret=PAYMENTS_ENABLED)
STRIPE_WEBHOOK_SECRET = env(
    "STRIPE_WEBHOOK_SECRET", "whsec_localstripe_dev", secret=PAYMENTS_ENABLED
)
STRIPE_PUBLISHABLE_KEY = env(
    "STRIPE_PUBLISHABLE_KEY", "pk_test_localstripe", secret=PAYMENTS_ENABLED
)
# Empty means the real Stripe API. Development talks to localstripe over plain http.
STRIPE_API_BASE = env("STRIPE_API_BASE", "" if PRODUCTION else "http://127.0.0.1:8420")
STRIPE_JS_URL = env(
    "STRIPE_JS_URL",
    f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/",
)
# Seconds a Stripe call may take before the widget is told the provider is unavailable.
STRIPE_TIMEOUT = float(env("STRIPE_TIMEOUT", "20"))
# Stripe's own default tolerance: a signed event older than this is refused (replays).
STRIPE_WEBHOOK_TOLERANCE = int(env("STRIPE_WEBHOOK_TOLERANCE", "300"))
# Reconciliation with Stripe (daily through payments-beat, on demand with
# `manage.py reconcile_payments`) looks at the intents created in the last this many days.
PAYMENTS_RECONCILE_DAYS = int(env("PAYMENTS_RECONCILE_DAYS", "3"))

DEBUG = env("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "" if PRODUCTION else "*").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "plumbing.outbox",
    "payments.common",
    "payments.checkout",
]

MIDDLEWARE = [
    # Outermost: times every request and answers GET /metrics on this port (plumbing.metrics).
    "plumbing.metrics.MetricsMiddleware",
    "payments.common.request_id.RequestIdMiddleware",
    "plumbing.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
]

METRICS_SERVICE = "payments"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # A connection PostgreSQL dropped (a restart) is replaced at the next request, and a
    # server that is down fails fast: requests answer 503 dependency_unavailable meanwhile.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "payments.sqlite3",
            # Writers take the lock when the transaction begins, so two writers
            # are serialised instead of failing at commit (Django 5.1+).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            # A file, not the shared in-memory database: its table locks ignore the timeout,
            # so concurrent tests would fail where the real file waits its turn.
            "TEST": {"NAME": str(VAR_DIR / "test_payments.sqlite3")},
        }
    }

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "payments",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "payments"),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
STATIC_URL = "/api/payments/static/"
STATIC_ROOT = VAR_DIR / "static" / "payments"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "payments.common.errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Payments service API",
    "DESCRIPTION": "Checkout of signed payment orders through Stripe, and Stripe's webhooks. "
    "Errors are always JSON {code, message, detail}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation declares the error statuses its shape implies (contracts.openapi).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "contracts.openapi.declare_errors",
    ],
}

BROKER_TRANSPORT_OPTIONS = broker_transport_options(
    REDIS_URL or "filesystem://", str(VAR_DIR / "broker")
)
CELERY = broker.bounded(
    {
        **BASELINE,
        "broker_url": REDIS_URL or "filesystem://",
        "broker_transport_options": BROKER_TRANSPORT_OPTIONS,
        "task_routes": ("contracts.routing.route_task",),
        "beat_scheduler": "django_celery_beat.schedulers:DatabaseScheduler",
        "timezone": "UTC",
    }
)

# Cross-service messages go through the transactional outbox (plumbing.outbox): written in
# the transaction of the change, relayed after commit, swept by this service's beat.
OUTBOX_CELERY_APP = "config.celery.app"
OUTBOX_RELAY_TASK = "payments.outbox.relay"
OUTBOX_RELAY_QUEUE = "payments.events"
OUTBOX_SWEEP_SECONDS = int(env("OUTBOX_SWEEP_SECONDS", "5"))
OUTBOX_BROKER_BACKOFF = float(env("OUTBOX_BROKER_BACKOFF", "5"))

# One JSON line per request and per task with LOG_FORMAT=json (plumbing.logs).
LOGGING = logging_config(
    log_format=env("LOG_FORMAT", "plain"),
    level=env("LOG_LEVEL", "INFO"),
    # The stripe SDK logs every request at INFO; our own log lines say what matters.
    loggers={"stripe": {"level": "WARNING"}},
)

if PRODUCTION:
    if not DATABASE_URL or not REDIS_URL:
        raise ImproperlyConfigured("DATABASE_URL and REDIS_URL must be set in production.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
