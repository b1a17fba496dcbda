import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Lower

from booking.catalog.models import Service, Staff
from booking.common.models import TenantOwnedModel


class TsTzRange(Func):
    """tstzrange(start, end, '[)'): the time a reservation blocks, as PostgreSQL sees it."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Cart(TenantOwnedModel):
    """What a widget session holds. The browser keeps the token; we keep its SHA-256."""

    token_hash = models.CharField(max_length=64, unique=True)


class Client(TenantOwnedModel):
    """A customer of one tenant, known by email (matched case-insensitively)."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    # Set when the business erased the client's personal data (GDPR Art. 17); the bookings
    # stay for the books (services/clients.py).
    anonymized_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantOwnedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                F("tenant"), Lower("email"), name="client_email_unique_per_tenant"
            ),
        ]


class Booking(TenantOwnedModel):
    """The client's booking of every hold a cart had, confirmed together or not at all.

    While it awaits verification or payment, `expires_at` is the deadline (the
    same as its reservations'); past it the booking is expired whether or not the
    tidy task has marked it yet.
    """

    class Status(models.TextChoices):
        AWAITING_VERIFICATION = "awaiting_verification"
        AWAITING_PAYMENT = "awaiting_payment"
        CONFIRMED = "confirmed"
        CANCELLED = "cancelled"
        EXPIRED = "expired"

    class Payment(models.TextChoices):
        NONE = "none"
        FULL = "full"
        DEPOSIT = "deposit"

    PENDING = (Status.AWAITING_VERIFICATION, Status.AWAITING_PAYMENT)

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="bookings")
    cart = models.ForeignKey(
        Cart, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    status = models.CharField(max_length=25, choices=Status.choices)
    note = models.TextField(blank=True)
    reminder = models.BooleanField(default=False)
    language = models.CharField(max_length=5, default="en")
    payment = models.CharField(max_length=10, choices=Payment.choices, default=Payment.NONE)
    currency = models.CharField(max_length=3, blank=True)
    # Minor units: the price of everything booked, what the client pays now,
    # what was paid and what is still due at the appointment.
    total_amount = models.PositiveIntegerField(default=0)
    payment_amount = models.PositiveIntegerField(default=0)
    amount_paid = models.PositiveIntegerField(default=0)
    amount_refunded = models.PositiveIntegerField(default=0)
    balance_due = models.PositiveIntegerField(default=0)
    payment_intent_id = models.CharField(max_length=100, blank=True)
    # Refund events already taken into account (their dedupe keys): redelivery counts once.
    refunds_seen = models.JSONField(default=list, blank=True)
    # Every charge and refund the payments service reported, oldest first: {"type": payment
    # or refund, "payment_intent", "refund", "amount", "currency", "reason", "at"}. A
    # duplicate charge (a second one for the same order) and its refund appear only here,
    # never in amount_paid or amount_refunded.
    payment_history = models.JSONField(default=list, blank=True)
    first_start = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # How often the client moved it through the manage link (the tenant's reschedule_limit).
    reschedules = models.PositiveIntegerField(default=0)
    # The address the booking came from (booking.reservations.client_address): the day's
    # bookings of one address are capped (tenant.max_bookings_per_address_per_day).
    client_address = models.CharField(max_length=64, blank=True, default="")

    class Meta(TenantOwnedModel.Meta):
        indexes = [
            models.Index(fields=["tenant", "status", "first_start"], name="booking_status_start"),
            models.Index(
                fields=["first_start"],
                name="booking_reminder_due",
                condition=Q(status="confirmed", reminder=True, reminder_sent_at__isnull=True),
            ),
            models.Index(
                fields=["tenant", "client_address", "created_at"],
                name="booking_address_day",
                condition=~Q(client_address=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_verification", "awaiting_payment"])
                | Q(expires_at__isnull=True),
                name="booking_deadline_only_while_pending",
            ),
        ]

    @property
    def appointments(self) -> list["Reservation"]:
        """What the booking is for, in time order: its live reservations; once cancelled, the
        ones its cancellation released (not the times it was moved away from before); once
        expired, the ones that ran out. Every answer and page shows these."""
        reservations = sorted(self.reservations.all(), key=lambda r: (r.start, str(r.id)))
        shown = [r for r in reservations if r.live]
        if not shown and self.cancelled_at:
            shown = [r for r in reservations if r.updated_at >= self.cancelled_at]
        if not shown:
            shown = [r for r in reservations if r.state == Reservation.State.EXPIRED]
        return shown or reservations


class VerificationCode(TenantOwnedModel):
    """The code a known email must confirm. Only its keyed hash is stored."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="verification")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    wrong_attempts = models.PositiveIntegerField(default=0)
    resends = models.PositiveIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)


class IdempotencyRecord(models.Model):
    """The first answer to a public POST, replayed for a retry with the same key.

    `scope` binds the key to tenant, path and cart; the unique constraint makes
    a concurrent duplicate wait for the first request and then replay it.
    """

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class ReservationQuerySet(models.QuerySet):
    def live_holds(self, now: datetime.datetime) -> "ReservationQuerySet":
        """Holds still claiming their time at `now`: in a cart, live, not run out."""
        return self.filter(state=Reservation.State.HELD, live=True, expires_at__gt=now)


class Reservation(TenantOwnedModel):
    """A claim on a staff member's time: held by a cart, then owned by a booking.

    `blocked_start`/`blocked_end` are the appointment widened by the service's
    buffers. A live reservation blocks that range; one with `expires_at` in the
    past blocks nothing even before anything marks it expired (reads filter on
    `expires_at > now`, writes expire stale rows of the locked staff member first).
    """

    class State(models.TextChoices):
        HELD = "held"  # in a cart, not yet submitted
        BOOKED = "booked"  # part of a booking (awaiting verification/payment or confirmed)
        RELEASED = "released"  # removed from the cart, or the booking was cancelled/moved
        EXPIRED = "expired"  # ran out before it was confirmed

    objects = ReservationQuerySet.as_manager()

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="reservations")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reservations")
    cart = models.ForeignKey(
        Cart, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.HELD)
    # True while the reservation may block time: held or booked. The exclusion
    # constraint covers live rows only.
    live = models.BooleanField(default=True)
    # Null for a confirmed booking: it never runs out.
    expires_at = models.DateTimeField(null=True, blank=True)
    extensions_used = models.PositiveIntegerField(default=0)
    # The address that claimed it (booking.reservations.client_address): one address keeps
    # at most tenant.max_live_holds_per_address unconfirmed claims alive. Null, not "", for
    # none: SQLite adds a nullable column without a default in place, where anything else
    # rebuilds the table, which it cannot do with the PostgreSQL-only exclusion constraint.
    client_address = models.CharField(max_length=64, null=True, blank=True)

    class Meta(TenantOwnedModel.Meta):
        indexes = [
            models.Index(
                fields=["tenant", "client_address", "expires_at"],
                name="reservation_address_live",
                condition=Q(live=True, client_address__isnull=False),
            ),
            models.Index(
                fields=["tenant", "staff", "blocked_start"],
                name="reservation_staff_time",
                condition=Q(live=True),
            ),
            models.Index(
                fields=["expires_at"], name="reservation_live_expiry", condition=Q(live=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="reservation_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start")) & Q(blocked_end__gte=F("end")),
                name="reservation_blocked_covers_appointment",
            ),
            models.CheckConstraint(
                condition=Q(live=True, state__in=["held", "booked"])
                | Q(live=False, state__in=["released", "expired"]),
                name="reservation_live_matches_state",
            ),
            # Double booking is impossible: two live reservations of one staff
            # member never overlap. Needs btree_gist for the equality on staff_id.
            ExclusionConstraint(
                name="reservation_no_overlap",
                expressions=[
                    (F("staff"), RangeOperators.EQUAL),
                    (
                        TsTzRange("blocked_start", "blocked_end", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(live=True),
            ),
        ]


class AbuseEvent(TenantOwnedModel):
    """One time a client address hit a cap (issue 16, OWASP API6).

    Kept for the owner's back office, which lists and counts them (abuse_event_counts);
    each one is logged too, with the request id.
    """

    class Kind(models.TextChoices):
        # A hold refused: the address keeps max_live_holds_per_address claims alive.
        HOLD_CAP = "hold_cap"
        # A booking past max_bookings_per_address_per_day had to verify its email by code.
        BOOKING_CAP = "booking_cap"
        # A hold came with a proof-of-work solution that was wrong, expired or used before.
        CHALLENGE_FAILED = "challenge_failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    client_address = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64, blank=True)
    limit = models.PositiveIntegerField()
    # What the address had reached when it hit the cap (live claims, or bookings that day).
    count = models.PositiveIntegerField()

    class Meta(TenantOwnedModel.Meta):
        indexes = [
            models.Index(fields=["tenant", "created_at"], name="abuse_event_tenant_time"),
        ]
