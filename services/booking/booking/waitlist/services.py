"""Joining the waitlist of a full day, and offering freed starts to it in order."""

import datetime
import logging
from uuid import UUID

from contracts import notifications
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from plumbing.outbox.services import outbox_enqueue

from booking.availability.selectors import bookable_staff_list, calendar_day_list, slot_list
from booking.catalog.selectors import service_get
from booking.reservations import clock
from booking.reservations.errors import HoldExpired, SlotUnavailable
from booking.reservations.events import (
    availability_changed_after_commit,
    iso_utc,
    tenant_payload,
)
from booking.reservations.models import Cart, Reservation
from booking.reservations.selectors import cart_get_by_token
from booking.reservations.services.holds import cart_create, claim_check, claim_insert
from booking.tenants.models import Tenant

from .errors import DayNotFull, WaitlistFull, WaitlistLinkInvalid
from .models import WaitlistEntry, WaitlistOffer

logger = logging.getLogger(__name__)

# Entries a day may have (each is a row and, at most, one hold and one email).
MAX_ENTRIES_A_DAY = 500
# Free starts tried for one entry before the next entry's turn (others may take them).
STARTS_TRIED = 3
LINK_SALT = "booking.waitlist"
# The link opens the hold; the hold itself lasts the tenant's hold minutes.
LINK_MAX_AGE = datetime.timedelta(days=2)


@transaction.atomic
def waitlist_join(
    *,
    tenant: Tenant,
    service_id: UUID,
    staff_id: UUID | None,
    day: datetime.date,
    email: str,
    language: str,
) -> WaitlistEntry:
    """Puts an email on a full day's list (once: joining again keeps the first place)."""
    service = service_get(tenant=tenant, service_id=service_id, active_only=True)
    staff, staff_members = bookable_staff_list(tenant=tenant, service=service, staff_id=staff_id)
    days = calendar_day_list(
        tenant=tenant,
        service=service,
        staff=staff,
        staff_members=staff_members,
        month=day.replace(day=1),
        zone=tenant.zone,
        now=clock.now(),
    )
    status = next((d.status for d in days if d.date == day), None)
    if status != "full":
        raise DayNotFull(detail={"date": day.isoformat(), "status": status})
    email = email.strip().lower()
    existing = WaitlistEntry.objects.filter(
        tenant=tenant, service=service, staff=staff, day=day, email=email
    ).first()
    if existing is not None:
        return existing
    if WaitlistEntry.objects.filter(tenant=tenant, day=day).count() >= MAX_ENTRIES_A_DAY:
        raise WaitlistFull(detail={"limit": MAX_ENTRIES_A_DAY})
    entry = WaitlistEntry(
        tenant=tenant, service=service, staff=staff, day=day, email=email, language=language
    )
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        # The same email joined at the same moment: one place in the line.
        return WaitlistEntry.objects.get(
            tenant=tenant, service=service, staff=staff, day=day, email=email
        )
    return entry


@transaction.atomic
def waitlist_offers_make(*, tenant_id: UUID | str, day: datetime.date) -> int:
    """Offers the day's free starts to its waiting entries, first come first served.

    The day's waiting entries are locked in the order they joined (a concurrent run for the
    day waits here, so nobody overtakes an earlier entry); each entry in turn, in a
    savepoint, gets the first free start of its service held for it, and the offer and its
    email are written together. An entry offered meanwhile is skipped; the offer's unique
    entry is the last word. Returns the offers made.
    """
    tenant = Tenant.objects.get(pk=tenant_id)
    waiting = list(
        WaitlistEntry.objects.select_for_update(of=("self",))
        .filter(tenant=tenant, day=day, offer__isnull=True)
        .select_related("service")
        .order_by("created_at", "id")
    )
    made = 0
    for entry in waiting:
        # A fresh statement: a run this one waited for may have offered it.
        if WaitlistOffer.objects.filter(entry=entry).exists():
            continue
        try:
            with transaction.atomic():
                made += _offer_one(tenant=tenant, entry=entry)
        except IntegrityError:
            logger.info("waitlist entry %s was offered by another run", entry.pk)
    return made


def _offer_one(*, tenant: Tenant, entry: WaitlistEntry) -> int:
    now = clock.now()
    staff, staff_members = bookable_staff_list(
        tenant=tenant, service=entry.service, staff_id=entry.staff_id
    )
    free = slot_list(
        tenant=tenant,
        service=entry.service,
        staff=staff,
        staff_members=staff_members,
        day=entry.day,
        zone=tenant.zone,
        now=now,
    )
    for slot in free[:STARTS_TRIED]:
        try:
            with transaction.atomic():
                claim = claim_check(
                    tenant=tenant,
                    service_id=entry.service_id,
                    staff_id=slot.staff.pk,
                    start=slot.start,
                    now=now,
                )
                cart, cart_token = cart_create(tenant=tenant)
                hold = claim_insert(claim=claim, cart=cart, now=now, cart_limit=False)
        except SlotUnavailable:
            continue
        offer = WaitlistOffer(tenant=tenant, entry=entry, hold=hold)
        offer.save(force_insert=True)
        outbox_enqueue(
            notifications.SEND_WAITLIST_OFFER, _offer_message(entry, offer, hold, cart_token)
        )
        availability_changed_after_commit(tenant=tenant, reservations=[hold], freed=False)
        return 1
    return 0


def offer_link(tenant: Tenant, offer: WaitlistOffer, cart_token: str) -> str:
    token = signing.dumps({"offer": str(offer.pk), "cart": cart_token}, salt=LINK_SALT)
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/widget/?tenant={tenant.slug}#waitlist/{token}"


def _offer_message(
    entry: WaitlistEntry, offer: WaitlistOffer, hold: Reservation, cart_token: str
) -> notifications.WaitlistOfferMessage:
    return notifications.WaitlistOfferMessage(
        dedupe_key=f"waitlist:{entry.pk}:offer",
        tenant=tenant_payload(entry.tenant),
        language=entry.language,
        email=entry.email,
        link=offer_link(entry.tenant, offer, cart_token),
        expires_at=iso_utc(hold.expires_at),
        appointment=notifications.Appointment(
            service_name=hold.service.name,
            staff_name=hold.staff.name,
            staff_email="",
            start=iso_utc(hold.start),
            end=iso_utc(hold.end),
        ),
    )


def waitlist_offer_open(*, tenant: Tenant, token: str) -> tuple[Reservation, str]:
    """The hold a waitlist link holds, and its cart token for the widget.

    404 waitlist_link_invalid for a forged, foreign or stale link; 409 hold_expired once
    the hold ran out or was released (the start went on to someone else)."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        offer_id, cart_token = UUID(data["offer"]), str(data["cart"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise WaitlistLinkInvalid() from error
    offer = (
        WaitlistOffer.objects.filter(tenant=tenant, pk=offer_id)
        .select_related("hold", "hold__staff", "hold__service")
        .first()
    )
    cart: Cart | None = cart_get_by_token(tenant=tenant, token=cart_token)
    if offer is None or cart is None or offer.hold.cart_id != cart.pk:
        raise WaitlistLinkInvalid()
    hold = offer.hold
    if not hold.live or hold.state != Reservation.State.HELD or hold.expires_at <= clock.now():
        raise HoldExpired(detail={"hold": str(hold.pk)})
    return hold, cart_token
