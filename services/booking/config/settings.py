"""Settings of the booking service, read from the environment.

Development defaults need no server: SQLite under var/, a file cache and a
filesystem broker. With DATABASE_URL and REDIS_URL set it uses PostgreSQL and
Redis. DJANGO_ENV=production refuses to start without its secrets.
Every variable is documented in .env.example beside manage.py.
"""

import datetime
from pathlib import Path

from plumbing.logs import logging_config

# The Django settings every service shares (UTC inside, BigAutoField ids, whitenoise) and
# the helpers that read the environment the same way everywhere.
from plumbing.settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir(BASE_DIR.parent.parent)

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-booking-secret-key", secret=True)
SECRET_KEY_FALLBACKS = secret_key_fallbacks()
PLATFORM_TOKEN = env("PLATFORM_TOKEN", "dev-platform-token", secret=True)
PAYMENT_ORDER_SECRET = env("PAYMENT_ORDER_SECRET", "dev-payment-order-secret", secret=True)
# Where the client's manage link points (the widget's address as customers see it).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://localhost:8080")
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = allowed_hosts()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "plumbing",
    "plumbing.outbox",
    "booking.common",
    "booking.tenants",
    "booking.catalog",
    "booking.availability",
    "booking.reservations",
    "booking.webhooks",
    "booking.waitlist",
]

MIDDLEWARE = [*middleware(), "booking.common.cors.TenantCorsMiddleware"]

METRICS_SERVICE = "booking"
# The holds endpoint's 201/409 answers count holds won and lost (plumbing.metrics).
METRICS_HOLDS_ROUTE_SUFFIX = "/holds"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = templates()

DATABASE_URL = env("DATABASE_URL")
DATABASES = databases(DATABASE_URL, VAR_DIR / "booking.sqlite3")
# The same PostgreSQL backend with a health check of a reused connection that costs no
# round trip (plumbing/postgresql/base.py; measured in bench/holds, issue 12).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "plumbing.postgresql"
REDIS_URL = env("REDIS_URL")
CACHES = caches(REDIS_URL, "booking", VAR_DIR)

STATIC_URL = "/api/booking/static/"
STATIC_ROOT = static_root("booking", VAR_DIR)

REST_FRAMEWORK = rest_framework()
SPECTACULAR_SETTINGS = spectacular(
    "Booking service API",
    "Tenants, catalog, availability, holds and bookings.",
    # Two different "status" and "plan" enums would otherwise collide in the schema.
    ENUM_NAME_OVERRIDES={
        "CalendarDayStatusEnum": "booking.availability.selectors.DAY_STATUS_CHOICES",
        # A booking's payment and the payment-options answer's payments name one choice set.
        "PaymentEnum": "booking.reservations.models.Booking.Payment",
        "PlanEnum": "booking.tenants.plans.PLAN_CHOICES",
        "TimezoneEnum": "booking.tenants.models.TIMEZONES",
        "WebhookEventEnum": "booking.webhooks.events.EVENT_CHOICES",
    },
)

CELERY = celery(REDIS_URL, VAR_DIR)

# Cross-service messages go through the transactional outbox (plumbing.outbox): written in
# the transaction of the change, relayed after commit, swept by this service's beat.
OUTBOX_RELAY_TASK = "booking.outbox.relay"
OUTBOX_RELAY_QUEUE = "booking.maintenance"
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 5)
OUTBOX_BROKER_BACKOFF = env_float("OUTBOX_BROKER_BACKOFF", 5)

# -- caps per client address (issue 16) ------------------------------------------------------
# Only these peers may tell the client's address in X-Forwarded-For / X-Real-IP: the gateway,
# which overwrites both with the address it sees. Anyone else is counted under its own
# address, whatever it sends. Comma-separated addresses or networks; loopback by default
# (the gateway on the same host). In a container network, name the gateway's network.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.0/8,::1/128")
# The proof-of-work challenge (ALTCHA) past half of a hold cap: its HMAC key (derived from
# the secret key unless set) and how hard it is (the answer is a random number up to this; a
# browser tries about half of them on average). bench/challenge measures a customer's cost.
HOLD_CHALLENGE_HMAC_KEY = env("HOLD_CHALLENGE_HMAC_KEY", f"{SECRET_KEY}:hold-challenge")
HOLD_CHALLENGE_MAX_NUMBER = env_int("HOLD_CHALLENGE_MAX_NUMBER", 20000)

# -- outgoing webhooks (booking.webhooks, docs/architecture.md §12) ----------------------------
# Loopback receivers only when said so (development and tests; deploy/stack.py sets it).
WEBHOOK_ALLOW_LOOPBACK = env_flag("WEBHOOK_ALLOW_LOOPBACK")
WEBHOOK_REQUIRE_HTTPS = env_flag("WEBHOOK_REQUIRE_HTTPS", PRODUCTION)
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10)
# Seconds before the 2nd, 3rd, ... attempt: the Standard Webhooks schedule (5 s, 5 min, 30 min,
# 2 h, 5 h, 10 h, 10 h; about 27 h in all). https://www.standardwebhooks.com/
WEBHOOK_RETRY_SCHEDULE = [
    int(s) for s in env_list("WEBHOOK_RETRY_SCHEDULE", "5,300,1800,7200,18000,36000,36000")
]
WEBHOOK_DISABLE_AFTER_DAYS = env_int("WEBHOOK_DISABLE_AFTER_DAYS", 5)
WEBHOOK_KEEP_DAYS = env_int("WEBHOOK_KEEP_DAYS", 30)
# Attempts of one tenant under way at once: its slow receivers never take more threads.
WEBHOOK_TENANT_CONCURRENCY = env_int("WEBHOOK_TENANT_CONCURRENCY", 2)
WEBHOOK_SWEEP_SECONDS = env_int("WEBHOOK_SWEEP_SECONDS", 5)
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", 60)
WEBHOOK_MAX_ENDPOINTS = env_int("WEBHOOK_MAX_ENDPOINTS", 20)

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
OFFICE_SECURE_COOKIES = env_flag("OFFICE_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = OFFICE_SECURE_COOKIES
CSRF_COOKIE_SECURE = OFFICE_SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_PATH = "/office/"
CSRF_COOKIE_PATH = "/office/"
SESSION_COOKIE_NAME = "office_session"
CSRF_COOKIE_NAME = "office_csrftoken"
# Idle timeout: every request moves the expiry on; a browser left alone is signed out.
SESSION_COOKIE_AGE = env_int("OFFICE_SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Invitations and password reset links (signed, single use) expire after this many seconds.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
OFFICE_INVITATION_MAX_AGE = 60 * 60 * 24 * 7
# django-axes: after 5 failures of one email from one address, 15 minutes of the same
# answer whether or not the email exists (booking.office.auth.lockout_response).
AXES_FAILURE_LIMIT = env_int("OFFICE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "booking.office.auth.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "booking.office.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "booking.office.auth.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Booking office"

require_in_production(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
