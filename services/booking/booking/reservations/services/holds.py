"""Holds: a cart's short claim on one start while the client fills in the details."""

import datetime
import secrets
from dataclasses import dataclass
from uuid import UUID

from django.db import connection, transaction

from booking.availability.selectors import schedule_allows_start
from booking.availability.snapshot import giver_get, service_for
from booking.catalog.models import Service, Staff
from booking.catalog.selectors import StaffNotFound
from booking.common.sql import db_value
from booking.tenants.models import Tenant

from .. import clock
from ..challenge import challenge_redeem
from ..errors import (
    ChallengeInvalid,
    HoldExpired,
    HoldNotFound,
    HoldsDisabled,
    NoExtensionLeft,
    SlotUnavailable,
    TooManyHolds,
    TooManyHoldsFromAddress,
)
from ..events import availability_changed_after_commit
from ..models import AbuseEvent, Cart, Reservation
from ..selectors import cart_get_by_token, cart_token_hash
from .address_caps import (
    abuse_event_record,
    address_lock,
    challenge_threshold,
    live_claims_count,
)
from .guard import claim_expire_and_insert, overlap_exists, staff_lock


@dataclass(frozen=True)
class HoldCreated:
    hold: Reservation
    cart_token: str  # the raw token: the widget keeps it, we only keep its hash


def cart_create(*, tenant: Tenant) -> tuple[Cart, str]:
    token = secrets.token_urlsafe(32)
    # Nothing here comes from the client; the unique token hash is the database's to check.
    cart = Cart(tenant=tenant, token_hash=cart_token_hash(token))
    cart.save(force_insert=True)
    return cart, token


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A checked start of a staff member, with the range it blocks; nothing written yet."""

    tenant: Tenant
    service: Service
    staff: Staff
    start: datetime.datetime
    end: datetime.datetime
    blocked_start: datetime.datetime
    blocked_end: datetime.datetime


def claim_check(
    *,
    tenant: Tenant,
    service_id: UUID,
    staff_id: UUID,
    start: datetime.datetime,
    now: datetime.datetime,
) -> Claim:
    """Checks a start against the catalog, the schedule and the live claims, without a lock.

    A start that is visibly taken is refused here, before any write or lock: under a
    storm most requests lose, and they lose cheaply. A start that looks free is only
    a candidate; `claim_insert` decides, with the exclusion constraint as the arbiter.
    """
    service = service_for(tenant=tenant, service_id=service_id)
    # Someone who does not give the service is no staff member for it (404).
    staff = giver_get(tenant=tenant, service=service, staff_id=staff_id)
    if staff is None:
        raise StaffNotFound(detail={"staff": str(staff_id), "service": str(service.id)})
    if not schedule_allows_start(tenant=tenant, service=service, staff=staff, start=start, now=now):
        raise SlotUnavailable(
            "The schedule does not offer this start.",
            detail={"reason": "not_offered", "start": start.isoformat()},
        )
    end = start + datetime.timedelta(minutes=service.duration_minutes)
    claim = Claim(
        tenant=tenant,
        service=service,
        staff=staff,
        start=start,
        end=end,
        blocked_start=start - datetime.timedelta(minutes=service.buffer_before_minutes),
        blocked_end=end + datetime.timedelta(minutes=service.buffer_after_minutes),
    )
    _refuse_if_taken(claim, now)
    return claim


def _refuse_if_taken(claim: Claim, now: datetime.datetime) -> None:
    if overlap_exists(
        staff_id=claim.staff.pk,
        blocked_start=claim.blocked_start,
        blocked_end=claim.blocked_end,
        now=now,
    ):
        raise SlotUnavailable(detail={"reason": "taken", "start": claim.start.isoformat()})


def claim_insert(
    *,
    claim: Claim,
    cart: Cart,
    now: datetime.datetime,
    cart_limit: bool = True,
    client_address: str = "",
    lock_staff: bool = True,
) -> Reservation:
    """Makes a checked claim live for a cart, inside the caller's transaction: the one guard.

    Expires the staff member's stale claims and inserts in one statement; the exclusion
    constraint decides a race (guard.claim_expire_and_insert). With `lock_staff` the staff
    member is locked first, so concurrent claimers of one staff member take turns in the
    order they arrive: the waitlist's offers rely on it (test_waitlist's racing runs offer
    the first email). A widget's hold passes False: the claim was checked just before
    (claim_check), a loser is rare, and test_races shows the constraint alone gives one
    winner; it saves the lock's round trip on the hot path (issue 12).
    """
    tenant = claim.tenant
    if lock_staff:
        staff_lock(staff_ids=[claim.staff.pk])
    if cart_limit:
        live_holds = Reservation.objects.filter(cart=cart).live_holds(now).count()
        if live_holds >= tenant.max_holds_per_cart:
            raise TooManyHolds(detail={"limit": tenant.max_holds_per_cart})
    reservation = Reservation(
        tenant=tenant,
        staff=claim.staff,
        service=claim.service,
        cart=cart,
        start=claim.start,
        end=claim.end,
        blocked_start=claim.blocked_start,
        blocked_end=claim.blocked_end,
        state=Reservation.State.HELD,
        live=True,
        expires_at=now + datetime.timedelta(minutes=tenant.hold_minutes),
        client_address=client_address or None,
    )
    try:
        claim_expire_and_insert(reservation, now=now)
    except SlotUnavailable as error:
        raise SlotUnavailable(
            detail={"reason": "taken", "start": claim.start.isoformat()}
        ) from error
    return reservation


def claim_create(
    *,
    tenant: Tenant,
    service_id: UUID,
    staff_id: UUID,
    start: datetime.datetime,
    cart: Cart,
    now: datetime.datetime,
    cart_limit: bool = True,
    client_address: str = "",
) -> Reservation:
    """Checks and claims one start for a cart, inside the caller's transaction."""
    claim = claim_check(
        tenant=tenant, service_id=service_id, staff_id=staff_id, start=start, now=now
    )
    return claim_insert(
        claim=claim, cart=cart, now=now, cart_limit=cart_limit, client_address=client_address
    )


