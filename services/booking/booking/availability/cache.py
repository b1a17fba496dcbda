"""Availability cache invalidation: the writes call these after they commit.

Placeholder signatures fixed for every writer; the availability module fills them in.
"""

import datetime
from uuid import UUID


def availability_changed_for_tenant(*, tenant_id: UUID) -> None:
    """Settings, services or staff of a tenant changed: all its cached availability is stale."""


def availability_changed_for_staff(
    *, tenant_id: UUID, staff_id: UUID, dates: list[datetime.date] | None = None
) -> None:
    """A staff member's time changed (hours, days off, a hold or booking on these dates)."""
