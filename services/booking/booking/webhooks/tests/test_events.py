"""Every event type, from the real booking flows, arrives once per subscribed endpoint,
signed, with the booking as the admin API shows it."""

import datetime
import json
from dataclasses import asdict

import pytest
from contracts import booking as booking_contract
from contracts import notifications
from plumbing.outbox.models import OutboxMessage
from standardwebhooks import Webhook

from booking.catalog.tests.factories import ServiceFactory
from booking.reservations import tasks as booking_tasks
from booking.reservations.models import Booking
from booking.reservations.services.move import booking_move
from booking.reservations.tests.conftest import Widget, at, bookable_staff
from booking.tenants.tests.factories import TenantFactory
from booking.webhooks import services
from booking.webhooks.events import EVENT_TYPES
from booking.webhooks.models import WebhookDelivery

from .conftest import client_for

BASE = "/api/booking/v1/admin/webhooks"


def run_due_attempts() -> None:
    """What the webhooks worker does: each pending delivery's next attempt."""
    for delivery in WebhookDelivery.objects.filter(state="pending").order_by("created_at"):
        services.delivery_attempt(delivery_id=str(delivery.id), attempt=delivery.attempts + 1)


def verified(receiver, secret) -> list[dict]:
    return [Webhook(secret).verify(r.body, r.headers) for r in receiver.received]


@pytest.fixture
def business_tenant(tenant):
    tenant.plan = "business"
    tenant.payments_enabled = True
    tenant.verify_every_email = False
    tenant.payment_window_minutes = 15
    tenant.save()
    return tenant


def test_every_event_type_arrives_once_per_endpoint_signed(business_tenant, receiver, clock):
    tenant = business_tenant
    admin = client_for(tenant)
    everything = admin.post(
        BASE, {"url": receiver.url, "events": EVENT_TYPES}, format="json"
    ).json()
    # A second endpoint of the tenant takes only cancellations, at another path.
    only_cancelled = admin.post(
        BASE,
        {"url": receiver.url.replace("/hooks", "/cancelled"), "events": ["booking.cancelled"]},
        format="json",
    ).json()
    # Another tenant's endpoint hears nothing of this tenant's bookings.
    other = client_for(TenantFactory(plan="enterprise"))
    other.post(
        BASE,
        {"url": receiver.url.replace("/hooks", "/other"), "events": EVENT_TYPES},
        format="json",
    )
    service = ServiceFactory(tenant=tenant, name="Shoot", price_amount=20000, currency="chf")
    staff = bookable_staff(tenant, service, name="Paul")
    day = (clock.now.astimezone(tenant.zone) + datetime.timedelta(days=3)).date()

    # created (awaiting payment), then paid: confirmed and payment.succeeded
    widget = Widget(tenant)
    assert widget.hold(service, staff, at(tenant, day, 10)).status_code == 201
    paid = Booking.objects.get(pk=widget.book(payment="full").json()["id"])
    booking_tasks.payment_succeeded.run(
        **asdict(
            booking_contract.PaymentSucceeded(
                dedupe_key="pi_1",
                tenant_id=str(tenant.id),
                booking_id=str(paid.id),
                order_id=f"{paid.id}:full",
                payment_intent_id="pi_1",
                amount=20000,
                currency="chf",
                kind="full",
            )
        )
    )
    # rescheduled in the back office, cancelled by the integrator, refunded by payments
    booking_move(tenant=tenant, booking_id=paid.id, start=at(tenant, day, 14))
    assert admin.post(f"/api/booking/v1/admin/bookings/{paid.id}/cancel").status_code == 200
    booking_tasks.payment_refunded.run(
        dedupe_key="re_1",
        tenant_id=str(tenant.id),
        booking_id=str(paid.id),
        payment_intent_id="pi_1",
        amount=20000,
        currency="chf",
        reason="cancelled",
    )
    # another booking is never paid: expired by the beat's tidy once its window passed
    late = Widget(tenant)
    assert late.hold(service, staff, at(tenant, day, 16)).status_code == 201
    unpaid_id = late.book(payment="full", email="late@example.com").json()["id"]
    clock.advance(minutes=20)
    booking_tasks.tidy_expired.run()

    # Delivered now, in real time: receivers check the signed timestamp against their clock.
    clock.now = datetime.datetime.now(datetime.UTC)
    run_due_attempts()

    hooks = [r for r in receiver.received if r.path == "/hooks"]
    events = [Webhook(everything["secret"]).verify(r.body, r.headers) for r in hooks]
    assert sorted((e["type"], e["data"]["id"]) for e in events) == sorted(
        [
            ("booking.created", str(paid.id)),
            ("booking.confirmed", str(paid.id)),
            ("payment.succeeded", str(paid.id)),
            ("booking.rescheduled", str(paid.id)),
            ("booking.cancelled", str(paid.id)),
            ("payment.refunded", str(paid.id)),
            ("booking.created", unpaid_id),
            ("booking.expired", unpaid_id),
        ]
    )
    assert {e["type"] for e in events} == set(EVENT_TYPES)
    by_type = {(e["type"], e["data"]["id"]): e for e in events}
    # data is the admin API's booking, as it was when the change committed
    assert by_type[("booking.confirmed", str(paid.id))]["data"]["status"] == "confirmed"
    assert by_type[("payment.succeeded", str(paid.id))]["data"]["amount_paid"] == 20000
    assert by_type[("booking.cancelled", str(paid.id))]["data"]["status"] == "cancelled"
    assert by_type[("payment.refunded", str(paid.id))]["data"]["amount_refunded"] == 20000
    assert by_type[("booking.expired", unpaid_id)]["data"]["status"] == "expired"
    moved = by_type[("booking.rescheduled", str(paid.id))]["data"]
    assert datetime.datetime.fromisoformat(moved["first_start"]) == at(tenant, day, 14)
    assert at(tenant, day, 14) in [
        datetime.datetime.fromisoformat(a["start"]) for a in moved["appointments"]
    ]
    assert set(by_type[("booking.created", unpaid_id)]["data"]) >= {
        "id",
        "status",
        "client",
        "appointments",
        "payment_history",
        "total_amount",
    }
    assert all(
        datetime.datetime.fromisoformat(e["timestamp"]).utcoffset() == datetime.timedelta(0)
        for e in events
    )
    # one webhook-id per event, each once
    assert len({r.headers["webhook-id"] for r in hooks}) == len(hooks) == 8
    cancelled_only = [r for r in receiver.received if r.path == "/cancelled"]
    assert [
        verified_event["type"]
        for verified_event in (
            Webhook(only_cancelled["secret"]).verify(r.body, r.headers) for r in cancelled_only
        )
    ] == ["booking.cancelled"]
    assert not [r for r in receiver.received if r.path == "/other"]
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"succeeded"}


