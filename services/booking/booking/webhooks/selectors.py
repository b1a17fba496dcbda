"""Reads of webhook endpoints and deliveries, always within one tenant."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from uuid import UUID

from django.conf import settings
from django.db.models import Q

from booking.reservations import clock
from booking.tenants.models import Tenant

from .errors import InvalidCursor, WebhookDeliveryNotFound, WebhookNotFound
from .models import WebhookDelivery, WebhookEndpoint


def webhook_endpoint_list(*, tenant: Tenant):
    return WebhookEndpoint.objects.filter(tenant=tenant).order_by("created_at", "id")


def webhook_endpoint_get(*, tenant: Tenant, endpoint_id: UUID) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(tenant=tenant, pk=endpoint_id).first()
    if endpoint is None:
        raise WebhookNotFound(detail={"webhook": str(endpoint_id)})
    return endpoint


def _kept_since() -> datetime.datetime:
    return clock.now() - datetime.timedelta(days=settings.WEBHOOK_KEEP_DAYS)


def webhook_delivery_get(
    *, tenant: Tenant, endpoint_id: UUID, delivery_id: UUID
) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.filter(
            tenant=tenant,
            endpoint_id=endpoint_id,
            pk=delivery_id,
            created_at__gte=_kept_since(),
        )
        .select_related("endpoint", "endpoint__tenant")
        .first()
    )
    if delivery is None:
        raise WebhookDeliveryNotFound(detail={"delivery": str(delivery_id)})
    return delivery


def cursor_encode(delivery: WebhookDelivery) -> str:
    raw = json.dumps([delivery.created_at.isoformat(), str(delivery.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[datetime.datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, pk = json.loads(raw)
        moment = datetime.datetime.fromisoformat(created)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, UUID(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor(detail={"cursor": cursor}) from exc


def webhook_delivery_page(
    *, tenant: Tenant, endpoint: WebhookEndpoint, cursor: str | None, limit: int
) -> tuple[list[WebhookDelivery], str | None]:
    """Newest first; the next page starts after the cursor (stable under new deliveries)."""
    deliveries = WebhookDelivery.objects.filter(
        tenant=tenant, endpoint=endpoint, created_at__gte=_kept_since()
    ).order_by("-created_at", "-id")
    if cursor:
        created, pk = _cursor_decode(cursor)
        deliveries = deliveries.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    page = list(deliveries[: limit + 1])
    next_cursor = cursor_encode(page[limit - 1]) if len(page) > limit else None
    return page[:limit], next_cursor
