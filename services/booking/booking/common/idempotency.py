"""Idempotency-Key for public POSTs: a retried request gets the first answer again.

The key is scoped to tenant, method, path and cart token, and stored with the
hash of the body. The record is inserted in the same transaction as the work:
a concurrent duplicate blocks on the unique index until the first request
commits, then replays its answer (or, if the first rolled back, does the work
itself). A different body under the same key is refused with 422.
See https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
"""

import datetime
import functools
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from rest_framework.response import Response

from booking.reservations.errors import IdempotencyKeyInvalid, IdempotencyKeyReused
from booking.reservations.models import IdempotencyRecord
from booking.reservations.selectors import CART_TOKEN_HEADER

HEADER = "Idempotency-Key"
# Visible ASCII with inner spaces, 1 to 255 characters: what survives HTTP header parsing.
KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"
# How long a first answer is kept for retries. A hold's answer carries its cart token,
# so records should not outlive the carts' usefulness by much.
KEEP_FOR = datetime.timedelta(hours=24)


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def request_scope(request) -> str:
    cart = request.headers.get(CART_TOKEN_HEADER, "")
    return _sha256(f"{request.method}\n{request.path}\n{_sha256(cart) if cart else ''}")


def request_fingerprint(request) -> str:
    # The parsed body, canonically: key order and spacing do not make another request.
    # Parsed data always serialises (string keys; default=str for files and the like).
    return _sha256(json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str))


def idempotent(view_method):
    """Wraps an APIView's post(): replays the first answer for a repeated Idempotency-Key."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(view, request, *args, **kwargs)
        if not re.fullmatch(KEY_PATTERN, key):
            raise IdempotencyKeyInvalid()
        scope, fingerprint = request_scope(request), request_fingerprint(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        scope=scope, key=key, request_hash=fingerprint
                    )
            except IntegrityError:
                record = IdempotencyRecord.objects.get(scope=scope, key=key)
                if record.request_hash != fingerprint:
                    raise IdempotencyKeyReused(detail={"key": key})
                response = Response(record.response_body, status=record.status_code)
                response["Idempotent-Replayed"] = "true"
                return response
            try:
                response = view_method(view, request, *args, **kwargs)
            except Exception as exc:
                # Errors the API answers (409, 429...) are answers too and are replayed;
                # anything else re-raises here and rolls the record back with the work.
                response = view.handle_exception(exc)
            record.status_code = response.status_code
            record.response_body = response.data
            record.save(update_fields=["status_code", "response_body"])
            return response

    return wrapper


def idempotency_records_prune(*, now: datetime.datetime) -> int:
    """Forgets answers older than KEEP_FOR (the beat's tidy task calls this)."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