def test_no_event_is_written_for_a_plan_without_webhooks(tenant, service, staff, five_pm):
    # An endpoint left from a Business past, the tenant now on Professional.
    tenant.plan = "business"
    tenant.verify_every_email = False
    tenant.save()
    services.webhook_endpoint_create(
        tenant=tenant, url="https://hooks.example.com/in", events=EVENT_TYPES
    )
    tenant.plan = "professional"
    tenant.save()
    widget = Widget(tenant)
    assert widget.hold(service, staff, five_pm).status_code == 201
    assert widget.book().json()["status"] == "confirmed"
    assert WebhookDelivery.objects.count() == 0


def test_erasing_a_client_erases_them_from_kept_event_bodies_and_sent_messages(
    business_tenant, clock, monkeypatch, django_capture_on_commit_callbacks
):
    class Broker:
        def send_task(self, name, kwargs, **options):
            pass

    monkeypatch.setattr("config.celery.app", Broker())
    tenant = business_tenant
    admin = client_for(tenant)
    admin.post(BASE, {"url": "https://hooks.example.com/in", "events": EVENT_TYPES}, format="json")
    service = ServiceFactory(tenant=tenant, name="Chat")
    staff = bookable_staff(tenant, service, name="Paul")
    day = (clock.now.astimezone(tenant.zone) + datetime.timedelta(days=3)).date()
    widget = Widget(tenant)
    assert widget.hold(service, staff, at(tenant, day, 10)).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):  # the messages go out
        booking_id = widget.book(email="nora@example.com").json()["id"]
    kept = WebhookDelivery.objects.filter(tenant=tenant)
    assert kept.count() == 2  # booking.created and booking.confirmed
    assert all("nora@example.com" in delivery.body for delivery in kept)
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() >= 3

    clock.now = clock.now + datetime.timedelta(days=5)  # the booking is past
    client_id = Booking.objects.get(pk=booking_id).client_id
    with django_capture_on_commit_callbacks(execute=True):  # the erasure's messages go out
        assert admin.delete(f"/api/booking/v1/admin/clients/{client_id}").status_code == 204

    for delivery in WebhookDelivery.objects.filter(tenant=tenant):
        data = json.loads(delivery.body)["data"]
        assert data["id"] == booking_id
        assert (data["client"]["name"], data["note"]) == ("Anonymized client", "")
        assert "nora" not in delivery.body.lower() and "+41" not in delivery.body

    def naming() -> list[str]:
        return sorted(
            m.task_name for m in OutboxMessage.objects.all() if "nora@" in json.dumps(m.kwargs)
        )

    # The request leaves the scan of every tenant's sent messages to the booking worker.
    erasure = [booking_tasks.FORGET_SENT_MESSAGES, notifications.FORGET_CLIENT]
    assert naming() == sorted([notifications.SEND_BOOKING_CONFIRMATION, *erasure])
    [forget] = OutboxMessage.objects.filter(task_name=booking_tasks.FORGET_SENT_MESSAGES)
    assert forget.sent_at is not None
    assert booking_tasks.forget_sent_messages(**forget.kwargs) == 3
    # Gone, the erasure's own two messages with them once they are sent.
    assert naming() == []
