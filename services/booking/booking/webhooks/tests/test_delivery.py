"""Attempts: signed, retried on the Standard Webhooks schedule with the same webhook-id, no
redirect followed, bounded in time, each made once, and an endpoint failing for 5 days
switched off with its owner told."""

import datetime

import pytest
from contracts import notifications
from plumbing.outbox.models import OutboxMessage
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from booking.webhooks import services
from booking.webhooks.models import WebhookDelivery, WebhookEndpoint


def verify_at(secret: str, received, at: datetime.datetime):
    """standardwebhooks checks the timestamp against the real clock; tests that move it check
    the signature the same way at the moved time."""
    signer = Webhook(secret)
    timestamp = datetime.datetime.fromtimestamp(
        int(received.headers["webhook-timestamp"]), tz=datetime.UTC
    )
    assert abs(timestamp - at) < datetime.timedelta(minutes=5)
    expected = signer.sign(received.headers["webhook-id"], timestamp, received.body.decode())
    return expected in received.headers["webhook-signature"].split(" ")


@pytest.fixture
def endpoint(business, receiver):
    return services.webhook_endpoint_create(
        tenant=business, url=receiver.url, events=["booking.confirmed"]
    )


def attempts_published() -> list[dict]:
    return [m.kwargs for m in OutboxMessage.objects.filter(task_name=services.DELIVER_TASK)]


def next_attempt(delivery: WebhookDelivery):
    delivery.refresh_from_db()
    return services.delivery_attempt(delivery_id=str(delivery.id), attempt=delivery.attempts + 1)


def test_500_500_200_gets_three_attempts_with_the_same_webhook_id(endpoint, receiver, clock):
    receiver.answers = [500, 500, 200]
    delivery = services.webhook_ping(endpoint=endpoint)

    assert next_attempt(delivery).state == "failed"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    # Not due before the schedule's 5 seconds
    assert services.deliveries_publish_due() == 0
    clock.advance(seconds=5)
    assert services.deliveries_publish_due() == 1
    assert attempts_published()[-1]["attempt"] == 2
    assert next_attempt(delivery).state == "failed"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == clock.now + datetime.timedelta(minutes=5)
    clock.advance(minutes=5)
    assert services.deliveries_publish_due() == 1
    assert next_attempt(delivery).state == "sent"

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("succeeded", 3, 200)
    assert delivery.next_attempt_at is None and delivery.last_latency_ms is not None
    assert len(receiver.received) == 3
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.webhook_id}
    assert {r.body for r in receiver.received} == {delivery.body.encode()}
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_an_attempt_is_made_once_however_often_its_task_arrives(endpoint, receiver):
    delivery = services.webhook_ping(endpoint=endpoint)
    assert services.delivery_attempt(delivery_id=str(delivery.id), attempt=1).state == "sent"
    assert services.delivery_attempt(delivery_id=str(delivery.id), attempt=1).state == "skipped"
    assert len(receiver.received) == 1


def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.answers = [302]
    delivery = services.webhook_ping(endpoint=endpoint)
    assert next_attempt(delivery).state == "failed"
    delivery.refresh_from_db()
    assert (delivery.last_status_code, delivery.last_error) == (302, "HTTP 302")
    assert len(receiver.received) == 1


