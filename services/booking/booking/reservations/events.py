"""What holds and bookings tell the rest of the system, always after the commit.

Tasks are published by name (STYLE.md "Between services") through the transactional
outbox (plumbing.outbox): each message is committed with the change it tells, so a broker
outage delays it instead of losing it. The payloads carry everything the consumer needs
because no other service reads this database.
"""

import datetime
import logging
from typing import Any
from uuid import UUID

from contracts import notifications
from django.conf import settings
from django.core import signing
from django.db import transaction
from plumbing.outbox.services import outbox_enqueue

from booking.availability.cache import availability_changed_for_staff
from booking.tenants.models import Tenant
from booking.waitlist.triggers import waitlist_after_change
from booking.webhooks.services import webhook_event_publish

from . import clock
from .live import day_changes_publish
from .models import Booking, Reservation

logger = logging.getLogger(__name__)

MANAGE_TOKEN_SALT = "booking.manage"


def publish_after_commit(name: str, payload: Any) -> None:
    """Writes the task to the outbox in the surrounding transaction: published after the
    commit (or by the beat's sweep when the broker is down), never on rollback."""
    outbox_enqueue(name, payload)


def booking_event_publish(booking: Booking, event_type: str) -> None:
    """The integrators' webhooks of this change (booking.webhooks), written in the same
    transaction and relayed by the same outbox as the tasks above."""
    webhook_event_publish(tenant=booking.tenant, event_type=event_type, booking=booking)


def local_dates(
    tenant: Tenant, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.date]:
    """The tenant's calendar days a time range touches."""
    first = start.astimezone(tenant.zone).date()
    last = (end - datetime.timedelta(microseconds=1)).astimezone(tenant.zone).date()
    days = []
    while first <= last:
        days.append(first)
        first += datetime.timedelta(days=1)
    return days


def availability_changed_after_commit(
    *, tenant: Tenant, reservations: list[Reservation], freed: bool
) -> None:
    """These reservations' starts changed: after commit the cache forgets their days and
    open widgets learn of them. `freed`: some of them stopped claiming their time (released,
    expired, cancelled, moved away), so the people waiting for those days may get an offer;
    a new or kept claim frees nothing, and the hot path (a hold) asks nobody's waitlist."""
    by_staff: dict[UUID, set[datetime.date]] = {}
    by_day: dict[datetime.date, dict[UUID, Reservation]] = {}
    for reservation in reservations:
        dates = local_dates(tenant, reservation.blocked_start, reservation.blocked_end)
        by_staff.setdefault(reservation.staff_id, set()).update(dates)
        for day in dates:
            by_day.setdefault(day, {})[reservation.pk] = reservation
    tenant_id, tenant_slug = tenant.id, tenant.slug

    def invalidate() -> None:
        for staff_id, dates in by_staff.items():
            availability_changed_for_staff(
                tenant_id=tenant_id, staff_id=staff_id, dates=sorted(dates)
            )
        # After the cache: a widget refetching on this event reads the new starts. The
        # objects carry what this transaction committed (guard.claims_end keeps them so).
        days = {day: list(found.values()) for day, found in by_day.items()}
        day_changes_publish(tenant_slug=tenant_slug, days=days, now=clock.now())

    transaction.on_commit(invalidate)
    if freed:  # a freed start may be someone's on the waitlist (booking.waitlist)
        waitlist_after_change(tenant_id=tenant_id, days=sorted(by_day))


def manage_token(booking: Booking) -> str:
    """The signed token of the client's manage link (read by the manage endpoints)."""
    return signing.dumps({"booking": str(booking.id)}, salt=MANAGE_TOKEN_SALT)


def manage_url(booking: Booking) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/widget/?tenant={booking.tenant.slug}#manage/{manage_token(booking)}"


def tenant_payload(tenant: Tenant) -> notifications.Tenant:
    return notifications.Tenant(
        id=str(tenant.id),
        name=tenant.name,
        plan=tenant.plan,
        timezone=tenant.timezone,
        owner_email=tenant.owner_email,
        language=tenant.language,
    )


def iso_utc(moment: datetime.datetime) -> str:
    """The moment in UTC, ISO 8601: how every message between services carries time."""
    return moment.astimezone(datetime.UTC).isoformat()


def appointments_payload(reservations: list[Reservation]) -> list[notifications.Appointment]:
    return [
        notifications.Appointment(
            service_name=r.service.name,
            staff_name=r.staff.name,
            staff_email=r.staff.email,
            start=iso_utc(r.start),
            end=iso_utc(r.end),
        )
        for r in sorted(reservations, key=lambda r: (r.start, r.id))
    ]


def booking_message(
    booking: Booking,
    *,
    event: str,
    reservations: list[Reservation],
    refund: str = "",
    refund_amount: int = 0,
) -> notifications.BookingMessage:
    client = booking.client
    return notifications.BookingMessage(
        dedupe_key=f"booking:{booking.id}:{event}",
        tenant=tenant_payload(booking.tenant),
        booking_id=str(booking.id),
        language=booking.language,
        client_name=client.name,
        client_email=client.email,
        client_phone=client.phone,
        note=booking.note,
        manage_url=manage_url(booking),
        appointments=appointments_payload(reservations),
        refund=refund,
        refund_amount=refund_amount,
        currency=booking.currency if refund_amount else "",
    )


def payment_message(
    booking: Booking,
    *,
    dedupe_key: str,
    amount: int,
    kind: str,
    reason: str = "",
    reservations: list[Reservation] | None = None,
) -> notifications.PaymentMessage:
    return notifications.PaymentMessage(
        dedupe_key=dedupe_key,
        tenant=tenant_payload(booking.tenant),
        booking_id=str(booking.id),
        language=booking.language,
        client_name=booking.client.name,
        client_email=booking.client.email,
        amount=amount,
        currency=booking.currency,
        kind=kind,
        balance_due=booking.balance_due,
        reason=reason,
        appointments=appointments_payload(reservations or []),
    )


def verification_code_message(
    booking: Booking, *, code: str, expires_at: datetime.datetime, sent: int
) -> notifications.SendVerificationCode:
    return notifications.SendVerificationCode(
        # Each (re)send is its own message: a resend must reach the client again.
        dedupe_key=f"booking:{booking.id}:code:{sent}",
        tenant=tenant_payload(booking.tenant),
        booking_id=str(booking.id),
        language=booking.language,
        client_name=booking.client.name,
        email=booking.client.email,
        code=code,
        expires_at=iso_utc(expires_at),
    )
