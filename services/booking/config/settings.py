"""Settings of the booking service, read from the environment.

Development defaults need no server: SQLite under var/, a file cache and a
filesystem broker. With DATABASE_URL and REDIS_URL set it uses PostgreSQL and
Redis. DJANGO_ENV=production refuses to start without its secrets.
Every variable is documented in .env.example beside manage.py.
"""

import datetime
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


def env(name: str, default: str = "", *, secret: bool = False) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if secret and PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return default


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-booking-secret-key", secret=True)
# Old keys still accepted for signatures while a new one rolls out (docs/operations.md).
SECRET_KEY_FALLBACKS = [k for k in env("DJANGO_SECRET_KEY_FALLBACKS").split(",") if k]
PLATFORM_TOKEN = env("PLATFORM_TOKEN", "dev-platform-token", secret=True)
PAYMENT_ORDER_SECRET = env("PAYMENT_ORDER_SECRET", "dev-payment-order-secret", secret=True)
# Where the client's manage link points (the widget's address as customers see it).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://localhost:8080")
DEBUG = env("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "" if PRODUCTION else "*").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "plumbing.outbox",
    "booking.common",
    "booking.tenants",
    "booking.catalog",
    "booking.availability",
    "booking.reservations",
]

MIDDLEWARE = [
    # Outermost: times every request and answers GET /metrics on this port (plumbing.metrics).
    "plumbing.metrics.MetricsMiddleware",
    "booking.common.request_id.RequestIdMiddleware",
    "plumbing.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "booking.common.cors.TenantCorsMiddleware",
]

METRICS_SERVICE = "booking"
# The holds endpoint's 201/409 answers count holds won and lost (plumbing.metrics).
METRICS_HOLDS_ROUTE_SUFFIX = "/holds"
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
            "NAME": VAR_DIR / "booking.sqlite3",
            # Writers take the lock when the transaction begins, so two writers
            # are serialised instead of failing at commit (Django 5.1+).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "booking",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "booking"),
            # Availability keeps many small entries; the default of 300 churns.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
STATIC_URL = "/api/booking/static/"
STATIC_ROOT = VAR_DIR / "static" / "booking"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "booking.common.errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Booking service API",
    "DESCRIPTION": "Tenants, catalog, availability, holds and bookings. "
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
    # Two different "status" and "plan" enums would otherwise collide in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CalendarDayStatusEnum": "booking.availability.selectors.DAY_STATUS_CHOICES",
        "PlanEnum": "booking.tenants.plans.PLAN_CHOICES",
        "TimezoneEnum": "booking.tenants.models.TIMEZONES",
    },
}

CELERY = broker.bounded(
    {
        **BASELINE,
        "broker_url": REDIS_URL or "filesystem://",
        "broker_transport_options": broker_transport_options(
            REDIS_URL or "filesystem://", str(VAR_DIR / "broker")
        ),
        "task_routes": ("contracts.routing.route_task",),
        "beat_scheduler": "django_celery_beat.schedulers:DatabaseScheduler",
        "timezone": "UTC",
    }
)

# Cross-service messages go through the transactional outbox (plumbing.outbox): written in
# the transaction of the change, relayed after commit, swept by this service's beat.
OUTBOX_CELERY_APP = "config.celery.app"
OUTBOX_RELAY_TASK = "booking.outbox.relay"
OUTBOX_RELAY_QUEUE = "booking.maintenance"
OUTBOX_SWEEP_SECONDS = int(env("OUTBOX_SWEEP_SECONDS", "5"))
OUTBOX_BROKER_BACKOFF = float(env("OUTBOX_BROKER_BACKOFF", "5"))

# -- caps per client address (issue 16) ------------------------------------------------------
# Only these peers may tell the client's address in X-Forwarded-For / X-Real-IP: the gateway,
# which overwrites both with the address it sees. Anyone else is counted under its own
# address, whatever it sends. Comma-separated addresses or networks; loopback by default
# (the gateway on the same host). In a container network, name the gateway's network.
TRUSTED_PROXIES = [
    item.strip()
    for item in env("TRUSTED_PROXIES", "127.0.0.0/8,::1/128").split(",")
    if item.strip()
]
# The proof-of-work challenge (ALTCHA) past half of a hold cap: its HMAC key (derived from
# the secret key unless set) and how hard it is (the answer is a random number up to this; a
# browser tries about half of them on average). bench/challenge measures a customer's cost.
HOLD_CHALLENGE_HMAC_KEY = env("HOLD_CHALLENGE_HMAC_KEY", f"{SECRET_KEY}:hold-challenge")
HOLD_CHALLENGE_MAX_NUMBER = int(env("HOLD_CHALLENGE_MAX_NUMBER", "20000"))

# One JSON line per request and per task with LOG_FORMAT=json (plumbing.logs).
LOGGING = logging_config(log_format=env("LOG_FORMAT", "plain"), level=env("LOG_LEVEL", "INFO"))

# -- the back office at /office/ (booking.office): sessions, CSRF, login throttling, TOTP ----
INSTALLED_APPS += [
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "axes",
    "booking.office",
]
MIDDLEWARE += [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into the page.
    "axes.middleware.AxesMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [
    "django.template.context_processors.request",
    "django.template.context_processors.csrf",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "booking.office.context.office",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "booking" / "office" / "locale"]
LOGIN_URL = "/office/login/"
# Secure cookies need HTTPS; `make run` and the tests speak plain HTTP to localhost.
OFFICE_SECURE_COOKIES = env("OFFICE_SECURE_COOKIES", "1" if PRODUCTION else "0") == "1"
SESSION_COOKIE_SECURE = OFFICE_SECURE_COOKIES
CSRF_COOKIE_SECURE = OFFICE_SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_PATH = "/office/"
CSRF_COOKIE_PATH = "/office/"
SESSION_COOKIE_NAME = "office_session"
CSRF_COOKIE_NAME = "office_csrftoken"
# Idle timeout: every request moves the expiry on; a browser left alone is signed out.
SESSION_COOKIE_AGE = int(env("OFFICE_SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Invitations and password reset links (signed, single use) expire after this many seconds.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
OFFICE_INVITATION_MAX_AGE = 60 * 60 * 24 * 7
# django-axes: after 5 failures of one email from one address, 15 minutes of the same
# answer whether or not the email exists (booking.office.auth.lockout_response).
AXES_FAILURE_LIMIT = int(env("OFFICE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "booking.office.auth.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "booking.office.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "booking.office.auth.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Booking office"

if PRODUCTION:
    if not DATABASE_URL or not REDIS_URL:
        raise ImproperlyConfigured("DATABASE_URL and REDIS_URL must be set in production.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
