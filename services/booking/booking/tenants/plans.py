"""The plans and what each allows (docs/architecture.md §2). None means unlimited."""

from dataclasses import dataclass

BASIC = "basic"
PROFESSIONAL = "professional"
BUSINESS = "business"
ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class Plan:
    name: str
    staff_members: int | None
    bookings_per_month: int | None
    payments: bool
    admin_requests_per_minute: int
    outgoing_webhooks: bool
    own_notification_lane: bool


PLANS = {
    BASIC: Plan(BASIC, 1, 100, False, 60, False, False),
    PROFESSIONAL: Plan(PROFESSIONAL, 5, 1_000, True, 300, False, False),
    BUSINESS: Plan(BUSINESS, 25, 10_000, True, 1_200, True, False),
    ENTERPRISE: Plan(ENTERPRISE, None, None, True, 6_000, True, True),
}
PLAN_CHOICES = [(name, name.title()) for name in PLANS]
