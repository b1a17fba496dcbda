"""Keyset pages for the admin lists: a page continues after the last row the caller saw.

Stable under inserts and deletes, and as cheap at the millionth row as at the first (an
offset scans every row before it). The cursor is the ordering key of the page's last row,
base64url JSON, opaque to callers; one this API did not give answers 400 invalid_cursor.
"""

import base64
import datetime
import json
from uuid import UUID

from django.db.models import Model, Q, QuerySet

from .errors import InvalidCursor


def cursor_encode(row: Model, field: str) -> str:
    key = [getattr(row, field).isoformat(), str(row.pk)]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[datetime.datetime, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        moment = datetime.datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, UUID(pk)
    except (ValueError, TypeError, json.JSONDecodeError) as error:
        raise InvalidCursor(detail={"cursor": cursor}) from error


def page_after(
    rows: QuerySet, *, field: str, cursor: str | None, limit: int, offset: int = 0
) -> tuple[list, str | None]:
    """A page of `rows` ordered by (field, id), after `cursor`, and the next page's cursor
    (None on the last page)."""
    rows = rows.order_by(field, "pk")
    if cursor:
        moment, pk = _cursor_decode(cursor)
        rows = rows.filter(Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk}))
    page = list(rows[offset : offset + limit + 1])
    next_cursor = cursor_encode(page[limit - 1], field) if len(page) > limit else None
    return page[:limit], next_cursor
