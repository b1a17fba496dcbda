"""The gateway's request id (X-Request-ID), set for the request being served.

nginx gives every request an id; a request without one (a direct call) gets a fresh one. The
answer echoes it, every log line of the request carries it (plumbing.logs), and so does every
task the request publishes.
"""

import contextvars
import uuid

HEADER = "X-Request-ID"
_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = (request.headers.get(HEADER) or uuid.uuid4().hex)[:64]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


def served_request_id() -> str:
    """The id of the request being served ("-" outside a request)."""
    return _request_id.get()
