"""Bookings: a cart's holds become one booking, verified and paid where needed.

States (docs/architecture.md §5): awaiting_verification -> awaiting_payment ->
confirmed; cancelled; expired. Each transition is one transaction and its
messages leave after the commit. Lock order, the same everywhere so that no two
writers wait on each other in a circle: tenant, staff (by primary key), booking,
reservations.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID

from contracts import notifications
from contracts.payment_order import PaymentOrder, sign_payment_order
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower

from booking.tenants.models import Tenant
from booking.webhooks import events as webhook

from .. import clock
from ..errors import (
    BookingExpired,
    BookingNotFound,
    BookingNotPending,
    CartEmpty,
    HoldExpired,
    MonthlyBookingsReached,
    PaymentNotOffered,
    TooManyAttempts,
    TooManyResends,
)
from ..events import (
    availability_changed_after_commit,
    booking_event_publish,
    booking_message,
    publish_after_commit,
    verification_code_message,
)
from ..models import AbuseEvent, Booking, Cart, Client, Reservation, VerificationCode
from ..selectors import (
    PAYMENT_CHOICE_FOR_OPTION,
    booking_effective_status,
    bookings_this_month_count,
    cart_get_by_token,
    cart_payment,
)
from .address_caps import abuse_event_record, address_lock, bookings_today_count
from .guard import claims_end, staff_lock
from .holds import cart_create, claim_create

CODE_VALID_MINUTES = 10
MAX_WRONG_CODES = 5
MAX_RESENDS = 3


@dataclass(frozen=True)
class BookingCreated:
    booking: Booking
    cart_token: str | None  # set when booking a slot directly made a new cart


@dataclass(frozen=True)
class Slot:
    """A start booked directly, without a hold first (e.g. when the tenant has holds off)."""

    service_id: UUID
    staff_id: UUID
    start: datetime.datetime


@dataclass(frozen=True)
class VerifyOutcome:
    booking: Booking
    verified: bool
    attempts_left: int


def _code_hash(booking_id: UUID, code: str) -> str:
    # Keyed: a leaked table does not give up six-digit codes to a quick brute force.
    message = f"{booking_id}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _clients_with_email(tenant: Tenant, email: str) -> QuerySet[Client]:
    # Lower(), not iexact (UPPER): the same expression as the unique index it can use.
    return (
        Client.objects.filter(tenant=tenant)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=email.lower())
    )


def client_get_or_create(
    *, tenant: Tenant, name: str, email: str, phone: str
) -> tuple[Client, bool]:
    """The tenant's client with this email (any case), or a new one. True when it is new."""
    existing = _clients_with_email(tenant, email).first()
    if existing is not None:
        return existing, False
    client = Client(tenant=tenant, name=name, email=email, phone=phone)
    client.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            client.save(force_insert=True)
    except IntegrityError:
        # The same email arrived at the same moment; the other request made the client.
        return _clients_with_email(tenant, email).get(), False
    return client, True


def payment_order_token(booking: Booking) -> str | None:
    """The signed order the widget hands to payments, while the booking awaits payment."""
    if booking.status != Booking.Status.AWAITING_PAYMENT or booking.expires_at is None:
        return None
    order = PaymentOrder(
        order_id=f"{booking.id}:{booking.payment}",
        tenant_id=str(booking.tenant_id),
        booking_id=str(booking.id),
        amount=booking.payment_amount,
        currency=booking.currency,
        kind=booking.payment,
        description=f"{booking.tenant.name}: booking {str(booking.id)[:8]}",
        expires_at=booking.expires_at.isoformat(),
    )
    return sign_payment_order(order, settings.PAYMENT_ORDER_SECRET)


