"""The client's address as the gateway saw it, for the caps per address (issue 16).

The gateway (gateway/nginx.conf.template) overwrites X-Forwarded-For and X-Real-IP with
the address of the peer it talks to, so behind it the header holds exactly one address and
nothing a client sends can change it. The service believes the header only from a trusted
proxy (settings.TRUSTED_PROXIES, loopback by default): a client reaching the service some
other way is counted under the address it connects from, whatever it claims.

An IPv6 client counts per /64: a subscriber is usually given a whole /64 and may pick any
address in it, so counting single addresses would let one home take 2^64 turns.
"""

import functools
import ipaddress
from collections.abc import Mapping

from django.conf import settings

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


@functools.lru_cache(maxsize=8)
def _networks(
    trusted: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _parse(value: str) -> IpAddress | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _unmapped(address: IpAddress) -> IpAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IpAddress) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return any(address.version == net.version and address in net for net in networks)


def address_key(address: IpAddress) -> str:
    """What the caps count: an IPv4 address, or an IPv6 address's /64 network."""
    address = _unmapped(address)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_address(meta: Mapping[str, str]) -> str:
    """The key the caps count the request under, from a request's META."""
    peer = _parse(meta.get("REMOTE_ADDR", ""))
    if peer is None:
        return UNKNOWN
    peer = _unmapped(peer)
    if _is_trusted(peer):
        # The gateway sends one address; should another proxy of ours append to the
        # chain, the entry nearest to us is the one that proxy saw.
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1]
        claimed = _parse(forwarded) or _parse(meta.get("HTTP_X_REAL_IP", ""))
        if claimed is not None:
            return address_key(claimed)
    return address_key(peer)
