"""Availability cache with exact invalidation. The writes call the two hooks after they commit.

What is cached: for one (service, staff member, tenant-local date), the starts the
schedule offers and the ones no live reservation blocks, before the time of the
request is applied (past, minimum notice and horizon are filtered on every read,
so an entry never goes stale by the clock alone).

How it stays exact, without atomic counters (the embedded default is a file cache):

- Version tokens: one per tenant, one per staff member, one per (staff member,
  tenant-local date). A change replaces the token with a fresh random one.
- An entry records the three tokens it was computed with and is used only while
  they are all current. The reader fetches the tokens (in the same round trip as
  the entries) BEFORE it reads the database, and a writer replaces them AFTER it
  commits, so an entry computed from pre-write data always carries a token the
  write has since replaced. A token found missing (never set, or evicted) is
  created by the reader before it reads the database, for the same reason.
- Holds expire without any write: an entry is used only until the earliest
  `expires_at` of the holds it considered.
"""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable
from typing import NamedTuple
from uuid import UUID

from django.core.cache import cache

logger = logging.getLogger(__name__)

# An entry lives an hour at most: the bound on staleness should an invalidation be lost
# while the cache server was unreachable (the hooks log it). Versions outlive entries.
ENTRY_SECONDS = 3600
VERSION_SECONDS = 40 * 24 * 3600
# Part of every entry key: a deploy that changes DayEntry never unpickles the old ones.
ENTRY_FORMAT = 1


class DayEntry(NamedTuple):
    """One staff member's computed day. Times are POSIX seconds."""

    versions: tuple[str, str, str]
    valid_until: int | None  # the earliest expiry of a hold it considered
    booked: int  # live reservations starting that day (to spread staff=any fairly)
    starts: tuple[int, ...]  # what the schedule offers, reservations disregarded
    free: tuple[int, ...]  # of those, the ones no reservation blocks


# Short keys: a month of staff=any reads some 1,300 of them in one round trip, and the
# cache framework checks every character of every key.
def _tenant_key(tenant_id) -> str:
    return f"av:t:{_id(tenant_id)}"


def _staff_key(staff_id) -> str:
    return f"av:s:{_id(staff_id)}"


def _staff_day_key(staff_id, day: datetime.date) -> str:
    return f"av:d:{_id(staff_id)}:{day.toordinal()}"


def _entry_key(signature: str, staff_id, day: datetime.date) -> str:
    return f"av:e{ENTRY_FORMAT}:{signature}:{_id(staff_id)}:{day.toordinal()}"


def _id(value) -> str:
    return value.hex if isinstance(value, UUID) else str(value)


def signature_of(*parts) -> str:
    """A short digest of what an entry was computed from, for its key."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def _token() -> str:
    return secrets.token_hex(8)


def availability_changed_for_tenant(*, tenant_id: UUID) -> None:
    """Settings, services or staff of a tenant changed: all its cached availability is stale."""
    try:
        cache.set(_tenant_key(tenant_id), _token(), VERSION_SECONDS)
    except Exception:
        logger.exception("availability cache: could not invalidate tenant %s", tenant_id)


def availability_changed_for_staff(
    *, tenant_id: UUID, staff_id: UUID, dates: list[datetime.date] | None = None
) -> None:
    """A staff member's time changed (hours, days off, a hold or booking on these dates).

    `dates` are the tenant-local dates the reservation's blocked range touches; None
    means all of them (working hours, days off, the staff member's settings). The
    neighbouring dates are invalidated too: a candidate's buffers reach across midnight.
    """
    try:
        if dates is None:
            cache.set(_staff_key(staff_id), _token(), VERSION_SECONDS)
            return
        days = {day + datetime.timedelta(days=shift) for day in dates for shift in (-1, 0, 1)}
        cache.set_many({_staff_day_key(staff_id, day): _token() for day in days}, VERSION_SECONDS)
    except Exception:
        logger.exception("availability cache: could not invalidate staff %s", staff_id)


def tenant_version_key(tenant_id) -> str:
    return _tenant_key(tenant_id)


def versions_current(keys: list[str]) -> dict[str, str] | None:
    """The current tokens of these keys in one round trip, creating the missing ones.

    Call it before reading the database, like entries_get. None when the cache cannot
    answer: the caller then reads the database and keeps nothing.
    """
    try:
        found = cache.get_many(keys)
        missing = {key: _token() for key in keys if key not in found}
        if missing:
            cache.set_many(missing, VERSION_SECONDS)
            found.update(missing)
    except Exception:
        logger.exception("availability cache: could not read versions")
        return None
    return found


def versions_replace(*, tenant_id) -> None:
    """Replaces the tenant's token (availability/snapshot.py's signals)."""
    try:
        cache.set(_tenant_key(tenant_id), _token(), VERSION_SECONDS)
    except Exception:
        logger.exception("availability cache: could not replace the version of %s", tenant_id)


class Lookup(NamedTuple):
    """What a reader found: usable entries and the versions to store new ones with."""

    entries: dict[tuple[UUID, datetime.date], DayEntry]
    versions: dict[tuple[UUID, datetime.date], tuple[str, str, str]]
    tenant_version: str | None  # None when the cache could not answer


def entries_get(
    *,
    tenant_id: UUID,
    signature: str,
    staff_ids: Iterable[UUID],
    dates: Iterable[datetime.date],
    now: int,
) -> Lookup:
    """The cached days still valid, and the current versions of every (staff, date) asked.

    Call it before reading the database for the missing days.
    """
    staff_ids = list(staff_ids)
    dates = list(dates)
    tenant_key = _tenant_key(tenant_id)
    staff_keys = {staff_id: _staff_key(staff_id) for staff_id in staff_ids}
    # (staff, date) -> (version key, entry key), built once: there may be well over a thousand.
    pair_keys = {
        (staff_id, day): (_staff_day_key(staff_id, day), _entry_key(signature, staff_id, day))
        for staff_id in staff_ids
        for day in dates
    }
    version_keys = [tenant_key, *staff_keys.values(), *(v for v, _ in pair_keys.values())]
    try:
        found = cache.get_many([*version_keys, *(e for _, e in pair_keys.values())])
    except Exception:
        logger.exception("availability cache: read failed, computing without it")
        return Lookup(entries={}, versions={}, tenant_version=None)

    missing_versions = {key: _token() for key in version_keys if key not in found}
    if missing_versions:
        try:
            cache.set_many(missing_versions, VERSION_SECONDS)
        except Exception:
            logger.exception("availability cache: could not create versions")
            return Lookup(entries={}, versions={}, tenant_version=None)
        found.update(missing_versions)

    entries = {}
    versions = {}
    tenant_version = found[tenant_key]
    for pair, (version_key, entry_key) in pair_keys.items():
        current = (tenant_version, found[staff_keys[pair[0]]], found[version_key])
        versions[pair] = current
        entry = found.get(entry_key)
        if (
            isinstance(entry, DayEntry)
            and entry.versions == current
            and (entry.valid_until is None or entry.valid_until > now)
        ):
            entries[pair] = entry
    return Lookup(entries=entries, versions=versions, tenant_version=tenant_version)


def entries_set(*, signature: str, entries: dict[tuple[UUID, datetime.date], DayEntry]) -> None:
    """Stores freshly computed days; each carries the versions read before computing it."""
    values = {}
    for (staff_id, day), entry in entries.items():
        if not entry.versions:
            continue
        values[_entry_key(signature, staff_id, day)] = entry
    if not values:
        return
    try:
        cache.set_many(values, ENTRY_SECONDS)
    except Exception:
        logger.exception("availability cache: could not store entries")