def booking_lock(*, tenant_id: UUID, booking_id: UUID, **filters) -> Booking | None:
    """The booking with its client and tenant, locked until the transaction ends (None if none)."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("client", "tenant")
        .filter(tenant_id=tenant_id, pk=booking_id, **filters)
        .first()
    )


def reservations_lock(booking: Booking) -> list[Reservation]:
    return list(
        Reservation.objects.select_for_update(of=("self",))
        .filter(booking=booking)
        .select_related("service", "staff")
        .order_by("start", "id")
    )


def _set_deadline(
    booking: Booking, reservations: list[Reservation], deadline: datetime.datetime | None
) -> None:
    booking.expires_at = deadline
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(expires_at=deadline)
    for reservation in reservations:
        reservation.expires_at = deadline


def booking_confirm_locked(
    booking: Booking,
    reservations: list[Reservation],
    now: datetime.datetime,
    *,
    notify: bool = True,
) -> None:
    booking.status = Booking.Status.CONFIRMED
    booking.confirmed_at = now
    _set_deadline(booking, reservations, None)
    booking.save()
    booking_event_publish(booking, webhook.BOOKING_CONFIRMED)
    if notify:
        publish_after_commit(
            notifications.SEND_BOOKING_CONFIRMATION,
            booking_message(booking, event="confirmed", reservations=reservations),
        )


def _await_payment(
    booking: Booking, reservations: list[Reservation], now: datetime.datetime
) -> None:
    booking.status = Booking.Status.AWAITING_PAYMENT
    deadline = now + datetime.timedelta(minutes=booking.tenant.payment_window_minutes)
    _set_deadline(booking, reservations, deadline)
    booking.save()


def _next_step(
    booking: Booking,
    reservations: list[Reservation],
    now: datetime.datetime,
    *,
    notify: bool = True,
) -> None:
    """After the client is known to own the email: pay, or done."""
    if booking.payment == Booking.Payment.NONE:
        booking_confirm_locked(booking, reservations, now, notify=notify)
    else:
        _await_payment(booking, reservations, now)
    availability_changed_after_commit(tenant=booking.tenant, reservations=reservations, freed=False)


def _send_code(booking: Booking, code_row: VerificationCode, now: datetime.datetime) -> None:
    code = _new_code()
    code_row.code_hash = _code_hash(booking.id, code)
    code_row.expires_at = now + datetime.timedelta(minutes=CODE_VALID_MINUTES)
    code_row.save()
    publish_after_commit(
        notifications.SEND_VERIFICATION_CODE,
        verification_code_message(
            booking, code=code, expires_at=code_row.expires_at, sent=code_row.resends
        ),
    )


def _payment_amounts(
    *, tenant: Tenant, holds: list[Reservation], payment: str, by_staff: bool = False
) -> tuple[str, int, int]:
    """(currency, total price, what is charged now) for the chosen payment.

    A booking staff make for a client chooses nothing: the client pays at the appointment.
    """
    due = cart_payment(tenant=tenant, services=[h.service for h in holds])
    if not by_staff:
        chosen = {PAYMENT_CHOICE_FOR_OPTION[o] for o in due.options}
        if payment not in chosen:
            raise PaymentNotOffered(detail={"offered": due.options, "chosen": payment})
    if payment == Booking.Payment.FULL:
        return due.currency, due.total, due.total
    if payment == Booking.Payment.DEPOSIT:
        return due.currency, due.total, due.down_payment
    return due.currency, due.total, 0


class SubmittedHold(NamedTuple):
    pk: UUID
    staff_id: UUID


def _cart_holds_submitted(cart: Cart) -> list[SubmittedHold]:
    """The holds the client submits with the cart.

    The live holds, and every hold that ran out after the newest live one was made:
    the client chose those together, so one that lapsed fails the whole cart. A hold
    that ran out before the client chose again is one the widget already gave up.
    """
    holds = Reservation.objects.filter(
        cart=cart,
        booking__isnull=True,
        state__in=[Reservation.State.HELD, Reservation.State.EXPIRED],
    ).only("pk", "staff_id", "live", "expires_at", "created_at")
    live = [hold for hold in holds if hold.live]
    newest = max((hold.created_at for hold in live), default=None)
    lapsed = [h for h in holds if not h.live and (newest is None or h.expires_at > newest)]
    if lapsed:
        raise HoldExpired(
            "A hold of the cart has expired; choose the start again.",
            detail={"holds": [str(hold.pk) for hold in lapsed]},
        )
    return [SubmittedHold(hold.pk, hold.staff_id) for hold in live]


def _monthly_quota_check(tenant: Tenant, now: datetime.datetime) -> None:
    """Refuses a booking past the plan's monthly bookings. The tenant row serialises the
    bookings of one tenant, so the quota cannot be overshot. NO KEY UPDATE: it must not
    conflict with the KEY SHARE locks that inserting any row referencing the tenant takes
    (a cart, a hold), or it deadlocks with holds."""
    limit = tenant.plan_limits.bookings_per_month
    if limit is None:
        return
    Tenant.objects.select_for_update(no_key=True).filter(pk=tenant.pk).first()
    if bookings_this_month_count(tenant=tenant, now=now) >= limit:
        raise MonthlyBookingsReached(detail={"limit": limit, "period": "month"})


def _submitted_holds_lock(
    submitted: list[SubmittedHold], now: datetime.datetime
) -> list[Reservation]:
    """Locks the staff members, then the submitted holds, and re-reads them: a hold a racing
    request expired meanwhile makes the whole booking fail as expired rather than quietly
    shrink."""
    if not submitted:
        raise CartEmpty()
    staff_lock(staff_ids=[hold.staff_id for hold in submitted])
    holds = list(
        Reservation.objects.select_for_update(of=("self",))
        .filter(pk__in=[hold.pk for hold in submitted])
        .select_related("service", "staff")
        .order_by("start", "id")
    )
    expired = [
        h for h in holds if h.state != Reservation.State.HELD or not h.live or h.expires_at <= now
    ]
    if expired or len(holds) != len(submitted):
        raise HoldExpired(
            "A hold of the cart has expired; choose the start again.",
            detail={"holds": [str(h.pk) for h in expired]},
        )
    return holds


@transaction.atomic
def booking_create(
    *,
    tenant: Tenant,
    cart_token: str | None,
    client_name: str,
    client_email: str,
    client_phone: str = "",
    note: str = "",
    reminder: bool = False,
    payment: str = Booking.Payment.NONE,
    language: str | None = None,
    slot: Slot | None = None,
    client_address: str = "",
    by_staff: bool = False,
    notify_client: bool = True,
) -> BookingCreated:
    """Turns every live hold of the cart into one booking, or writes nothing.

    A known email waits for a code; so does every email when the tenant verifies
    every email, or when the client address has made its day's cap of bookings. A
    paid choice waits for the payment; else the booking is confirmed at once. The
    holds never stop blocking their time. With `slot`, that one start is claimed
    and booked in the same transaction instead (the way to book when the tenant
    has holds switched off).

    `by_staff`: the business books `slot` on the client's behalf (the admin API). The
    business vouches for the client, so no code is asked; nothing is paid online (the
    client pays at the appointment, payment none) and it is confirmed at once, the
    confirmation sent only with `notify_client`. The guard, the plan's monthly bookings
    and the schedule apply as to every booking.
    """
    if by_staff and (slot is None or client_address or payment != Booking.Payment.NONE):
        raise ValueError("A staff booking names one slot, no client address and no payment.")
    now = clock.now()
    cart = cart_get_by_token(tenant=tenant, token=cart_token)
    new_cart_token = None
    if cart is None:
        if slot is None:
            raise CartEmpty()
        cart, new_cart_token = cart_create(tenant=tenant)
    _monthly_quota_check(tenant, now)

    over_address_cap = False
    if client_address:
        # Locked before any staff member (the same order as a hold takes).
        address_lock(tenant=tenant, client_address=client_address)
        cap = tenant.max_bookings_per_address_per_day
        made_today = bookings_today_count(tenant=tenant, client_address=client_address, now=now)
        over_address_cap = made_today >= cap

    # What the cart holds as the request arrives is what is booked: read before the locks,
    # re-read under them.
    if slot is not None:
        claim = claim_create(
            tenant=tenant,
            service_id=slot.service_id,
            staff_id=slot.staff_id,
            start=slot.start,
            cart=cart,
            now=now,
            cart_limit=False,
            client_address=client_address,
        )
        submitted = [SubmittedHold(claim.pk, claim.staff_id)]
    else:
        submitted = _cart_holds_submitted(cart)
    holds = _submitted_holds_lock(submitted, now)
    currency, total, payment_amount = _payment_amounts(
        tenant=tenant, holds=holds, payment=payment, by_staff=by_staff
    )
    client, is_new = client_get_or_create(
        tenant=tenant, name=client_name, email=client_email, phone=client_phone
    )
    booking = Booking(
        tenant=tenant,
        client=client,
        cart=cart,
        note=note,
        reminder=reminder,
        language=language or tenant.language,
        payment=payment,
        currency=currency,
        total_amount=total,
        payment_amount=payment_amount,
        balance_due=total,
        first_start=holds[0].start,
        status=Booking.Status.AWAITING_VERIFICATION,
        # Set for real by the step below; the deadline constraint needs one meanwhile.
        expires_at=now,
        client_address=client_address,
    )
    booking.full_clean(exclude=["cart", "client", "tenant"])
    booking.save(force_insert=True)
    Reservation.objects.filter(pk__in=[h.pk for h in holds]).update(
        booking=booking, state=Reservation.State.BOOKED, updated_at=now
    )
    for hold in holds:
        hold.booking, hold.state = booking, Reservation.State.BOOKED

    if over_address_cap:
        # Counted only once the booking is made: a refused one above is no signal.
        abuse_event_record(
            tenant=tenant,
            kind=AbuseEvent.Kind.BOOKING_CAP,
            client_address=client_address,
            limit=cap,
            count=made_today,
        )
    if by_staff or (is_new and not tenant.verify_every_email and not over_address_cap):
        _next_step(booking, holds, now, notify=notify_client)
        booking_event_publish(booking, webhook.BOOKING_CREATED)
        return BookingCreated(booking=booking, cart_token=new_cart_token)
    code_row = VerificationCode(tenant=tenant, booking=booking, expires_at=now)
    _send_code(booking, code_row, now)
    # The slot stays held for as long as the code is valid.
    _set_deadline(booking, holds, code_row.expires_at)
    booking.save()
    availability_changed_after_commit(tenant=tenant, reservations=holds, freed=False)
    booking_event_publish(booking, webhook.BOOKING_CREATED)
    return BookingCreated(booking=booking, cart_token=new_cart_token)


def _booking_for_update(*, tenant: Tenant, booking_id: UUID, cart: Cart | None) -> Booking:
    """The booking, locked, if this cart made it (the widget proves it with its token)."""
    booking = None
    if cart is not None:
        booking = booking_lock(tenant_id=tenant.id, booking_id=booking_id, cart=cart)
    if booking is None:
        raise BookingNotFound(detail={"booking": str(booking_id)})
    return booking


def _pending_or_raise(booking: Booking, now: datetime.datetime, expected: str | None) -> None:
    """Raises unless the booking waits for the expected step (None: for no step here)."""
    status = booking_effective_status(booking=booking, now=now)
    if status == Booking.Status.EXPIRED:
        raise BookingExpired(detail={"booking": str(booking.id)})
    if status != expected:
        raise BookingNotPending(detail={"status": status})


def _code_lock(booking: Booking, now: datetime.datetime) -> VerificationCode:
    """The booking's verification code, locked. booking_create writes one with every booking
    that waits for a code, so a booking without one never waited for a code: it is answered
    as not pending (or expired), never with a missing code."""
    code_row = VerificationCode.objects.select_for_update().filter(booking=booking).first()
    if code_row is None:
        _pending_or_raise(booking, now, expected=None)
    return code_row


@transaction.atomic
def booking_verify(
    *, tenant: Tenant, booking_id: UUID, cart_token: str | None, code: str
) -> VerifyOutcome:
    """Checks the client's code. A wrong one is counted (and the count committed)."""
    now = clock.now()
    cart = cart_get_by_token(tenant=tenant, token=cart_token)
    booking = _booking_for_update(tenant=tenant, booking_id=booking_id, cart=cart)
    code_row = _code_lock(booking, now)
    if code_row.used_at is not None:
        # A retry after success: the same answer, nothing changes.
        return VerifyOutcome(booking=booking, verified=True, attempts_left=0)
    if code_row.wrong_attempts >= MAX_WRONG_CODES:
        raise TooManyAttempts(detail={"limit": MAX_WRONG_CODES})
    _pending_or_raise(booking, now, Booking.Status.AWAITING_VERIFICATION)
    candidate = _code_hash(booking.id, code.strip())
    if code_row.expires_at <= now or not hmac.compare_digest(candidate, code_row.code_hash):
        code_row.wrong_attempts += 1
        code_row.save(update_fields=["wrong_attempts", "updated_at"])
        if code_row.wrong_attempts >= MAX_WRONG_CODES:
            # Locked out: the slot goes back to everyone now rather than when the code expires.
            reservations = reservations_lock(booking)
            claims_end(
                [r for r in reservations if r.live], state=Reservation.State.EXPIRED, now=now
            )
            booking.status = Booking.Status.EXPIRED
            booking.expires_at = None
            booking.save()
            availability_changed_after_commit(tenant=tenant, reservations=reservations, freed=True)
            booking_event_publish(booking, webhook.BOOKING_EXPIRED)
        return VerifyOutcome(
            booking=booking,
            verified=False,
            attempts_left=MAX_WRONG_CODES - code_row.wrong_attempts,
        )
    code_row.used_at = now
    code_row.save(update_fields=["used_at", "updated_at"])
    reservations = reservations_lock(booking)
    if any(not r.live for r in reservations):
        raise BookingExpired(detail={"booking": str(booking.id)})
    _next_step(booking, reservations, now)
    return VerifyOutcome(booking=booking, verified=True, attempts_left=0)


@transaction.atomic
def booking_code_resend(*, tenant: Tenant, booking_id: UUID, cart_token: str | None) -> Booking:
    """A new code, valid 10 minutes from now; the slot stays held as long.

    The wrong-try count is kept: resending is no way around the attempt limit.
    """
    now = clock.now()
    cart = cart_get_by_token(tenant=tenant, token=cart_token)
    booking = _booking_for_update(tenant=tenant, booking_id=booking_id, cart=cart)
    code_row = _code_lock(booking, now)
    if code_row.wrong_attempts >= MAX_WRONG_CODES:
        raise TooManyAttempts(detail={"limit": MAX_WRONG_CODES})
    _pending_or_raise(booking, now, Booking.Status.AWAITING_VERIFICATION)
    if code_row.resends >= MAX_RESENDS:
        raise TooManyResends(detail={"limit": MAX_RESENDS})
    reservations = reservations_lock(booking)
    if any(not r.live for r in reservations):
        raise BookingExpired(detail={"booking": str(booking.id)})
    code_row.resends += 1
    _send_code(booking, code_row, now)
    _set_deadline(booking, reservations, code_row.expires_at)
    booking.save()
    availability_changed_after_commit(tenant=tenant, reservations=reservations, freed=False)
    return booking
