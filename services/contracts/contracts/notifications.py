"""Tasks the notifications worker consumes, and their payloads.

Times are ISO 8601 strings in UTC; the worker renders them in `tenant_timezone`.
Every payload carries a `dedupe_key`, stable per business event: the worker sends
once per key and recipient however often the task is delivered.
"""

from dataclasses import dataclass, field

SEND_VERIFICATION_CODE = "notifications.send_verification_code.v1"
SEND_BOOKING_CONFIRMATION = "notifications.send_booking_confirmation.v1"
SEND_REMINDER = "notifications.send_reminder.v1"
SEND_BOOKING_RESCHEDULED = "notifications.send_booking_rescheduled.v1"
SEND_BOOKING_CANCELLED = "notifications.send_booking_cancelled.v1"
SEND_PAYMENT_RECEIPT = "notifications.send_payment_receipt.v1"
SEND_PAYMENT_REFUNDED = "notifications.send_payment_refunded.v1"
# The back office (booking.office): a link to set a password, to a new login or a forgetful one.
SEND_OFFICE_INVITATION = "notifications.send_office_invitation.v1"
SEND_OFFICE_PASSWORD_RESET = "notifications.send_office_password_reset.v1"
# Outgoing webhooks (booking.webhooks): the owner learns that an endpoint was switched off.
SEND_WEBHOOK_DISABLED = "notifications.send_webhook_disabled.v1"
# The waitlist (booking.waitlist): a freed start is held for the customer; the link opens it.
SEND_WAITLIST_OFFER = "notifications.send_waitlist_offer.v1"
# The business erased a client (GDPR Art. 17): notifications forgets their address too.
FORGET_CLIENT = "notifications.forget_client.v1"


@dataclass(frozen=True, kw_only=True)
class Tenant:
    id: str
    name: str
    plan: str  # basic | professional | business | enterprise: decides the queue lane
    timezone: str  # IANA name, e.g. Europe/Zurich
    owner_email: str  # "" when not set
    language: str = "en"  # en | de: the language of the staff and owner notices


@dataclass(frozen=True, kw_only=True)
class Appointment:
    service_name: str
    staff_name: str
    staff_email: str  # "" when the staff member has none
    start: str  # ISO 8601, UTC
    end: str


@dataclass(frozen=True, kw_only=True)
class SendVerificationCode:
    dedupe_key: str
    tenant: Tenant
    booking_id: str
    language: str  # en | de
    client_name: str
    email: str
    code: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class BookingMessage:
    """Confirmation, reminder, rescheduled and cancelled notices share this payload."""

    dedupe_key: str
    tenant: Tenant
    booking_id: str
    language: str
    client_name: str
    client_email: str
    client_phone: str
    note: str
    manage_url: str
    appointments: list[Appointment]
    previous_appointments: list[Appointment] = field(default_factory=list)  # rescheduled only
    refund: str = ""  # cancelled only: "full", "partial", "none" or "" when nothing was paid
    refund_amount: int = 0  # cancelled only: minor units refunded, when known
    currency: str = ""  # of refund_amount; ISO 4217, lower case


@dataclass(frozen=True, kw_only=True)
class PaymentMessage:
    """Payment receipt and refund notice."""

    dedupe_key: str
    tenant: Tenant
    booking_id: str
    language: str
    client_name: str
    client_email: str
    amount: int  # minor units
    currency: str  # ISO 4217, lower case as Stripe speaks it
    kind: str  # full | deposit
    balance_due: int  # minor units still to pay at the appointment
    reason: str = ""  # refund only: why it was refunded
    appointments: list[Appointment] = field(default_factory=list)  # the recap, when given


@dataclass(frozen=True, kw_only=True)
class OfficeAccessMessage:
    """An invitation to a tenant's back office, or a password reset link.

    `link` is signed, expires at `expires_at` and works once; the worker only sends it.
    """

    dedupe_key: str
    tenant: Tenant
    language: str  # en | de
    email: str
    link: str
    expires_at: str  # ISO 8601, UTC
    role: str = ""  # invitation only: owner | manager | staff
    invited_by: str = ""  # invitation only: who invited (an email), "" for the operator


@dataclass(frozen=True, kw_only=True)
class WebhookDisabledMessage:
    """A webhook endpoint failed every delivery for days and was switched off."""

    dedupe_key: str
    tenant: Tenant
    language: str  # en | de
    email: str  # the owner's
    url: str
    failing_since: str  # ISO 8601, UTC
    disabled_at: str  # ISO 8601, UTC
    last_error: str


@dataclass(frozen=True, kw_only=True)
class ForgetClient:
    """A client of the tenant whose personal data booking erased: the log of sent emails
    forgets their address, and failed tasks waiting to be sent to them are dropped."""

    dedupe_key: str
    tenant_id: str
    email: str
    booking_ids: list[str]


@dataclass(frozen=True, kw_only=True)
class WaitlistOfferMessage:
    """A start of a day the customer waited for is held for them until `expires_at`.

    `link` is signed and opens the hold in the widget; the worker only sends it."""

    dedupe_key: str
    tenant: Tenant
    language: str  # en | de
    email: str
    link: str
    expires_at: str  # ISO 8601, UTC
    appointment: Appointment
