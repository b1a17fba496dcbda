"""Tasks this service consumes (queue payments.events). They translate and call services."""

import logging
from datetime import timedelta

from celery import shared_task
from contracts import payments as payments_contract
from contracts.payloads import payload_parse
from django.conf import settings
from django.utils import timezone

from . import services
from .stripe_gateway import PaymentRejected, ProviderUnavailable

logger = logging.getLogger(__name__)

# Internal to this service: its beat sends it to its own worker (config.settings.CELERY).
RECONCILE = "payments.maintenance.reconcile"


@shared_task(
    name=payments_contract.REFUND,
    autoretry_for=(ProviderUnavailable,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=30,
)
def refund(**kwargs) -> None:
    request = payload_parse(payments_contract.Refund, kwargs)
    try:
        services.booking_refund(request=request)
    except PaymentRejected as exc:
        # Retrying cannot change Stripe's mind; an operator has to look at it.
        logger.error("refund of booking %s refused by Stripe: %s", request.booking_id, exc)


@shared_task(name=RECONCILE, autoretry_for=(ProviderUnavailable,), retry_backoff=60, max_retries=5)
def reconcile() -> int:
    """The daily comparison of Stripe's intents with the recorded payments (beat)."""
    since = timezone.now() - timedelta(days=settings.PAYMENTS_RECONCILE_DAYS)
    report = services.payments_reconcile(since=since)
    return len(report.recorded) + len(report.refunds_requested)
