"""The error envelope every service answers, declared on every operation of its OpenAPI
document, so a client generated from it knows each status an operation can answer.

Each service's drf-spectacular settings run `declare_errors` as a postprocessing hook: it adds
the statuses that follow from an operation's shape (a body or query may be invalid, a path may
name nothing, a key may be missing, an admin key may be over its rate), with the codes they
carry, to whatever the view declared itself. It works on the document alone, so it lives here
beside the other shared contracts. https://drf-spectacular.readthedocs.io/en/latest/settings.html
"""

from __future__ import annotations

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: a stable machine-readable code, a message for people, and "
    "details (the fields at fault, the limit reached) or null.",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "detail": {"nullable": True},
    },
    "required": ["code", "message", "detail"],
}

_BAD_REQUEST = (
    "invalid_input (detail names the fields), malformed_request (not JSON), or the own code "
    "of a parameter or header out of its schema (invalid_month, idempotency_key_invalid, ...)"
)
_UNAUTHENTICATED = "not_authenticated (no bearer token), authentication_failed (an unknown one)"
_NOT_FOUND = "not_found, or the missing thing's own code (tenant_not_found, service_not_found, ...)"
_UNSUPPORTED = "unsupported_media_type: the body must be application/json"
_RATE_LIMITED = "rate_limited: the key's requests a minute for its plan (Retry-After)"
_UNAVAILABLE = "dependency_unavailable: the service's database is unreachable for now; retry"
_KEY_REUSED = "idempotency_key_reused: the same Idempotency-Key came with another request"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _error_response(description: str) -> dict:
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _implied_statuses(operation: dict) -> dict[str, str]:
    parameters = operation.get("parameters", [])
    statuses = {"503": _UNAVAILABLE}
    if operation.get("requestBody") or any(p.get("in") in ("query", "header") for p in parameters):
        statuses["400"] = _BAD_REQUEST
    if operation.get("requestBody"):
        statuses["415"] = _UNSUPPORTED
    if any(p.get("in") == "path" for p in parameters):
        statuses["404"] = _NOT_FOUND
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    if schemes - {""}:
        statuses["401"] = _UNAUTHENTICATED
    if "apiKey" in schemes:
        statuses["429"] = _RATE_LIMITED
    if any(p.get("in") == "header" and p.get("name") == IDEMPOTENCY_HEADER for p in parameters):
        statuses["422"] = _KEY_REUSED
    return statuses


def _body_required(operation: dict) -> bool:
    """A JSON body with required fields cannot be left out."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return bool(schema.get("required"))


def declare_errors(result, generator=None, request=None, public=None):
    """drf-spectacular postprocessing hook: the error envelope on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_COMPONENT, ERROR_SCHEMA)
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if operation.get("requestBody") and _body_required(operation):
                operation["requestBody"]["required"] = True
            responses = operation["responses"]
            for status, description in _implied_statuses(operation).items():
                responses.setdefault(status, _error_response(description))
    return result
