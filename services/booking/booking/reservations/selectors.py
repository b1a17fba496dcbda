"""Reads of holds, carts and bookings, always scoped to one tenant."""

import hashlib

from booking.tenants.models import Tenant

from .models import Cart

CART_TOKEN_HEADER = "X-Cart-Token"


def cart_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cart_get_by_token(*, tenant: Tenant, token: str | None) -> Cart | None:
    """The cart a widget's token names, or None for no token or an unknown one."""
    if not token:
        return None
    return Cart.objects.filter(tenant=tenant, token_hash=cart_token_hash(token)).first()
