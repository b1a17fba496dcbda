"""An erased client is forgotten by notifications too (GDPR Art. 17), within one tenant."""

import datetime
from dataclasses import asdict

import pytest
from contracts import notifications as contract
from django.utils import timezone

from notifications.messages import tasks
from notifications.messages.models import FailedTask, SentMessage

pytestmark = pytest.mark.django_db


def sent(tenant_id: str, booking_id: str, recipient: str, kind: str) -> SentMessage:
    now = timezone.now()
    return SentMessage.objects.create(
        dedupe_key=f"booking:{booking_id}:confirmed",
        recipient=recipient,
        kind=kind,
        tenant_id=tenant_id,
        booking_id=booking_id,
        state=SentMessage.State.SENT,
        claimed_by="task",
        lease_until=now + datetime.timedelta(minutes=1),
        message_id="<m@example.com>",
        subject=f"Booking of Nora Client ({kind})",
        sent_at=now,
    )


def test_the_client_s_address_and_subjects_are_forgotten_in_their_tenant_only():
    to_client = sent("t1", "b1", "nora@example.com", "booking_confirmed")
    to_staff = sent("t1", "b1", "anna@studio.test", "booking_confirmed_business")
    elsewhere = sent("t2", "b9", "nora@example.com", "booking_confirmed")
    FailedTask.objects.create(
        task_name=contract.SEND_BOOKING_CONFIRMATION,
        task_id="x",
        payload={"tenant": {"id": "t1"}, "client_email": "Nora@Example.com"},
        error="SMTPException",
    )
    FailedTask.objects.create(
        task_name=contract.SEND_BOOKING_CONFIRMATION,
        task_id="y",
        payload={"tenant": {"id": "t2"}, "client_email": "nora@example.com"},
        error="SMTPException",
    )
    payload = contract.ForgetClient(
        dedupe_key="client:c1:forget", tenant_id="t1", email="Nora@example.com", booking_ids=["b1"]
    )

    forgotten = tasks.forget_client.apply(kwargs=asdict(payload) | {"added_later": 1}).get()
    again = tasks.forget_client.apply(kwargs=asdict(payload)).get()

    assert (forgotten, again) == (1, 0)
    to_client.refresh_from_db()
    to_staff.refresh_from_db()
    elsewhere.refresh_from_db()
    assert to_client.recipient == f"erased:{to_client.id}"
    assert to_client.subject == to_staff.subject == ""
    assert to_staff.recipient == "anna@studio.test"
    assert (elsewhere.recipient, elsewhere.subject) == (
        "nora@example.com",
        "Booking of Nora Client (booking_confirmed)",
    )
    assert list(FailedTask.objects.values_list("task_id", flat=True)) == ["y"]
