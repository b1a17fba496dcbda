"""Webhook endpoints, the events they receive and each delivery's attempts.

Events are written in the transaction of the change they tell, with the same transactional
outbox as every other message (plumbing.outbox): one WebhookDelivery row per subscribed
endpoint and one `webhooks.deliver` task each, published after the commit (or by the
outbox's sweep if the broker is down). The webhooks worker then makes one attempt per task,
outside any transaction; failed attempts are due again after the Standard Webhooks schedule
and published by this app's own sweep (`deliveries_publish_due`). Every attempt re-reads the
delivery by id and claims it, so a task delivered twice sends once.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

import urllib3
from contracts import notifications
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from plumbing.outbox.services import outbox_enqueue

from booking.reservations import clock
from booking.tenants.errors import FeatureNotInPlan
from booking.tenants.models import Tenant

from . import events
from .address_guard import target_resolve, url_check
from .errors import TooManyWebhooks, WebhookDeliveryPending, WebhookUrlRefused
from .models import WebhookDelivery, WebhookEndpoint
from .signing import secret_new, signed_headers

logger = logging.getLogger(__name__)

DELIVER_TASK = "webhooks.deliver.v1"
ROTATION_OVERLAP = datetime.timedelta(hours=24)
RESPONSE_KEEP_BYTES = 500


def plan_check(tenant: Tenant) -> None:
    if not tenant.plan_limits.outgoing_webhooks:
        raise FeatureNotInPlan(
            f"The {tenant.plan} plan has no outgoing webhooks (Business and Enterprise have).",
            detail={"feature": "outgoing_webhooks", "plan": tenant.plan},
        )


# -- endpoints -----------------------------------------------------------------------------


@transaction.atomic
def webhook_endpoint_create(
    *, tenant: Tenant, url: str, events: list[str], description: str = "", active: bool = True
) -> WebhookEndpoint:
    plan_check(tenant)
    url_check(url)
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()  # one count at a time
    limit = settings.WEBHOOK_MAX_ENDPOINTS
    if WebhookEndpoint.objects.filter(tenant=tenant).count() >= limit:
        raise TooManyWebhooks(detail={"limit": limit})
    endpoint = WebhookEndpoint(
        tenant=tenant,
        url=url,
        events=sorted(set(events)),
        description=description,
        active=active,
        secret=secret_new(),
    )
    endpoint.full_clean(exclude=["tenant"])
    endpoint.save(force_insert=True)
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, **changes: Any) -> WebhookEndpoint:
    plan_check(endpoint.tenant)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if "url" in changes:
        url_check(changes["url"])
        endpoint.url = changes["url"]
    if "events" in changes:
        endpoint.events = sorted(set(changes["events"]))
    if "description" in changes:
        endpoint.description = changes["description"]
    if "active" in changes:
        if changes["active"] and not endpoint.active:
            # Switched on again by its owner: the failure window starts afresh.
            endpoint.failing_since = None
            endpoint.disabled_at = None
            endpoint.disabled_reason = ""
        endpoint.active = changes["active"]
    endpoint.full_clean(exclude=["tenant"])
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    plan_check(endpoint.tenant)
    endpoint.delete()


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret; the old one keeps signing beside it for 24 hours."""
    plan_check(endpoint.tenant)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = clock.now() + ROTATION_OVERLAP
    endpoint.secret = secret_new()
    endpoint.save()
    return endpoint


def signing_secrets(endpoint: WebhookEndpoint, now: datetime.datetime) -> list[str]:
    valid = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        valid.append(endpoint.previous_secret)
    return valid


# -- events --------------------------------------------------------------------------------


def booking_event_data(booking) -> dict:
    """The booking as the admin API shows it (its own serializer, imported, not copied), read
    again inside the transaction of the change, so a receiver needs no second call."""
    from booking.reservations.api.admin_serializers import AdminBookingOutputSerializer
    from booking.reservations.selectors import booking_get

    fresh = booking_get(tenant=booking.tenant, booking_id=booking.id)
    return dict(AdminBookingOutputSerializer(fresh).data)


