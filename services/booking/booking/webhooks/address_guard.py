"""Where a webhook may be delivered: the SSRF guard (docs/architecture.md §12).

The receiver's name is resolved at every attempt, every address it resolves to is checked,
and the connection goes to the checked address (the Host header and TLS name stay the
URL's), so a name that resolves to a public address when saved and to 169.254.169.254 later
(DNS rebinding) is refused at the attempt. Refused: loopback (unless WEBHOOK_ALLOW_LOOPBACK,
for development and tests), private, link-local, multicast, cloud metadata and every other
address that is not globally routable. Only https when WEBHOOK_REQUIRE_HTTPS (production).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .errors import WebhookUrlRefused

# Cloud metadata services: AWS, GCP, Azure, OpenStack (169.254.169.254, also link-local),
# AWS over IPv6, Alibaba, Oracle.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("192.0.0.192"),
}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as in the URL: the Host header and the TLS server name
    port: int
    address: str  # the checked address the connection goes to
    path: str  # with the query


def address_class(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is refused (metadata, loopback, link_local, multicast, private,
    not_global), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "not_global"
    return None


def _refused_class(address) -> str | None:
    refused = address_class(address)
    if refused == "loopback" and settings.WEBHOOK_ALLOW_LOOPBACK:
        return None
    return refused


def url_check(url: str) -> None:
    """What can be told from the URL alone, when it is saved: scheme, host, and a literal
    address. Names are resolved at each delivery (target_resolve)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allowed = ("https",) if settings.WEBHOOK_REQUIRE_HTTPS else ("https", "http")
    if scheme not in allowed:
        raise WebhookUrlRefused(
            "The webhook URL must use " + " or ".join(allowed) + ".",
            detail={"url": url, "reason": "scheme"},
        )
    try:
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        host = None
    if not host or parts.username or parts.password:
        raise WebhookUrlRefused(
            "The webhook URL needs a host, and no credentials.",
            detail={"url": url, "reason": "host"},
        )
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    refused = _refused_class(literal)
    if refused:
        raise WebhookUrlRefused(detail={"url": url, "reason": refused, "address": str(literal)})


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to now (the system resolver, no cache of ours)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def target_resolve(url: str) -> Target:
    """Resolves the URL's host now and returns the address to connect to; refuses when any
    address it resolves to is refused."""
    url_check(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        resolved = resolve(host, port)
    except OSError as exc:
        raise WebhookUrlRefused(
            "The webhook host does not resolve.",
            detail={"url": url, "reason": "dns", "error": str(exc)},
        ) from exc
    addresses = []
    for text in resolved:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        refused = _refused_class(address)
        if refused:
            raise WebhookUrlRefused(detail={"url": url, "reason": refused, "address": str(address)})
        addresses.append(address)
    if not addresses:
        raise WebhookUrlRefused(detail={"url": url, "reason": "dns"})
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme=scheme, host=host, port=port, address=str(addresses[0]), path=path)
