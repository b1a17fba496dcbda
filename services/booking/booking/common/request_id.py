"""The gateway's request id, carried into every log line of the request."""

import contextvars
import logging
import uuid

_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = (request.headers.get("X-Request-ID") or uuid.uuid4().hex)[:64]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs 4xx/5xx responses after the middleware has reset the id;
        # those records carry the request itself.
        request = getattr(record, "request", None)
        from_request = request.headers.get("X-Request-ID") if request is not None else None
        record.request_id = (from_request or _request_id.get())[:64]
        return True


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request)."""
    return _request_id.get()
