"""Tasks the payments service consumes (published by the booking service)."""

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

    The policy travels in the payload because payments never reads booking data:
    everything paid is refunded when `requested_at` is before `full_refund_until`,
    nothing after it; a deposit only when `deposit_refundable`. A refund for a
    booking that expired before its payment arrived (`booking_expired`) is always full.
    """

    dedupe_key: str
    tenant_id: str
    booking_id: str
    reason: str  # cancelled | booking_expired | duplicate_payment
    requested_at: str  # ISO 8601, UTC
    full_refund_until: str  # ISO 8601, UTC
    deposit_refundable: bool
