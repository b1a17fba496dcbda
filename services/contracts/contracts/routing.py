"""Routes every task to its queue by name, the same in every service.

Used as Celery's `task_routes`: https://docs.celeryq.dev/en/stable/userguide/routing.html
"""

from . import booking, notifications, payments, queues

URGENT_NOTIFICATIONS = {
    notifications.SEND_VERIFICATION_CODE,
    # Someone waits at the screen for these links.
    notifications.SEND_OFFICE_INVITATION,
    notifications.SEND_OFFICE_PASSWORD_RESET,
}
ENTERPRISE_PLAN = "enterprise"


def queue_for(name: str, kwargs: dict | None) -> str | None:
    if name.startswith("notifications."):
        tenant = (kwargs or {}).get("tenant") or {}
        if tenant.get("plan") == ENTERPRISE_PLAN:
            return queues.NOTIFICATIONS_ENTERPRISE
        if name in URGENT_NOTIFICATIONS:
            return queues.NOTIFICATIONS_URGENT
        return queues.NOTIFICATIONS_BULK
    if name in (booking.PAYMENT_SUCCEEDED, booking.PAYMENT_REFUNDED):
        return queues.BOOKING_EVENTS
    if name.startswith("webhooks."):
        return queues.WEBHOOKS
    if name.startswith("booking."):
        return queues.BOOKING_MAINTENANCE
    if name == payments.REFUND or name.startswith("payments."):
        # Including the payments service's own outbox sweep (payments.outbox.relay).
        return queues.PAYMENTS_EVENTS
    return None


def route_task(name, args, kwargs, options, task=None, **kw):
    queue = queue_for(name, kwargs)
    return {"queue": queue} if queue else None
