"""Tasks the payments service consumes (published by the booking service)."""

import datetime
from dataclasses import dataclass

REFUND = "payments.refund.v1"

REFUND_REASON_CANCELLED = "cancelled"
REFUND_REASON_BOOKING_EXPIRED = "booking_expired"
# A second successful charge for one payment order (two tabs, 3-D Secure finished late):
# the payments service refunds it in full, whatever the policy, and never the order's own.
REFUND_REASON_DUPLICATE_PAYMENT = "duplicate_payment"


@dataclass(frozen=True, kw_only=True)
class Refund:
    """Refund a booking's payments according to the tenant's policy.

    The policy's facts travel in the payload because payments never reads booking data;
    `refund_is_due` below applies them. A refund for a booking that expired before its
    payment arrived (`booking_expired`) is always full.
    """

    dedupe_key: str
    tenant_id: str
    booking_id: str
    reason: str  # cancelled | booking_expired | duplicate_payment
    requested_at: str  # ISO 8601, UTC
    full_refund_until: str  # ISO 8601, UTC
    deposit_refundable: bool


def refund_is_due(
    *,
    requested_at: datetime.datetime,
    full_refund_until: datetime.datetime,
    deposit: bool,
    deposit_refundable: bool,
) -> bool:
    """The tenant's refund policy for a cancellation, read by both sides of `Refund`.

    Booking tells the client what they will get back; payments gives it back. Everything
    paid before `full_refund_until`, nothing after it; a down payment only when the
    tenant makes it refundable.
    """
    if requested_at >= full_refund_until:
        return False
    return deposit_refundable or not deposit
