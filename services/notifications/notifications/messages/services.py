"""Renders and sends every email, once per dedupe key and recipient.

The delivery window, chosen on purpose (docs/architecture.md §7: at least once, de-duplicated):

1. Claim: insert SentMessage(dedupe_key, recipient) in state `sending`, owned by the
   task id, leased for the task's hard time limit plus a margin. The unique constraint
   makes exactly one delivery the claimant.
2. Send over SMTP.
3. Mark it `sent` (one UPDATE, autocommit).

A second delivery of the same task (Celery redelivery after a worker was killed, a
producer that published twice, a retry) finds the row: `sent` -> it skips; `sending`
under someone else's live lease -> it retries later (the claimant may still succeed);
`sending` under its own task id -> the earlier run of this very message is dead (with
acks_late the broker only hands a message out again once its holder is gone), so it
sends; `sending` with the lease run out, or `failed` -> it takes the claim over.

So an email is lost never, and sent twice only when a worker dies in the few
milliseconds between the SMTP server's "250 accepted" and the UPDATE of step 3; a
kill anywhere earlier leaves nothing accepted by the server, and the redelivered task
sends it once. Claiming and *not* resending (at most once) would instead lose the email
whenever the kill lands during the SMTP conversation, which lasts far longer than that
window: a lost verification code or confirmation is worse than a rare duplicate. The
duplicate carries the same Message-ID (derived from the dedupe key and recipient), so
mail clients that de-duplicate by Message-ID show it once.

No network call happens inside a database transaction: each step commits on its own.
"""

import datetime
import hashlib
import logging
import smtplib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from contracts import notifications as contract
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .ics import booking_calendar
from .models import FailedTask, SentMessage
from .rendering import (
    RenderedEmail,
    appointment_view,
    email_render,
    language_of,
    moment_format,
    moment_parse,
    money_format,
    refund_reason_text,
)

logger = logging.getLogger(__name__)

ICS_FILENAME = "booking.ics"


class MessageBusy(Exception):
    """Another delivery of the same message holds its claim; try again after `retry_after`."""

    def __init__(self, *, recipient: str, retry_after: float) -> None:
        super().__init__(f"{recipient} is being sent by another delivery")
        self.retry_after = retry_after


class PermanentDeliveryError(Exception):
    """The SMTP server refused for good (5xx): retrying the same message cannot help."""


@dataclass(frozen=True)
class Delivery:
    """Which run of which task is sending: the claim's owner."""

    task_id: str
    worker: str = ""
    queue: str = ""


@dataclass
class Outgoing:
    """One email to one recipient, before it is claimed and sent."""

    recipient: str
    template: str
    language: str
    context: dict
    reply_to: list[str] = field(default_factory=list)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


# -- claims -----------------------------------------------------------------------------


