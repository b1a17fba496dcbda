"""Errors of the webhooks API, each with a stable code."""

from plumbing.errors import ApiError, Conflict, InvalidInput, NotFound


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    message = "No such webhook endpoint."


class WebhookDeliveryNotFound(NotFound):
    code = "webhook_delivery_not_found"
    message = "No such webhook delivery."


class WebhookUrlRefused(ApiError):
    code = "webhook_url_refused"
    message = (
        "Webhooks are not delivered to this address (loopback, private, link-local, "
        "multicast or cloud metadata)."
    )


class TooManyWebhooks(ApiError):
    code = "too_many_webhooks"
    message = "The tenant has as many webhook endpoints as allowed."


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"
    message = "The cursor is not one this API gave."


class WebhookDeliveryPending(Conflict):
    code = "webhook_delivery_pending"
    message = "This delivery is still being attempted; retry it once it has succeeded or failed."
