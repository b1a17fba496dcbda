from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q

from booking.catalog.models import Service, Staff
from booking.common.models import TenantOwnedModel


class TsTzRange(Func):
    """tstzrange(start, end, '[)'): the time a reservation blocks, as PostgreSQL sees it."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Cart(TenantOwnedModel):
    """What a widget session holds. The browser keeps the token; we keep its SHA-256."""

    token_hash = models.CharField(max_length=64, unique=True)


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

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="reservations")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reservations")
    cart = models.ForeignKey(
        Cart, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
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

    class Meta(TenantOwnedModel.Meta):
        indexes = [
            models.Index(
                fields=["tenant", "staff", "blocked_start"],
                name="reservation_staff_time",
                condition=Q(live=True),
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
