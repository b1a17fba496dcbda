"""Claim, send, mark: each email once per dedupe key and recipient, over real SMTP.

Runs the services in this process against the aiosmtpd sink; the worker processes,
redelivery and crashes are in test_workers.py.
"""

import datetime
import smtplib
from dataclasses import asdict

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from icalendar import Calendar

from notifications.messages import services, tasks
from notifications.messages.models import SentMessage

from . import factories
from .conftest import mail_sink

RECIPIENTS = ["max@client.test", "anna@studio.test", "owner@studio.test"]


def delivery(task_id: str = "task-1") -> services.Delivery:
    return services.Delivery(task_id=task_id, worker="test@host", queue="notifications.bulk")


def test_a_confirmation_sends_three_emails_with_html_and_calendar(db, smtp_settings, sink):
    message = factories.booking_message()

    sent = services.booking_confirmation_send(message=message, delivery=delivery())

    assert sent == RECIPIENTS
    emails = sink.wait_count(3)
    assert sorted(e["To"] for e in emails) == sorted(RECIPIENTS)
    client = sink.to("max@client.test")[0]
    assert client["Subject"] == "Your booking at Studio Lumen is confirmed"
    assert client["Reply-To"] == "owner@studio.test"
    assert client["Auto-Submitted"] == "auto-generated"
    parts = {part.get_content_type(): part for part in client.walk()}
    assert "Tuesday, 1 December 2026, 17:00 (Europe/Zurich)" in parts["text/plain"].get_content()
    assert message.manage_url in parts["text/html"].get_content()
    calendar = Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    assert calendar.events[0].start == datetime.datetime(2026, 12, 1, 16, tzinfo=datetime.UTC)
    assert parts["text/calendar"].get_filename() == "booking.ics"
    rows = SentMessage.objects.filter(dedupe_key=message.dedupe_key)
    assert {(r.recipient, r.state) for r in rows} == {(r, "sent") for r in RECIPIENTS}


def test_a_field_a_newer_booking_service_adds_is_ignored_by_the_task(db, smtp_settings, sink):
    """During a rolling deploy booking may send a field this worker does not know yet."""
    message = factories.booking_message()

    tasks.send_booking_confirmation.apply(kwargs={**asdict(message), "gift_wrapping": True}).get()

    assert sorted(e["To"] for e in sink.wait_count(3)) == sorted(RECIPIENTS)


def test_the_same_message_delivered_again_sends_nothing_more(db, smtp_settings, sink):
    message = factories.booking_message()
    services.booking_confirmation_send(message=message, delivery=delivery("first"))

    again = services.booking_confirmation_send(message=message, delivery=delivery("second"))

    assert again == []
    assert len(sink.wait_count(3)) == 3
    # Message-IDs are stable per dedupe key and recipient.
    assert {e["Message-ID"] for e in sink.messages()} == {
        services.message_id_for(dedupe_key=message.dedupe_key, recipient=r) for r in RECIPIENTS
    }


def test_a_claim_held_by_a_live_delivery_makes_the_other_wait(db, smtp_settings, sink):
    message = factories.verification_code()
    claimed = services.message_claim(
        dedupe_key=message.dedupe_key, recipient=message.email, kind="verification_code",
        tenant_id="t", booking_id="b", delivery=delivery("running"),
    )  # fmt: skip

    with pytest.raises(services.MessageBusy) as busy:
        services.verification_code_send(message=message, delivery=delivery("duplicate"))

    assert claimed is not None
    assert 1 <= busy.value.retry_after <= services.settings.NOTIFICATIONS_CLAIM_SECONDS
    assert sink.paths() == []


def test_a_redelivery_of_a_crashed_task_takes_its_own_claim_over(db, smtp_settings, sink):
    # Given the task died after claiming (state sending, its lease still running)
    message = factories.verification_code()
    services.message_claim(
        dedupe_key=message.dedupe_key, recipient=message.email, kind="verification_code",
        tenant_id="t", booking_id="b", delivery=delivery("crashed-task"),
    )  # fmt: skip

    # When the broker hands the same message (same task id) out again
    sent = services.verification_code_send(message=message, delivery=delivery("crashed-task"))

    # Then it is sent once
    assert sent == ["max@client.test"]
    assert len(sink.wait_count(1)) == 1
    row = SentMessage.objects.get(dedupe_key=message.dedupe_key)
    assert (row.state, row.attempts) == ("sent", 2)


def test_a_claim_whose_lease_ran_out_is_taken_over(db, smtp_settings, sink):
    message = factories.verification_code()
    services.message_claim(
        dedupe_key=message.dedupe_key, recipient=message.email, kind="verification_code",
        tenant_id="t", booking_id="b", delivery=delivery("dead"),
    )  # fmt: skip
    SentMessage.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))

    sent = services.verification_code_send(message=message, delivery=delivery("other"))

    assert sent == ["max@client.test"]
    assert SentMessage.objects.get().claimed_by == "other"


def test_smtp_down_raises_for_a_retry_and_the_retry_sends(db, smtp_settings, sink):
    message = factories.verification_code()
    sink.stop()

    with pytest.raises(OSError):
        services.verification_code_send(message=message, delivery=delivery())

    row = SentMessage.objects.get()
    assert row.state == "failed" and "Connection refused" in row.last_error
    sink.start()
    assert services.verification_code_send(message=message, delivery=delivery()) == [
        "max@client.test"
    ]
    assert len(sink.wait_count(1)) == 1


class RefusingHandler(mail_sink.MailDirHandler):
    """Refuses one address for good, like a server that knows no such mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "anna@studio.test":
            return "550 5.1.1 no such mailbox"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_permanently_refused_recipient_does_not_stop_the_others(db, smtp_settings, sink):
    sink.stop()  # the same port and folder, served by a refusing handler
    controller = Controller(
        RefusingHandler(sink.directory, quiet=True), hostname="127.0.0.1", port=sink.port
    )
    controller.start()
    try:
        message = factories.booking_message()
        with pytest.raises(services.PermanentDeliveryError, match="anna@studio.test"):
            services.booking_confirmation_send(message=message, delivery=delivery())
    finally:
        controller.stop()

    assert sorted(e["To"] for e in sink.messages()) == ["max@client.test", "owner@studio.test"]
    states = dict(SentMessage.objects.values_list("recipient", "state"))
    assert states == {"max@client.test": "sent", "anna@studio.test": "failed",
                      "owner@studio.test": "sent"}  # fmt: skip


def test_smtp_errors_are_sorted_into_transient_and_permanent():
    assert services._is_permanent(smtplib.SMTPResponseException(554, b"rejected"))
    assert not services._is_permanent(smtplib.SMTPResponseException(451, b"try later"))
    assert not services._is_permanent(smtplib.SMTPServerDisconnected("gone"))
    assert not services._is_permanent(ConnectionRefusedError())
