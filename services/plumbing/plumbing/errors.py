"""Every error a service's API answers, rendered as JSON {code, message, detail}.

A client acts on `code`; `message` is for people; `detail` carries field errors, the limit
that was reached or what a provider said. A service's own errors subclass these (each app's
`errors.py`); REST_FRAMEWORK's EXCEPTION_HANDLER and the URLconf's handler400/404/500 point
here, so Django's own errors speak the same envelope.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from plumbing.dependencies import (
    current_database_error,
    dependency_unavailable_body,
    dependency_unavailable_response,
    is_database_unavailable,
)

logger = logging.getLogger(__name__)


class ApiError(Exception):
    status_code = status.HTTP_400_BAD_REQUEST
    code = "bad_request"
    message = "The request cannot be processed."

    def __init__(self, message: str | None = None, *, detail=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.detail = detail


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    message = "Not found."


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class InvalidInput(ApiError):
    code = "invalid_input"
    message = "Some fields are invalid."


_DRF_CODES = {
    exceptions.ParseError: "malformed_request",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
}


def error_body(code: str, message: str, detail=None) -> dict:
    return {"code": code, "message": message, "detail": detail}


def exception_handler(exc, context):
    if is_database_unavailable(exc):
        # The database is down or restarting: a client retries later, nothing is wrong with
        # its request (plumbing.dependencies).
        logger.warning("database unavailable: %s", exc)
        set_rollback()
        return Response(dependency_unavailable_body(), status=503, headers={"Retry-After": "5"})
    if isinstance(exc, ApiError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, exc.detail), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        set_rollback()
        return Response(error_body(InvalidInput.code, InvalidInput.message, detail), status=400)
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return Response(error_body(InvalidInput.code, InvalidInput.message, exc.detail), status=400)
    if isinstance(exc, exceptions.APIException):
        set_rollback()
        code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
        detail = None
        headers = {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            detail = {"retry_after_seconds": int(exc.wait)}
            headers["Retry-After"] = str(int(exc.wait))
        return Response(
            error_body(code, str(exc.detail), detail), status=exc.status_code, headers=headers
        )
    return None


def json_not_found(request, exception=None):
    return JsonResponse(error_body(NotFound.code, NotFound.message), status=404)


def json_server_error(request):
    if current_database_error() is not None:
        # Outside a DRF view (middleware, a plain view): the same 503 as inside one.
        return dependency_unavailable_response()
    logger.error("unhandled server error on %s", request.path)
    return JsonResponse(error_body("server_error", "Something went wrong on our side."), status=500)


def json_bad_request(request, exception=None):
    return JsonResponse(error_body(ApiError.code, ApiError.message), status=400)