def test_a_receiver_slower_than_the_timeout_is_a_failed_attempt(endpoint, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.sleep = 2
    delivery = services.webhook_ping(endpoint=endpoint)
    assert next_attempt(delivery).state == "failed"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "timed out" in delivery.last_error.lower()
    assert 900 <= delivery.last_latency_ms < 1900


def test_the_endpoint_is_disabled_after_five_days_of_failures(endpoint, receiver, clock, business):
    receiver.answers = [500] * 100
    first = services.webhook_ping(endpoint=endpoint)
    next_attempt(first)
    endpoint.refresh_from_db()
    assert endpoint.failing_since == clock.now and endpoint.active
    started = clock.now
    # Every attempt on the schedule fails: the delivery gives up after about 27 hours, and
    # the endpoint stays on while its failure window is shorter than 5 days.
    for _ in range(20):
        first.refresh_from_db()
        if first.state != "pending":
            break
        clock.now = first.next_attempt_at
        next_attempt(first)
    first.refresh_from_db()
    assert (first.state, first.attempts) == ("failed", 8)
    assert datetime.timedelta(hours=26) < first.finished_at - started < datetime.timedelta(hours=28)
    endpoint.refresh_from_db()
    assert endpoint.active

    clock.now = started + datetime.timedelta(days=5)
    second = services.webhook_ping(endpoint=endpoint)
    waiting = services.webhook_ping(endpoint=endpoint)
    next_attempt(second)

    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at == clock.now
    waiting.refresh_from_db()
    assert (waiting.state, waiting.last_error) == ("failed", "endpoint_disabled")
    emails = OutboxMessage.objects.filter(task_name=notifications.SEND_WEBHOOK_DISABLED)
    assert emails.count() == 1
    email = notifications.WebhookDisabledMessage(
        **{**emails.get().kwargs, "tenant": notifications.Tenant(**emails.get().kwargs["tenant"])}
    )
    assert (email.email, email.url) == ("owner@business.test", endpoint.url)
    # Switched off: the next event is not written for it; switched on again, it is.
    assert (
        services.webhook_event_publish(
            tenant=business, event_type="booking.confirmed", booking=None
        )
        == []
    )
    services.webhook_endpoint_update(endpoint=endpoint, active=True)
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since is None and endpoint.disabled_at is None


def test_rotation_signs_with_both_secrets_for_24_hours_then_only_the_new(endpoint, receiver, clock):
    old_secret = endpoint.secret
    rotated = services.webhook_secret_rotate(endpoint=endpoint)
    new_secret = rotated.secret

    next_attempt(services.webhook_ping(endpoint=rotated))
    during = receiver.received[-1]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old_secret).verify(during.body, during.headers)["type"] == "ping"
    assert Webhook(new_secret).verify(during.body, during.headers)["type"] == "ping"

    clock.advance(hours=24, seconds=1)
    next_attempt(services.webhook_ping(endpoint=rotated))
    after = receiver.received[-1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    assert verify_at(new_secret, after, clock.now)
    assert not verify_at(old_secret, after, clock.now)


def test_a_forged_or_altered_delivery_does_not_verify(endpoint, receiver):
    next_attempt(services.webhook_ping(endpoint=endpoint))
    got = receiver.received[-1]
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(got.body + b" ", got.headers)
    other = WebhookEndpoint(secret="whsec_" + "A" * 44)
    with pytest.raises(WebhookVerificationError):
        Webhook(other.secret).verify(got.body, got.headers)


def test_a_tenant_past_its_concurrent_attempts_waits_for_the_sweep(endpoint, settings):
    settings.WEBHOOK_TENANT_CONCURRENCY = 0
    delivery = services.webhook_ping(endpoint=endpoint)
    assert next_attempt(delivery).state == "busy"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.leased_until) == ("pending", 0, None)


def test_a_failed_delivery_retried_from_the_log_is_sent_again_with_its_webhook_id(
    endpoint, receiver, business_client
):
    receiver.answers = [500] * 8
    delivery = services.webhook_ping(endpoint=endpoint)
    for _ in range(8):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(leased_until=None)
        next_attempt(delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 8)

    path = f"/api/booking/v1/admin/webhooks/{endpoint.id}/deliveries/{delivery.id}/retry"
    response = business_client.post(path)
    assert response.status_code == 202
    assert response.json()["state"] == "pending"
    assert attempts_published()[-1]["attempt"] == 9
    assert next_attempt(delivery).state == "sent"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("succeeded", 9, 200)
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.webhook_id}
    assert len(receiver.received) == 9