def deliveries_forget_client(*, client, booking_ids: list[str]) -> int:
    """A client's erasure (reservations.services.clients) reaches the event bodies kept for
    their bookings: the client as they now are, no note. Attempts still to come send these."""
    from booking.reservations.api.admin_serializers import AdminBookingClientOutputSerializer

    erased = dict(AdminBookingClientOutputSerializer(client).data)
    changed = 0
    kept = WebhookDelivery.objects.select_for_update().filter(
        tenant_id=client.tenant_id, body__contains=f'"id":"{client.pk}"'
    )
    for delivery in kept:
        payload = json.loads(delivery.body)
        data = payload.get("data")
        if not isinstance(data, dict) or data.get("id") not in booking_ids:
            continue
        data["client"], data["note"] = erased, ""
        delivery.body = json.dumps(payload, separators=(",", ":"))
        delivery.save(update_fields=["body", "updated_at"])
        changed += 1
    return changed


def event_body(event_type: str, now: datetime.datetime, data: dict) -> str:
    payload = {
        "type": event_type,
        "timestamp": now.astimezone(datetime.UTC).isoformat(),
        "data": data,
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"))


def _deliveries_create(
    *, endpoints: list[WebhookEndpoint], event_type: str, body: str, now: datetime.datetime
) -> list[WebhookDelivery]:
    # One id per event, the same for every endpoint and every attempt.
    webhook_id = f"msg_{uuid.uuid4().hex}"
    created = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            tenant_id=endpoint.tenant_id,
            endpoint=endpoint,
            webhook_id=webhook_id,
            event_type=event_type,
            body=body,
            next_attempt_at=now,
            leased_until=now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS),
        )
        _attempt_publish(delivery, attempt=1)
        created.append(delivery)
    return created


def _attempt_publish(delivery: WebhookDelivery, *, attempt: int) -> None:
    outbox_enqueue(
        DELIVER_TASK,
        {
            "delivery_id": str(delivery.id),
            "attempt": attempt,
            "dedupe_key": f"webhook:{delivery.id}:{attempt}",
        },
    )


def webhook_event_publish(*, tenant: Tenant, event_type: str, booking) -> list[WebhookDelivery]:
    """Inside the transaction of the change: one delivery per active endpoint of the tenant
    that subscribes to the event. Nothing for a plan without webhooks."""
    if not tenant.plan_limits.outgoing_webhooks:
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(tenant=tenant, active=True)
        if event_type in endpoint.events
    ]
    if not endpoints:
        return []
    now = clock.now()
    body = event_body(event_type, now, booking_event_data(booking))
    return _deliveries_create(endpoints=endpoints, event_type=event_type, body=body, now=now)