def _address_cap_check(
    *, tenant: Tenant, client_address: str, challenge: str | None, now: datetime.datetime
) -> None:
    """Inside the hold's transaction: the address's cap, then (past half of it) the challenge."""
    address_lock(tenant=tenant, client_address=client_address)
    cap = tenant.max_live_holds_per_address
    live = live_claims_count(tenant=tenant, client_address=client_address, now=now)
    if live >= cap:
        raise TooManyHoldsFromAddress(detail={"limit": cap, "live": live})
    if live >= challenge_threshold(cap):
        try:
            challenge_redeem(tenant=tenant, client_address=client_address, payload=challenge)
        except ChallengeInvalid as error:
            error.live_claims = live
            raise


def hold_create(
    *,
    tenant: Tenant,
    service_id: UUID,
    staff_id: UUID,
    start: datetime.datetime,
    cart_token: str | None,
    client_address: str = "",
    challenge: str | None = None,
) -> HoldCreated:
    """Holds one start for a cart (a new cart when the widget has no token yet).

    The checks run before the transaction, so a refused start costs no write. With a
    client address, the address's cap applies (429 too_many_holds_from_address) and past
    half of it the hold needs `challenge`, a solved proof of work (403 challenge_required
    or challenge_invalid, each carrying a new challenge).
    """
    if not tenant.holds_enabled:
        raise HoldsDisabled()
    now = clock.now()
    claim = claim_check(
        tenant=tenant, service_id=service_id, staff_id=staff_id, start=start, now=now
    )
    try:
        with transaction.atomic():
            cart = cart_get_by_token(tenant=tenant, token=cart_token)
            new_cart = cart is None
            if new_cart:
                cart, cart_token = cart_create(tenant=tenant)
            if client_address:
                _address_cap_check(
                    tenant=tenant, client_address=client_address, challenge=challenge, now=now
                )
            # A new cart holds nothing yet: no need to count.
            hold = claim_insert(
                claim=claim,
                cart=cart,
                now=now,
                cart_limit=not new_cart,
                client_address=client_address,
                lock_staff=False,
            )
            availability_changed_after_commit(tenant=tenant, reservations=[hold], freed=False)
    except TooManyHoldsFromAddress as error:
        # Recorded outside the rolled-back block, so the signal stays.
        abuse_event_record(
            tenant=tenant,
            kind=AbuseEvent.Kind.HOLD_CAP,
            client_address=client_address,
            limit=error.detail["limit"],
            count=error.detail["live"],
        )
        raise
    except ChallengeInvalid as error:
        abuse_event_record(
            tenant=tenant,
            kind=AbuseEvent.Kind.CHALLENGE_FAILED,
            client_address=client_address,
            limit=tenant.max_live_holds_per_address,
            count=getattr(error, "live_claims", 0),
        )
        raise
    return HoldCreated(hold=hold, cart_token=cart_token)


