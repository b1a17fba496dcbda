"""The waitlist as the back office reads it."""

import datetime

from django.db.models import QuerySet

from booking.tenants.models import Tenant

from .models import WaitlistEntry


def waitlist_entry_list(*, tenant: Tenant, from_day: datetime.date) -> QuerySet[WaitlistEntry]:
    """Entries of today and later, by day and then in the order they joined."""
    return (
        WaitlistEntry.objects.filter(tenant=tenant, day__gte=from_day)
        .select_related("service", "staff", "offer", "offer__hold")
        .order_by("day", "created_at", "id")
    )