@transaction.atomic
def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A `ping` event to this one endpoint, whatever it subscribes to (and even if it is off:
    its owner is testing it)."""
    plan_check(endpoint.tenant)
    now = clock.now()
    body = event_body(
        events.PING, now, {"webhook": str(endpoint.id), "message": "Webhook test from booking"}
    )
    return _deliveries_create(endpoints=[endpoint], event_type=events.PING, body=body, now=now)[0]


@transaction.atomic
def webhook_delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """One more attempt now, with the same webhook-id and body."""
    plan_check(delivery.endpoint.tenant)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state == WebhookDelivery.State.PENDING:
        raise WebhookDeliveryPending(
            detail={"delivery": str(delivery.id), "next_attempt_at": delivery.next_attempt_at}
        )
    now = clock.now()
    delivery.state = WebhookDelivery.State.PENDING
    delivery.next_attempt_at = now
    delivery.leased_until = now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    delivery.finished_at = None
    delivery.save()
    _attempt_publish(delivery, attempt=delivery.attempts + 1)
    return delivery


# -- attempts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str
    latency_ms: int | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _http_post(*, url: str, headers: dict[str, str], body: str, timeout: float) -> AttemptResult:
    """One POST to the checked address; no redirect followed, no retry, bounded in time."""
    started = time.monotonic()
    try:
        target = target_resolve(url)
    except WebhookUrlRefused as exc:
        return AttemptResult(None, f"refused: {json.dumps(exc.detail, default=str)}", None)
    bounds = urllib3.Timeout(connect=timeout, read=timeout, total=timeout)
    options: dict[str, Any] = {"timeout": bounds, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        pool_class = urllib3.HTTPSConnectionPool
        options.update(server_hostname=target.host, assert_hostname=target.host)
    else:
        pool_class = urllib3.HTTPConnectionPool
    default_port = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    host_header = host if target.port == default_port else f"{host}:{target.port}"
    pool = pool_class(target.address, target.port, **options)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers={
                **headers,
                "Host": host_header,
                "Content-Type": "application/json",
                "User-Agent": "booking-webhooks/1",
            },
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
        )
        latency = int((time.monotonic() - started) * 1000)
        try:
            response.read(RESPONSE_KEEP_BYTES, decode_content=False)
        finally:
            response.release_conn()
        error = "" if 200 <= response.status < 300 else f"HTTP {response.status}"
        return AttemptResult(response.status, error, latency)
    except Exception as exc:  # timeouts, refused connections, TLS: a failed attempt
        latency = int((time.monotonic() - started) * 1000)
        return AttemptResult(None, f"{type(exc).__name__}: {exc}"[:500], latency)
    finally:
        pool.close()


def _tenant_slot_acquire(tenant_id: uuid.UUID, token: str) -> str | None:
    """One of the tenant's WEBHOOK_TENANT_CONCURRENCY slots, or None when all are taken: a
    tenant's slow receivers occupy at most that many of the worker's threads."""
    ttl = int(settings.WEBHOOK_TIMEOUT_SECONDS) + 30
    for slot in range(settings.WEBHOOK_TENANT_CONCURRENCY):
        key = f"webhooks:slot:{tenant_id}:{slot}"
        if cache.add(key, token, timeout=ttl):
            return key
    return None


@dataclass(frozen=True)
class AttemptOutcome:
    state: str  # sent | failed | busy | skipped
    delivery: WebhookDelivery | None = None


def delivery_attempt(*, delivery_id: str, attempt: int) -> AttemptOutcome:
    """Makes attempt number `attempt` of a delivery, once, however often its task arrives.

    `busy`: the tenant's slots are all taken (its receivers are slow); the sweep publishes
    the attempt again in a moment, and other tenants' deliveries go ahead meanwhile.
    """
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).only("tenant_id").first()
    if delivery is None:
        return AttemptOutcome("skipped")
    token = f"{delivery_id}:{attempt}:{uuid.uuid4().hex}"
    slot = _tenant_slot_acquire(delivery.tenant_id, token)
    if slot is None:
        # Left to the sweep, one copy, rather than bouncing on the queue meanwhile.
        WebhookDelivery.objects.filter(
            pk=delivery_id, state=WebhookDelivery.State.PENDING, attempts=attempt - 1
        ).update(
            leased_until=None,
            next_attempt_at=clock.now() + datetime.timedelta(seconds=1),
            updated_at=clock.now(),
        )
        return AttemptOutcome("busy")
    try:
        return _attempt_in_slot(delivery_id=delivery_id, attempt=attempt)
    finally:
        cache.delete(slot)


def _attempt_in_slot(*, delivery_id: str, attempt: int) -> AttemptOutcome:
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    now = clock.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.state != WebhookDelivery.State.PENDING
            or delivery.attempts != attempt - 1
        ):
            return AttemptOutcome("skipped", delivery)
        if delivery.endpoint.tenant_id != delivery.tenant_id:
            return AttemptOutcome("skipped", delivery)
        if delivery.in_flight_until is not None and delivery.in_flight_until > now:
            return AttemptOutcome("skipped", delivery)  # another copy of this attempt runs
        endpoint = delivery.endpoint
        if not endpoint.active and delivery.event_type != events.PING:
            delivery.state = WebhookDelivery.State.FAILED
            delivery.last_error = "endpoint_inactive"
            delivery.next_attempt_at = None
            delivery.leased_until = None
            delivery.finished_at = now
            delivery.save()
            return AttemptOutcome("failed", delivery)
        delivery.last_attempt_at = now
        delivery.leased_until = None
        delivery.in_flight_until = now + datetime.timedelta(seconds=timeout + 30)
        delivery.save(
            update_fields=["last_attempt_at", "leased_until", "in_flight_until", "updated_at"]
        )
        headers = signed_headers(
            secrets_=signing_secrets(endpoint, now),
            webhook_id=delivery.webhook_id,
            timestamp=now,
            body=delivery.body,
        )
        url, body = endpoint.url, delivery.body
    result = _http_post(url=url, headers=headers, body=body, timeout=timeout)
    return _attempt_record(delivery_id=delivery_id, attempt=attempt, result=result)


@transaction.atomic
def _attempt_record(*, delivery_id: str, attempt: int, result: AttemptResult) -> AttemptOutcome:
    now = clock.now()
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    logger.info(
        "webhooks: %s %s attempt %d to %s: %s (%s ms)",
        delivery.event_type,
        delivery.webhook_id,
        attempt,
        endpoint.url,
        result.status_code or result.error,
        result.latency_ms,
    )
    delivery.attempts = attempt
    delivery.in_flight_until = None
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error
    delivery.last_latency_ms = result.latency_ms
    if result.succeeded:
        delivery.state = WebhookDelivery.State.SUCCEEDED
        delivery.next_attempt_at = None
        delivery.finished_at = now
        delivery.save()
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
            endpoint.save(update_fields=["failing_since", "updated_at"])
        return AttemptOutcome("sent", delivery)
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    if attempt <= len(schedule):
        delivery.next_attempt_at = now + datetime.timedelta(seconds=schedule[attempt - 1])
    else:
        delivery.state = WebhookDelivery.State.FAILED
        delivery.next_attempt_at = None
        delivery.finished_at = now
    delivery.save()
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since", "updated_at"])
    window = datetime.timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS)
    if endpoint.active and now - endpoint.failing_since >= window:
        _endpoint_disable(endpoint=endpoint, now=now, last_error=result.error)
    return AttemptOutcome("failed", delivery)


def _endpoint_disable(*, endpoint: WebhookEndpoint, now: datetime.datetime, last_error: str):
    """Every attempt failed for the whole window: off, its pending deliveries given up, and
    the owner told by email (through the notifications service, after the commit)."""
    from booking.reservations.events import iso_utc, tenant_payload

    endpoint.active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = (
        f"Every delivery failed for {settings.WEBHOOK_DISABLE_AFTER_DAYS} days"
    )
    endpoint.save()
    WebhookDelivery.objects.filter(endpoint=endpoint, state=WebhookDelivery.State.PENDING).update(
        state=WebhookDelivery.State.FAILED,
        next_attempt_at=None,
        leased_until=None,
        finished_at=now,
        last_error="endpoint_disabled",
        updated_at=now,
    )
    logger.warning("webhooks: endpoint %s of tenant %s disabled", endpoint.id, endpoint.tenant_id)
    tenant = endpoint.tenant
    if not tenant.owner_email:
        return
    outbox_enqueue(
        notifications.SEND_WEBHOOK_DISABLED,
        notifications.WebhookDisabledMessage(
            dedupe_key=f"webhook:{endpoint.id}:disabled:{iso_utc(now)}",
            tenant=tenant_payload(tenant),
            language=tenant.language,
            email=tenant.owner_email,
            url=endpoint.url,
            failing_since=iso_utc(endpoint.failing_since),
            disabled_at=iso_utc(now),
            last_error=last_error[:300],
        ),
    )


# -- the beat ------------------------------------------------------------------------------


@transaction.atomic
def deliveries_publish_due(*, limit: int = 500) -> int:
    """Publishes (through the outbox) the attempts that are due and not already published
    or in flight. Rows another sweep holds are skipped."""
    now = clock.now()
    due = list(
        WebhookDelivery.objects.select_for_update(skip_locked=True)
        .filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        # An attempt whose worker died before recording it is made again once this passes.
        .filter(Q(in_flight_until__isnull=True) | Q(in_flight_until__lte=now))
        .order_by("next_attempt_at", "id")[:limit]
    )
    lease = now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    for delivery in due:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(leased_until=lease, updated_at=now)
        _attempt_publish(delivery, attempt=delivery.attempts + 1)
    return len(due)


def deliveries_forget_old(*, limit: int = 5000) -> int:
    """Deliveries are kept WEBHOOK_KEEP_DAYS (30) days; the log never shows older ones."""
    cutoff = clock.now() - datetime.timedelta(days=settings.WEBHOOK_KEEP_DAYS)
    old = WebhookDelivery.objects.filter(created_at__lt=cutoff).values_list("id", flat=True)
    deleted, _ = WebhookDelivery.objects.filter(id__in=list(old[:limit])).delete()
    return deleted