def _cart_hold_for_update(*, tenant: Tenant, hold_id: UUID, cart_token: str | None) -> Reservation:
    if not cart_token:
        raise HoldNotFound(detail={"hold": str(hold_id)})
    # The cart by its token's hash, joined: one round trip; only the hold is locked.
    try:
        return Reservation.objects.select_for_update(of=("self",)).get(
            tenant=tenant,
            cart__token_hash=cart_token_hash(cart_token),
            pk=hold_id,
            state=Reservation.State.HELD,
        )
    except Reservation.DoesNotExist:
        raise HoldNotFound(detail={"hold": str(hold_id)}) from None


@transaction.atomic
def hold_extend(*, tenant: Tenant, hold_id: UUID, cart_token: str | None) -> Reservation:
    """Gives a live hold `hold_extension_minutes` more, a limited number of times."""
    now = clock.now()
    hold = _cart_hold_for_update(tenant=tenant, hold_id=hold_id, cart_token=cart_token)
    if not hold.live or hold.expires_at <= now:
        raise HoldExpired(detail={"hold": str(hold.pk)})
    if hold.extensions_used >= tenant.hold_extensions:
        raise NoExtensionLeft(detail={"limit": tenant.hold_extensions})
    # Extending from the current expiry keeps a countdown honest: early clicks gain nothing extra.
    hold.expires_at = hold.expires_at + datetime.timedelta(minutes=tenant.hold_extension_minutes)
    hold.extensions_used += 1
    hold.save(update_fields=["expires_at", "extensions_used", "updated_at"])
    availability_changed_after_commit(tenant=tenant, reservations=[hold], freed=False)
    return hold


def _cart_hold_release_sql(*, tenant: Tenant, hold_id: UUID, token_hash: str, now):
    """One statement: the cart's live hold marked released, answering its row (no row when
    it is gone already, or not this cart's, or booked). Values prepared as booking.common.sql
    prepares them."""
    table = connection.ops.quote_name(Reservation._meta.db_table)
    carts = connection.ops.quote_name(Cart._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(field.column) for field in Reservation._meta.concrete_fields
    )
    sql = (
        f"UPDATE {table} SET state = %s, live = %s, updated_at = %s"
        f" WHERE id = %s AND tenant_id = %s AND state = %s AND live"
        f" AND cart_id = (SELECT id FROM {carts} WHERE token_hash = %s AND tenant_id = %s)"
        f" RETURNING {columns}"
    )
    params = [
        db_value(Reservation, "state", Reservation.State.RELEASED),
        db_value(Reservation, "live", False),
        db_value(Reservation, "updated_at", now),
        db_value(Reservation, "id", hold_id),
        db_value(Reservation, "tenant", tenant.pk),
        db_value(Reservation, "state", Reservation.State.HELD),
        db_value(Cart, "token_hash", token_hash),
        db_value(Cart, "tenant", tenant.pk),
    ]
    return sql, params


@transaction.atomic
def hold_release(*, tenant: Tenant, hold_id: UUID, cart_token: str | None) -> None:
    """Removes a hold from its cart; the start is offered again at once.

    Releasing a hold that is gone already (released, run out) changes nothing and
    succeeds, so a retried DELETE gets the same answer. A booked one is not a hold.
    The live hold is released in one statement (issue 12: a winner's DELETE); only
    when it releases nothing is the hold looked up, to tell a retry from a 404.
    """
    if not cart_token:
        raise HoldNotFound(detail={"hold": str(hold_id)})
    token_hash = cart_token_hash(cart_token)
    released = list(
        Reservation.objects.raw(
            *_cart_hold_release_sql(
                tenant=tenant, hold_id=hold_id, token_hash=token_hash, now=clock.now()
            )
        )
    )
    if released:
        availability_changed_after_commit(tenant=tenant, reservations=released, freed=True)
        return
    gone = Reservation.objects.filter(
        tenant=tenant,
        cart__token_hash=token_hash,
        pk=hold_id,
        state__in=[Reservation.State.RELEASED, Reservation.State.EXPIRED],
    )
    if not gone.exists():
        raise HoldNotFound(detail={"hold": str(hold_id)})


def hold_extensions_left(*, tenant: Tenant, hold: Reservation) -> int:
    return max(tenant.hold_extensions - hold.extensions_used, 0)
