"""Reads of holds, carts and bookings, always scoped to one tenant."""

import datetime
import hashlib
from collections.abc import Iterable
from typing import NamedTuple
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from booking.catalog.models import Service
from booking.tenants.models import Tenant

from . import clock
from .errors import BookingNotFound, ClientNotFound
from .models import Booking, Cart, Client, Reservation

CART_TOKEN_HEADER = "X-Cart-Token"

PAY = "pay"
DOWN_PAYMENT = "down_payment"
FINISH = "finish"
# The widget's button and the booking's payment choice it stands for.
PAYMENT_CHOICE_FOR_OPTION = {PAY: "full", DOWN_PAYMENT: "deposit", FINISH: "none"}


def cart_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cart_get_by_token(*, tenant: Tenant, token: str | None) -> Cart | None:
    """The cart a widget's token names, or None for no token or an unknown one."""
    if not token:
        return None
    return Cart.objects.filter(tenant=tenant, token_hash=cart_token_hash(token)).first()


def payment_options_for(*, tenant: Tenant, services: Iterable[Service]) -> list[str]:
    """Which of pay, down_payment and finish a client may choose (docs/architecture.md §5).

    A cart is paid when the tenant takes payments and any of its services has a
    price; a down payment is offered when every paid service accepts one, and
    all paid services must share a currency (otherwise only finish is offered).
    """
    services = list(services)
    paid = [s for s in services if s.is_paid]
    if not tenant.takes_payments or not paid or len({s.currency for s in paid}) > 1:
        return [FINISH]
    options = [PAY]
    if all(s.down_payment_percent for s in paid):
        options.append(DOWN_PAYMENT)
    return options


class CartPayment(NamedTuple):
    """What a cart's held starts may be paid with (payment_options_for) and what they cost:
    the paid services' currency, their prices' sum and their down payments' sum (a service
    held twice counts twice)."""

    options: list[str]
    currency: str
    total: int
    down_payment: int


def cart_payment(*, tenant: Tenant, services: Iterable[Service]) -> CartPayment:
    services = list(services)
    paid = [s for s in services if s.is_paid]
    return CartPayment(
        options=payment_options_for(tenant=tenant, services=services),
        currency=paid[0].currency if paid else "",
        total=sum(s.price_amount for s in paid),
        down_payment=sum(s.down_payment_amount or 0 for s in paid),
    )


def cart_held_services(*, tenant: Tenant, token: str | None) -> list[Service]:
    """The service of each live hold of the cart a widget's token names (none for no token
    or an unknown one), earliest hold first."""
    if not token:
        return []
    holds = (
        Reservation.objects.filter(tenant=tenant, cart__token_hash=cart_token_hash(token))
        .live_holds(clock.now())
        .select_related("service")
    )
    return [hold.service for hold in holds.order_by("created_at", "id")]


def booking_get(*, tenant: Tenant, booking_id: UUID) -> Booking:
    booking = (
        Booking.objects.select_related("client", "tenant")
        .prefetch_related("reservations__service", "reservations__staff")
        .filter(tenant=tenant, pk=booking_id)
        .first()
    )
    if booking is None:
        raise BookingNotFound(detail={"booking": str(booking_id)})
    return booking


