"""The webhooks admin API: plan gate, the secret shown once, tenant isolation, the log."""

import datetime
import uuid

import pytest
from django.utils import timezone
from plumbing.outbox.models import OutboxMessage

from booking.tenants.tests.factories import TenantFactory
from booking.webhooks.models import WebhookDelivery, WebhookEndpoint
from booking.webhooks.tests.conftest import client_for

BASE = "/api/booking/v1/admin/webhooks"
BODY = {"url": "https://hooks.example.com/in", "events": ["booking.confirmed"]}


def create(client, **overrides):
    response = client.post(BASE, {**BODY, **overrides}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def every_operation(webhook_id, delivery_id):
    return [
        ("get", BASE, None),
        ("post", BASE, BODY),
        ("get", f"{BASE}/{webhook_id}", None),
        ("patch", f"{BASE}/{webhook_id}", {"description": "x"}),
        ("delete", f"{BASE}/{webhook_id}", None),
        ("post", f"{BASE}/{webhook_id}/rotate-secret", None),
        ("post", f"{BASE}/{webhook_id}/test", None),
        ("get", f"{BASE}/{webhook_id}/deliveries", None),
        ("post", f"{BASE}/{webhook_id}/deliveries/{delivery_id}/retry", None),
    ]


@pytest.mark.parametrize("plan", ["basic", "professional"])
def test_plans_without_webhooks_are_refused_on_every_operation(db, plan):
    client = client_for(TenantFactory(plan=plan))
    for method, path, body in every_operation(uuid.uuid4(), uuid.uuid4()):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 403, (method, path)
        assert response.json()["code"] == "feature_not_in_plan"
        assert response.json()["detail"]["feature"] == "outgoing_webhooks"


@pytest.mark.parametrize("plan", ["business", "enterprise"])
def test_business_and_enterprise_create_and_read_endpoints(db, plan):
    client = client_for(TenantFactory(plan=plan))
    created = create(client, description="CRM", events=["booking.created", "booking.created"])
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["booking.created"]
    assert created["active"] is True
    got = client.get(f"{BASE}/{created['id']}").json()
    assert "secret" not in got
    assert got["url"] == BODY["url"] and got["description"] == "CRM"
    listed = client.get(BASE).json()["results"]
    assert [e["id"] for e in listed] == [created["id"]]
    assert all("secret" not in e for e in listed)


def test_update_rotate_and_delete(business_client):
    created = create(business_client)
    path = f"{BASE}/{created['id']}"
    changed = business_client.patch(
        path, {"events": ["payment.refunded", "booking.cancelled"], "active": False}, format="json"
    ).json()
    assert changed["events"] == ["booking.cancelled", "payment.refunded"]
    assert changed["active"] is False
    rotated = business_client.post(f"{path}/rotate-secret").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    until = datetime.datetime.fromisoformat(rotated["previous_secret_expires_at"])
    assert abs(until - timezone.now() - datetime.timedelta(hours=24)) < datetime.timedelta(
        minutes=1
    )
    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert endpoint.previous_secret == created["secret"]
    assert business_client.delete(path).status_code == 204
    assert business_client.get(path).json()["code"] == "webhook_not_found"


def test_bad_input_answers_stable_codes(business_client, settings):
    cases = [
        ({"url": "not a url"}, 400, "invalid_input"),
        ({"events": []}, 400, "invalid_input"),
        ({"events": ["booking.teleported"]}, 400, "invalid_input"),
        ({"url": "ftp://hooks.example.com/in"}, 400, "webhook_url_refused"),
        ({"url": "https://169.254.169.254/latest"}, 400, "webhook_url_refused"),
        ({"url": "https://10.0.0.5/in"}, 400, "webhook_url_refused"),
        ({"url": "https://user:pw@hooks.example.com/in"}, 400, "webhook_url_refused"),
    ]
    for overrides, status, code in cases:
        response = business_client.post(BASE, {**BODY, **overrides}, format="json")
        assert (response.status_code, response.json()["code"]) == (status, code), overrides
    settings.WEBHOOK_REQUIRE_HTTPS = True
    response = business_client.post(
        BASE, {**BODY, "url": "http://hooks.example.com/in"}, format="json"
    )
    assert response.json()["code"] == "webhook_url_refused"
    assert response.json()["detail"]["reason"] == "scheme"
    assert WebhookEndpoint.objects.count() == 0


def test_endpoints_per_tenant_are_bounded(business_client, settings):
    settings.WEBHOOK_MAX_ENDPOINTS = 2
    create(business_client)
    create(business_client)
    response = business_client.post(BASE, BODY, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_webhooks"


def test_another_tenants_endpoint_and_delivery_are_not_found_on_every_operation(
    business_client, settings
):
    theirs = client_for(TenantFactory(plan="enterprise"))
    endpoint = create(theirs)
    delivery = theirs.post(f"{BASE}/{endpoint['id']}/test").json()
    WebhookDelivery.objects.filter(pk=delivery["id"]).update(state="failed", next_attempt_at=None)
    mine = create(business_client)
    for method, path, body in every_operation(endpoint["id"], delivery["id"])[2:]:
        response = getattr(business_client, method)(path, body, format="json")
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "webhook_not_found"
    # Their delivery under my endpoint: still nothing.
    response = business_client.post(f"{BASE}/{mine['id']}/deliveries/{delivery['id']}/retry")
    assert response.status_code == 404
    assert response.json()["code"] == "webhook_delivery_not_found"
    endpoint_row = WebhookEndpoint.objects.get(pk=endpoint["id"])
    assert endpoint_row.description == "" and endpoint_row.secret == endpoint["secret"]
    assert WebhookDelivery.objects.get(pk=delivery["id"]).state == "failed"
    assert [e["id"] for e in business_client.get(BASE).json()["results"]] == [mine["id"]]


def test_test_ping_creates_a_delivery_in_the_log(business_client):
    endpoint = create(business_client)
    response = business_client.post(f"{BASE}/{endpoint['id']}/test")
    assert response.status_code == 202
    delivery = response.json()
    assert delivery["event"] == "ping" and delivery["state"] == "pending"
    assert delivery["webhook_id"].startswith("msg_")
    # Through the transactional outbox, like every other message of the service.
    assert list(OutboxMessage.objects.values_list("task_name", "kwargs")) == [
        (
            "webhooks.deliver.v1",
            {
                "delivery_id": delivery["id"],
                "attempt": 1,
                "dedupe_key": f"webhook:{delivery['id']}:1",
            },
        )
    ]
    log = business_client.get(f"{BASE}/{endpoint['id']}/deliveries").json()
    assert [d["id"] for d in log["results"]] == [delivery["id"]]
    assert log["next_cursor"] is None
    retry = business_client.post(f"{BASE}/{endpoint['id']}/deliveries/{delivery['id']}/retry")
    assert retry.status_code == 409
    assert retry.json()["code"] == "webhook_delivery_pending"


def test_delivery_log_pages_by_cursor_and_keeps_30_days(business_client, business, clock):
    endpoint = create(business_client)
    ids = []
    for _ in range(5):
        ids.append(business_client.post(f"{BASE}/{endpoint['id']}/test").json()["id"])
        clock.advance(seconds=1)
    path = f"{BASE}/{endpoint['id']}/deliveries"
    first = business_client.get(path, {"limit": 2}).json()
    second = business_client.get(path, {"limit": 2, "cursor": first["next_cursor"]}).json()
    third = business_client.get(path, {"limit": 2, "cursor": second["next_cursor"]}).json()
    seen = [d["id"] for page in (first, second, third) for d in page["results"]]
    assert seen == list(reversed(ids))
    assert third["next_cursor"] is None
    bad = business_client.get(path, {"cursor": "garbage!"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"
    assert business_client.get(path, {"limit": 0}).json()["code"] == "invalid_input"
    clock.advance(days=30)
    assert business_client.get(path).json()["results"] == []
    from booking.webhooks.services import deliveries_forget_old

    assert deliveries_forget_old() == 5
    assert WebhookDelivery.objects.count() == 0
