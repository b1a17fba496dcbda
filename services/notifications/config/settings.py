"""Settings of the notifications service, read from the environment.

A Celery worker with no public HTTP: it renders and sends every email and keeps
its own small database of sent and failed messages. Development defaults need no
server: SQLite under var/, a filesystem broker, SMTP on 127.0.0.1:8025 (the sink
of deploy/mail_sink.py). Every variable is documented in .env.example.
"""

from pathlib import Path

from contracts.celery import BASELINE, broker_transport_options
from django.core.exceptions import ImproperlyConfigured
from plumbing.logs import logging_config

# The Django settings every service shares (UTC inside, BigAutoField ids, whitenoise) and
# the helpers that read the environment the same way everywhere.
from plumbing.settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir(BASE_DIR.parent.parent)

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-notifications-secret-key", secret=True)
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "notifications.messages",
]
TEMPLATES = [
    {
        # HTML bodies: values escaped.
        "NAME": "html",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [], "autoescape": True},
    },
    {
        # Subjects and plain-text bodies: an "&" in a tenant's name stays an "&".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [], "autoescape": False},
    },
]

DATABASE_URL = env("DATABASE_URL")
DATABASES = databases(DATABASE_URL, VAR_DIR / "notifications.sqlite3")

# The languages emails are written in; anything else falls back to English.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]

# SMTP through Django's own backend: https://docs.djangoproject.com/en/5.2/topics/email/
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 8025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
# A hung SMTP server must surface as an error (and a retry) well before the task's
# soft time limit, not as a killed task.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Bookings <bookings@localhost>")
# Right-hand side of the Message-ID and of the calendar events' UID.
EMAIL_DOMAIN = env("EMAIL_DOMAIN", "booking.localhost")

# Delivery: retries with exponential backoff and full jitter while SMTP fails, then the
# task is recorded as failed for `manage.py retry_failed`. With the defaults an outage
# of several minutes is ridden out (2 s doubling to at most NOTIFICATIONS_RETRY_BACKOFF_MAX).
NOTIFICATIONS_MAX_RETRIES = env_int("NOTIFICATIONS_MAX_RETRIES", 8)
NOTIFICATIONS_RETRY_BACKOFF = env_int("NOTIFICATIONS_RETRY_BACKOFF", 2)
NOTIFICATIONS_RETRY_BACKOFF_MAX = env_int("NOTIFICATIONS_RETRY_BACKOFF_MAX", 300)
TASK_TIME_LIMIT = env_int("NOTIFICATIONS_TASK_TIME_LIMIT", BASELINE["task_time_limit"])
TASK_SOFT_TIME_LIMIT = env_int(
    "NOTIFICATIONS_TASK_SOFT_TIME_LIMIT", BASELINE["task_soft_time_limit"]
)
# How long a claim on a message protects it from a concurrent duplicate delivery:
# longer than the hard time limit, after which the claimant is certainly dead.
NOTIFICATIONS_CLAIM_SECONDS = TASK_TIME_LIMIT + env_int("NOTIFICATIONS_CLAIM_MARGIN", 5)

REDIS_URL = env("REDIS_URL")
BROKER_URL = REDIS_URL or "filesystem://"
BROKER_TRANSPORT_OPTIONS = broker_transport_options(BROKER_URL, str(VAR_DIR / "broker"))
if REDIS_URL:
    # Redis hands an unacknowledged message (a worker killed with SIGKILL) to another
    # worker after the visibility timeout; it must exceed the longest task and the
    # longest retry countdown, or a live message would be delivered twice.
    # https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#caveats
    BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env_int(
        "NOTIFICATIONS_VISIBILITY_TIMEOUT", BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    restore_interval = env_int("NOTIFICATIONS_UNACKED_RESTORE_INTERVAL", 0)
    if restore_interval:
        BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = restore_interval
        BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = 1
    longest = max(NOTIFICATIONS_CLAIM_SECONDS, NOTIFICATIONS_RETRY_BACKOFF_MAX)
    if BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= longest:
        raise ImproperlyConfigured(
            "NOTIFICATIONS_VISIBILITY_TIMEOUT must exceed the task time limit plus the claim "
            f"margin and NOTIFICATIONS_RETRY_BACKOFF_MAX ({longest}s)."
        )

CELERY = celery(
    REDIS_URL,
    VAR_DIR,
    task_time_limit=TASK_TIME_LIMIT,
    task_soft_time_limit=TASK_SOFT_TIME_LIMIT,
    broker_transport_options=BROKER_TRANSPORT_OPTIONS,
)

# One JSON line per task, with the id of the request that published it, with LOG_FORMAT=json
# (plumbing.logs).
LOGGING = logging_config(log_format=env("LOG_FORMAT", "plain"), level=env("LOG_LEVEL", "INFO"))

require_in_production(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL)
if PRODUCTION:
    if EMAIL_HOST in ("127.0.0.1", "localhost"):
        raise ImproperlyConfigured("EMAIL_HOST must name a real SMTP server in production.")