def booking_list(
    *,
    tenant: Tenant,
    status: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    staff_id: UUID | None = None,
    service_id: UUID | None = None,
    client_id: UUID | None = None,
    start_after: datetime.datetime | None = None,
    start_before: datetime.datetime | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Booking]:
    """A tenant's bookings by first start; dates are the tenant's calendar days, inclusive.

    `staff_id` and `service_id` match a booking with an appointment of that staff member or
    service: one it has, or had when it was cancelled or ran out (not one it was moved away
    from). `start_after` (inclusive) and `start_before` (exclusive) bound the first start;
    `updated_since` (inclusive) the last change.
    """
    bookings = Booking.objects.filter(tenant=tenant).select_related("client")
    if staff_id or service_id:
        # Moved away from: released before the booking was cancelled, or while it lives.
        appointments = Reservation.objects.filter(booking=OuterRef("pk")).filter(
            ~Q(state=Reservation.State.RELEASED) | Q(updated_at__gte=OuterRef("cancelled_at"))
        )
        if staff_id:
            appointments = appointments.filter(staff_id=staff_id)
        if service_id:
            appointments = appointments.filter(service_id=service_id)
        bookings = bookings.filter(Exists(appointments))
    if client_id:
        bookings = bookings.filter(client_id=client_id)
    if start_after:
        bookings = bookings.filter(first_start__gte=start_after)
    if start_before:
        bookings = bookings.filter(first_start__lt=start_before)
    if updated_since:
        bookings = bookings.filter(updated_at__gte=updated_since)
    if status:
        # By effective status: a pending booking past its deadline is expired already.
        run_out = Q(status__in=Booking.PENDING, expires_at__lte=clock.now())
        if status == Booking.Status.EXPIRED:
            bookings = bookings.filter(Q(status=status) | run_out)
        else:
            bookings = bookings.filter(status=status).exclude(run_out)
    zone = tenant.zone
    if date_from:
        start = datetime.datetime.combine(date_from, datetime.time(), tzinfo=zone)
        bookings = bookings.filter(first_start__gte=start)
    if date_to:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        )
        bookings = bookings.filter(first_start__lt=end)
    return bookings.prefetch_related("reservations__service", "reservations__staff").order_by(
        "first_start", "id"
    )


def bookings_this_month_count(*, tenant: Tenant, now: datetime.datetime) -> int:
    """Bookings made in the tenant's current calendar month; expired ones do not count."""
    local = now.astimezone(tenant.zone)
    month_start = datetime.datetime(local.year, local.month, 1, tzinfo=tenant.zone)
    return (
        Booking.objects.filter(tenant=tenant, created_at__gte=month_start)
        .exclude(status=Booking.Status.EXPIRED)
        .count()
    )


def booking_effective_status(*, booking: Booking, now: datetime.datetime) -> str:
    """A pending booking past its deadline is expired whether or not the tidy task ran."""
    if booking.status in Booking.PENDING and booking.expires_at and booking.expires_at <= now:
        return Booking.Status.EXPIRED
    return booking.status


def booking_get_for_cart(*, tenant: Tenant, booking_id: UUID, cart_token: str | None) -> Booking:
    """The booking if the widget's cart made it; anyone else gets BookingNotFound."""
    cart = cart_get_by_token(tenant=tenant, token=cart_token)
    booking = booking_get(tenant=tenant, booking_id=booking_id)
    if cart is None or booking.cart_id != cart.id:
        raise BookingNotFound(detail={"booking": str(booking_id)})
    return booking


def abuse_event_counts(*, tenant: Tenant, since: datetime.datetime) -> dict[str, int]:
    """How often client addresses hit each cap since `since` (issue 16), for the owner's
    back office. Counted from the stored AbuseEvent rows; a Prometheus metric is another
    issue's."""
    from django.db.models import Count

    from .models import AbuseEvent

    rows = (
        AbuseEvent.objects.filter(tenant=tenant, created_at__gte=since)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    counts = dict.fromkeys(AbuseEvent.Kind.values, 0)
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def client_get(*, tenant: Tenant, client_id: UUID) -> Client:
    client = Client.objects.filter(tenant=tenant, pk=client_id).first()
    if client is None:
        raise ClientNotFound(detail={"client": str(client_id)})
    return client


def client_list(*, tenant: Tenant, search: str | None = None) -> QuerySet[Client]:
    """A tenant's clients, oldest first; `search` finds a part of the name, email or phone
    (any case)."""
    clients = Client.objects.filter(tenant=tenant)
    if search:
        clients = clients.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(phone__icontains=search)
        )
    return clients.order_by("created_at", "id")
