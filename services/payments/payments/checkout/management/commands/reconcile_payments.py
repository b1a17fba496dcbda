"""Compares Stripe's PaymentIntents for our orders with the recorded payments, now.

The beat runs the same every day (payments.maintenance.reconcile). Differences are
recorded (a payment whose webhook never came) or refunded (a duplicate charge of an
order), and printed.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payments.checkout import services, stripe_gateway


class Command(BaseCommand):
    help = "Reconcile Stripe's payment intents (by metadata) with the recorded payments."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PAYMENTS_RECONCILE_DAYS,
            help="Look at intents created in the last this many days "
            f"(default PAYMENTS_RECONCILE_DAYS={settings.PAYMENTS_RECONCILE_DAYS}).",
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        since = timezone.now() - timedelta(days=days)
        try:
            report = services.payments_reconcile(since=since)
        except stripe_gateway.ProviderUnavailable as exc:
            raise CommandError(f"Stripe cannot be reached: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
