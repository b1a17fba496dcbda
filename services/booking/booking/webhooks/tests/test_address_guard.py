"""The SSRF guard: names resolved at every attempt, every refused class, https only when
required, loopback only when allowed."""

import pytest

from booking.webhooks import address_guard, services
from booking.webhooks.errors import WebhookUrlRefused
from booking.webhooks.models import WebhookDelivery

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.9", "private"),
    ("192.168.1.20", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.10.10", "link_local"),
    ("fe80::1", "link_local"),
    ("224.0.0.251", "multicast"),
    ("ff02::1", "multicast"),
    ("169.254.169.254", "metadata"),
    ("fd00:ec2::254", "metadata"),
    ("100.100.100.200", "metadata"),
    ("::ffff:10.0.0.1", "private"),
    ("0.0.0.0", "private"),
    ("192.0.2.1", "private"),
    ("100.64.0.1", "not_global"),
]


def resolving_to(monkeypatch, *addresses):
    monkeypatch.setattr(address_guard, "resolve", lambda host, port: list(addresses))


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_a_name_resolving_to_a_refused_address_is_refused(monkeypatch, settings, address, reason):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    resolving_to(monkeypatch, address)
    with pytest.raises(WebhookUrlRefused) as refused:
        address_guard.target_resolve("https://hooks.example.com/in")
    assert refused.value.detail["reason"] == reason


def test_one_refused_address_among_public_ones_refuses(monkeypatch):
    resolving_to(monkeypatch, "93.184.216.34", "10.0.0.7")
    with pytest.raises(WebhookUrlRefused):
        address_guard.target_resolve("https://hooks.example.com/in")


def test_a_public_address_is_connected_to_with_the_urls_name(monkeypatch):
    resolving_to(monkeypatch, "93.184.216.34")
    target = address_guard.target_resolve("https://hooks.example.com:8443/in?x=1")
    assert (target.address, target.host, target.port, target.path) == (
        "93.184.216.34",
        "hooks.example.com",
        8443,
        "/in?x=1",
    )


def test_loopback_only_when_allowed(monkeypatch, settings):
    resolving_to(monkeypatch, "127.0.0.1")
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert address_guard.target_resolve("http://localhost:9000/in").address == "127.0.0.1"
    # The setting allows loopback only, never the metadata service or the private network.
    resolving_to(monkeypatch, "169.254.169.254")
    with pytest.raises(WebhookUrlRefused):
        address_guard.target_resolve("http://localhost:9000/in")
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    resolving_to(monkeypatch, "127.0.0.1")
    with pytest.raises(WebhookUrlRefused):
        address_guard.target_resolve("http://localhost:9000/in")


def test_only_https_when_required(settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    with pytest.raises(WebhookUrlRefused) as refused:
        address_guard.url_check("http://hooks.example.com/in")
    assert refused.value.detail["reason"] == "scheme"
    address_guard.url_check("https://hooks.example.com/in")


def test_dns_rebinding_is_refused_at_the_attempt(business, receiver, monkeypatch, settings):
    """Saved while the name pointed at a public address; at the attempt it points at the
    metadata service: nothing is sent there, the attempt fails and will be retried."""
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    resolving_to(monkeypatch, "93.184.216.34")
    endpoint = services.webhook_endpoint_create(
        tenant=business, url="http://rebind.example.com/in", events=["booking.created"]
    )
    delivery = services.webhook_ping(endpoint=endpoint)
    resolving_to(monkeypatch, "169.254.169.254")
    assert services.delivery_attempt(delivery_id=str(delivery.id), attempt=1).state == "failed"
    delivery = WebhookDelivery.objects.get(pk=delivery.id)
    assert delivery.state == "pending" and delivery.last_status_code is None
    assert delivery.last_error.startswith("refused:") and "metadata" in delivery.last_error
    assert receiver.received == []