def message_claim(
    *, dedupe_key: str, recipient: str, kind: str, tenant_id: str, booking_id: str,
    delivery: Delivery,
) -> SentMessage | None:  # fmt: skip
    """Claims one email for this delivery; None when it was already sent.

    Raises MessageBusy when another live delivery holds it.
    """
    now = timezone.now()
    lease_until = now + datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_SECONDS)
    message_id = message_id_for(dedupe_key=dedupe_key, recipient=recipient)
    try:
        with transaction.atomic():
            return SentMessage.objects.create(
                dedupe_key=dedupe_key,
                recipient=recipient,
                kind=kind,
                tenant_id=tenant_id,
                booking_id=booking_id,
                state=SentMessage.State.SENDING,
                claimed_by=delivery.task_id,
                lease_until=lease_until,
                message_id=message_id,
            )
    except IntegrityError:
        pass
    # The conditional UPDATE is the arbiter between two deliveries racing for a
    # stale claim: the database re-checks the WHERE on the row it locks.
    claimable = Q(state=SentMessage.State.FAILED) | Q(
        state=SentMessage.State.SENDING,
    ) & (Q(claimed_by=delivery.task_id) | Q(lease_until__lte=now))
    taken = (
        SentMessage.objects.filter(dedupe_key=dedupe_key, recipient=recipient)
        .filter(claimable)
        .update(
            state=SentMessage.State.SENDING,
            claimed_by=delivery.task_id,
            lease_until=lease_until,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    message = SentMessage.objects.get(dedupe_key=dedupe_key, recipient=recipient)
    if taken:
        return message
    if message.state == SentMessage.State.SENT:
        return None
    raise MessageBusy(
        recipient=recipient,
        retry_after=max(1.0, (message.lease_until - now).total_seconds()),
    )


def message_mark_sent(*, message: SentMessage, delivery: Delivery, subject: str) -> None:
    now = timezone.now()
    SentMessage.objects.filter(pk=message.pk).update(
        state=SentMessage.State.SENT,
        sent_at=now,
        subject=subject[:255],
        worker=delivery.worker,
        queue=delivery.queue,
        last_error="",
        updated_at=now,
    )


def message_release(*, message: SentMessage, delivery: Delivery, error: str) -> None:
    """After a failed attempt: anyone (this task's retry first) may claim it again."""
    SentMessage.objects.filter(
        pk=message.pk, state=SentMessage.State.SENDING, claimed_by=delivery.task_id
    ).update(state=SentMessage.State.FAILED, last_error=error, updated_at=timezone.now())


def message_id_for(*, dedupe_key: str, recipient: str) -> str:
    """The same for every attempt at one email, so a rare duplicate is recognisable."""
    digest = hashlib.sha256(f"{dedupe_key}\n{recipient}".encode()).hexdigest()[:40]
    return f"<{digest}@{settings.EMAIL_DOMAIN}>"


# -- sending ----------------------------------------------------------------------------


def emails_deliver(
    *, dedupe_key: str, tenant_id: str, booking_id: str, outgoing: list[Outgoing],
    delivery: Delivery,
) -> list[str]:  # fmt: skip
    """Sends each email not sent yet for this key; returns the recipients sent to now.

    A transient SMTP error (4xx, connection refused, timeout) propagates at once so the
    task retries with backoff; emails already sent stay sent. A permanent refusal of one
    recipient does not stop the others and is raised at the end.
    """
    sent: list[str] = []
    refused: list[str] = []
    # Render all first: a template or payload error must not leave claims behind.
    rendered = [
        (out, email_render(out.template, language=out.language, context=out.context))
        for out in outgoing
    ]
    connection = get_connection(fail_silently=False)
    try:
        for out, words in rendered:
            message = message_claim(
                dedupe_key=dedupe_key,
                recipient=out.recipient,
                kind=out.template,
                tenant_id=tenant_id,
                booking_id=booking_id,
                delivery=delivery,
            )
            if message is None:
                logger.info("%s to %s already sent (%s)", out.template, out.recipient, dedupe_key)
                continue
            email = _email_build(out, words, message_id=message.message_id, booking_id=booking_id)
            try:
                if connection.send_messages([email]) != 1:
                    raise smtplib.SMTPException("the SMTP backend sent nothing")
            except Exception as exc:
                message_release(message=message, delivery=delivery, error=repr(exc))
                if _is_permanent(exc):
                    refused.append(f"{out.recipient}: {exc}")
                    continue
                raise
            message_mark_sent(message=message, delivery=delivery, subject=words.subject)
            sent.append(out.recipient)
            logger.info("sent %s to %s (%s)", out.template, out.recipient, dedupe_key)
    finally:
        connection.close()
    if refused:
        raise PermanentDeliveryError("; ".join(refused))
    return sent


def _email_build(
    out: Outgoing, words: RenderedEmail, *, message_id: str, booking_id: str
) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=words.subject,
        body=words.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[out.recipient],
        reply_to=out.reply_to,
        headers={
            "Message-ID": message_id,
            # RFC 3834: no vacation auto-replies to a machine's message.
            "Auto-Submitted": "auto-generated",
            "X-Notification-Kind": out.template,
            "X-Booking-Id": booking_id,
        },
    )
    email.attach_alternative(words.html, "text/html")
    for filename, content, mimetype in out.attachments:
        email.attach(filename, content, mimetype)
    return email


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


# -- the messages -----------------------------------------------------------------------


def _deliver(
    message: contract.SendVerificationCode | contract.BookingMessage | contract.PaymentMessage,
    outgoing: list[Outgoing],
    delivery: Delivery,
) -> list[str]:
    return emails_deliver(
        dedupe_key=message.dedupe_key,
        tenant_id=message.tenant.id,
        booking_id=message.booking_id,
        outgoing=outgoing,
        delivery=delivery,
    )


def _tenant_context(tenant: contract.Tenant) -> dict:
    return {"tenant_name": tenant.name, "timezone": tenant.timezone}


def _verification_outgoing(message: contract.SendVerificationCode) -> Outgoing:
    language = language_of(message.language)
    zone = ZoneInfo(message.tenant.timezone)
    context = {
        **_tenant_context(message.tenant),
        "client_name": message.client_name,
        "code": message.code,
        "expires": moment_format(moment_parse(message.expires_at), zone=zone, language=language),
    }
    return Outgoing(
        recipient=message.email.lower(),
        template="verification_code",
        language=language,
        context=context,
    )


def verification_code_send(
    *, message: contract.SendVerificationCode, delivery: Delivery
) -> list[str]:
    return _deliver(message, [_verification_outgoing(message)], delivery)


def _booking_context(
    message: contract.BookingMessage,
    *,
    language: str,
    appointments: list[contract.Appointment],
    previous: list[contract.Appointment],
) -> dict:
    zone = ZoneInfo(message.tenant.timezone)
    context = {
        **_tenant_context(message.tenant),
        "booking_id": message.booking_id,
        "client_name": message.client_name,
        "client_email": message.client_email,
        "client_phone": message.client_phone,
        "note": message.note,
        "manage_url": message.manage_url,
        "appointments": [appointment_view(a, zone=zone, language=language) for a in appointments],
        "previous_appointments": [
            appointment_view(a, zone=zone, language=language) for a in previous
        ],
        "refund": message.refund,
        "refund_amount": "",
    }
    if message.refund_amount and message.currency:
        context["refund_amount"] = money_format(
            message.refund_amount, message.currency, language=language
        )
    return context


def _booking_outgoing(
    message: contract.BookingMessage, *, template: str, with_calendar: bool, business: bool
) -> list[Outgoing]:
    """The client's email, then with `business` one per distinct staff member with an
    address and one to the owner's address; one email per address whatever its roles."""
    zone = ZoneInfo(message.tenant.timezone)

    def calendar(appointments: list[contract.Appointment]) -> list[tuple[str, bytes, str]]:
        if not with_calendar or not appointments:
            return []
        content = booking_calendar(
            booking_id=message.booking_id,
            tenant_name=message.tenant.name,
            zone=zone,
            appointments=appointments,
            manage_url=message.manage_url,
        )
        return [(ICS_FILENAME, content, "text/calendar")]

    client_language = language_of(message.language)
    owner = message.tenant.owner_email.strip().lower()
    outgoing = [
        Outgoing(
            recipient=message.client_email.lower(),
            template=template,
            language=client_language,
            context=_booking_context(
                message,
                language=client_language,
                appointments=message.appointments,
                previous=message.previous_appointments,
            )
            | {"audience": "client"},
            reply_to=[owner] if owner else [],
            attachments=calendar(message.appointments),
        )
    ]
    if not business:
        return outgoing
    business_language = language_of(message.tenant.language)
    staff_emails: list[str] = []
    for appointment in [*message.appointments, *message.previous_appointments]:
        email = appointment.staff_email.strip().lower()
        if email and email not in staff_emails:
            staff_emails.append(email)
    recipients = [(email, "staff") for email in staff_emails]
    if owner:
        recipients.append((owner, "owner"))
    used = {outgoing[0].recipient}
    for email, audience in recipients:
        if email in used:
            continue
        used.add(email)
        if audience == "staff":
            mine = [a for a in message.appointments if a.staff_email.strip().lower() == email]
            previous = [
                a for a in message.previous_appointments if a.staff_email.strip().lower() == email
            ]
        else:
            mine, previous = message.appointments, message.previous_appointments
        outgoing.append(
            Outgoing(
                recipient=email,
                template=f"{template}_business",
                language=business_language,
                context=_booking_context(
                    message, language=business_language, appointments=mine, previous=previous
                )
                | {"audience": audience},
                attachments=calendar(mine) if audience == "staff" else [],
            )
        )
    return outgoing


def booking_confirmation_send(*, message: contract.BookingMessage, delivery: Delivery) -> list[str]:
    outgoing = _booking_outgoing(
        message, template="booking_confirmed", with_calendar=True, business=True
    )
    return _deliver(message, outgoing, delivery)


def reminder_send(*, message: contract.BookingMessage, delivery: Delivery) -> list[str]:
    outgoing = _booking_outgoing(message, template="reminder", with_calendar=False, business=False)
    return _deliver(message, outgoing, delivery)


def booking_rescheduled_send(*, message: contract.BookingMessage, delivery: Delivery) -> list[str]:
    outgoing = _booking_outgoing(
        message, template="booking_rescheduled", with_calendar=True, business=True
    )
    return _deliver(message, outgoing, delivery)


def booking_cancelled_send(*, message: contract.BookingMessage, delivery: Delivery) -> list[str]:
    outgoing = _booking_outgoing(
        message, template="booking_cancelled", with_calendar=False, business=True
    )
    return _deliver(message, outgoing, delivery)


def _payment_outgoing(message: contract.PaymentMessage, *, template: str) -> Outgoing:
    language = language_of(message.language)
    zone = ZoneInfo(message.tenant.timezone)
    owner = message.tenant.owner_email.strip().lower()
    context = {
        **_tenant_context(message.tenant),
        "booking_id": message.booking_id,
        "client_name": message.client_name,
        "amount": money_format(message.amount, message.currency, language=language),
        "kind": message.kind,
        "balance_due": (
            money_format(message.balance_due, message.currency, language=language)
            if message.balance_due
            else ""
        ),
        "reason": refund_reason_text(message.reason, language=language),
        "appointments": [
            appointment_view(a, zone=zone, language=language) for a in message.appointments
        ],
    }
    return Outgoing(
        recipient=message.client_email.lower(),
        template=template,
        language=language,
        context=context,
        reply_to=[owner] if owner else [],
    )


def payment_receipt_send(*, message: contract.PaymentMessage, delivery: Delivery) -> list[str]:
    return _deliver(message, [_payment_outgoing(message, template="payment_receipt")], delivery)


def payment_refunded_send(*, message: contract.PaymentMessage, delivery: Delivery) -> list[str]:
    return _deliver(message, [_payment_outgoing(message, template="payment_refunded")], delivery)


# -- failures ---------------------------------------------------------------------------


def failed_task_record(
    *, task_name: str, task_id: str, payload: dict, error: str, retries: int
) -> FailedTask:
    failed = FailedTask(
        task_name=task_name, task_id=task_id, payload=payload, error=error, retries=retries
    )
    failed.full_clean()
    failed.save()
    logger.error("%s %s failed after %d retries: %s", task_name, task_id, retries, error)
    return failed


def failed_task_retry(*, failed: FailedTask) -> str:
    """Publishes the task again by name (routed like the original); returns its new id.

    Marked only after the broker took it: a crash in between publishes it twice on
    the next run, which the dedupe key absorbs.
    """
    from config.celery import app

    result = app.send_task(failed.task_name, kwargs=failed.payload)
    FailedTask.objects.filter(pk=failed.pk).update(
        retried_at=timezone.now(), retry_task_id=result.id
    )
    return result.id


# -- the back office (booking.office) ---------------------------------------------------------


def _office_access_outgoing(message: contract.OfficeAccessMessage, *, template: str) -> Outgoing:
    language = language_of(message.language)
    zone = ZoneInfo(message.tenant.timezone)
    return Outgoing(
        recipient=message.email.lower(),
        template=template,
        language=language,
        context={
            **_tenant_context(message.tenant),
            "email": message.email,
            "link": message.link,
            "role": message.role,
            "invited_by": message.invited_by,
            "expires": moment_format(
                moment_parse(message.expires_at), zone=zone, language=language
            ),
        },
    )


def _deliver_one(message, outgoing: Outgoing, delivery: Delivery) -> list[str]:
    """One email about no booking (a login, a webhook endpoint, a waitlist offer): the
    message's own dedupe key and tenant."""
    return emails_deliver(
        dedupe_key=message.dedupe_key,
        tenant_id=message.tenant.id,
        booking_id="",
        outgoing=[outgoing],
        delivery=delivery,
    )


def office_invitation_send(
    *, message: contract.OfficeAccessMessage, delivery: Delivery
) -> list[str]:
    outgoing = _office_access_outgoing(message, template="office_invitation")
    return _deliver_one(message, outgoing, delivery)


def office_password_reset_send(
    *, message: contract.OfficeAccessMessage, delivery: Delivery
) -> list[str]:
    outgoing = _office_access_outgoing(message, template="office_password_reset")
    return _deliver_one(message, outgoing, delivery)


# -- outgoing webhooks (booking.webhooks) -----------------------------------------------------


def webhook_disabled_send(*, message: contract.WebhookDisabledMessage, delivery: Delivery):
    """Tells the owner that a webhook endpoint failed every delivery for days and is off."""
    language = language_of(message.language)
    zone = ZoneInfo(message.tenant.timezone)
    outgoing = Outgoing(
        recipient=message.email.lower(),
        template="webhook_disabled",
        language=language,
        context={
            **_tenant_context(message.tenant),
            "url": message.url,
            "last_error": message.last_error,
            "failing_since": moment_format(
                moment_parse(message.failing_since), zone=zone, language=language
            ),
            "disabled_at": moment_format(
                moment_parse(message.disabled_at), zone=zone, language=language
            ),
        },
    )
    return _deliver_one(message, outgoing, delivery)


# -- erasure ----------------------------------------------------------------------------


@transaction.atomic
def client_forget(*, message: contract.ForgetClient) -> int:
    """Forgets an erased client (GDPR Art. 17): their address in the sent-message log becomes
    `erased:<row id>` (still unique with its dedupe key), the subjects of their bookings'
    emails are blanked, and failed tasks addressed to them are dropped. Running it twice
    changes nothing more. Answers how many sent-message rows held the address."""
    email = message.email.strip().lower()
    erased = SentMessage.objects.filter(tenant_id=message.tenant_id, recipient=email).update(
        recipient=Concat(Value("erased:"), Cast("id", CharField())), subject=""
    )
    if message.booking_ids:
        SentMessage.objects.filter(
            tenant_id=message.tenant_id, booking_id__in=message.booking_ids
        ).update(subject="")
    FailedTask.objects.filter(
        Q(payload__tenant__id=message.tenant_id) | Q(payload__tenant_id=message.tenant_id),
        Q(payload__client_email__iexact=email) | Q(payload__email__iexact=email),
    ).delete()
    return erased


# -- the waitlist (booking.waitlist) ----------------------------------------------------------


def waitlist_offer_send(*, message: contract.WaitlistOfferMessage, delivery: Delivery):
    """Tells a waiting customer that a start of their day is held for them, with the link."""
    language = language_of(message.language)
    zone = ZoneInfo(message.tenant.timezone)
    appointment = message.appointment
    outgoing = Outgoing(
        recipient=message.email.lower(),
        template="waitlist_offer",
        language=language,
        context={
            **_tenant_context(message.tenant),
            "link": message.link,
            "service_name": appointment.service_name,
            "staff_name": appointment.staff_name,
            "start": moment_format(moment_parse(appointment.start), zone=zone, language=language),
            "expires_at": moment_format(
                moment_parse(message.expires_at), zone=zone, language=language
            ),
        },
    )
    return _deliver_one(message, outgoing, delivery)
