"""Settings of the payments service, read from the environment.

Development defaults need no server: SQLite under var/, a file cache, a
filesystem broker and localstripe on 127.0.0.1:8420 as Stripe. With DATABASE_URL
and REDIS_URL set it uses PostgreSQL and Redis. DJANGO_ENV=production refuses to
start without its secrets while payments are on.
Every variable is documented in .env.example beside manage.py.
"""

from pathlib import Path

from plumbing.logs import logging_config

# The Django settings every service shares (UTC inside, BigAutoField ids, whitenoise) and
# the helpers that read the environment the same way everywhere.
from plumbing.settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir(BASE_DIR.parent.parent)
# Payments can be switched off for a deployment that only offers free bookings.
PAYMENTS_ENABLED = env_flag("PAYMENTS_ENABLED", True)

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-payments-secret-key", secret=True)
SECRET_KEY_FALLBACKS = secret_key_fallbacks()
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
STRIPE_TIMEOUT = env_float("STRIPE_TIMEOUT", 20)
# Stripe's own default tolerance: a signed event older than this is refused (replays).
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300)
# Reconciliation with Stripe (daily through payments-beat, on demand with
# `manage.py reconcile_payments`) looks at the intents created in the last this many days.
PAYMENTS_RECONCILE_DAYS = env_int("PAYMENTS_RECONCILE_DAYS", 3)

DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = allowed_hosts()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "plumbing",
    "plumbing.outbox",
    "payments.checkout",
]

MIDDLEWARE = middleware()

METRICS_SERVICE = "payments"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = templates()

DATABASE_URL = env("DATABASE_URL")
DATABASES = databases(DATABASE_URL, VAR_DIR / "payments.sqlite3", sqlite_test_file=True)
REDIS_URL = env("REDIS_URL")
CACHES = caches(REDIS_URL, "payments", VAR_DIR)

STATIC_URL = "/api/payments/static/"
STATIC_ROOT = static_root("payments", VAR_DIR)

REST_FRAMEWORK = rest_framework()
SPECTACULAR_SETTINGS = spectacular(
    "Payments service API",
    "Checkout of signed payment orders through Stripe, and Stripe's webhooks.",
)

CELERY = celery(REDIS_URL, VAR_DIR)

# Cross-service messages go through the transactional outbox (plumbing.outbox): written in
# the transaction of the change, relayed after commit, swept by this service's beat.
OUTBOX_RELAY_TASK = "payments.outbox.relay"
OUTBOX_RELAY_QUEUE = "payments.events"
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 5)
OUTBOX_BROKER_BACKOFF = env_float("OUTBOX_BROKER_BACKOFF", 5)

# One JSON line per request and per task with LOG_FORMAT=json (plumbing.logs).
LOGGING = logging_config(
    log_format=env("LOG_FORMAT", "plain"),
    level=env("LOG_LEVEL", "INFO"),
    # The stripe SDK logs every request at INFO; our own log lines say what matters.
    loggers={"stripe": {"level": "WARNING"}},
)

require_in_production(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
