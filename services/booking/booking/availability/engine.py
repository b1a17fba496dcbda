"""Slot computation over plain data: no database, no cache, no clock.

Times inside the engine are integer POSIX seconds (UTC instants). Working hours
are wall-clock times in the tenant's zone; they become instants here, per day,
with zoneinfo, so daylight-saving days come out right:

- The grid runs in elapsed time: a start every `interval` minutes from the
  working interval's start instant. On an ordinary day that is the familiar
  09:00, 09:30, ... On the autumn day (clocks go back) a working interval that
  spans the repeated hour is an hour longer and offers the repeated starts
  twice, once with each offset. On the spring day (clocks go forward) it is an
  hour shorter and no start falls into the missing hour.
- A working interval bound that falls in the spring gap (say 02:30 in Zurich)
  is read as PEP 495 fold=0 does, i.e. shifted forward by the gap (03:30); one
  that falls in the repeated autumn hour means its first occurrence.

A start is offered when the service's whole duration fits inside one working
interval and the range [start - buffer_before, end + buffer_after) overlaps no
busy range (live, unexpired reservations, already widened by their own buffers).
"""

import bisect
import datetime
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Busy ranges and candidate ranges are half-open [start, end) in POSIX seconds.
Range = tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """One staff member's weekly hours (weekday 0 = Monday) and days off, in their zone."""

    interval_minutes: int
    hours: Mapping[int, Sequence[tuple[datetime.time, datetime.time]]]
    days_off: Sequence[tuple[datetime.date, datetime.date]] = ()

    def is_day_off(self, day: datetime.date) -> bool:
        return any(first <= day <= last for first, last in self.days_off)


def epoch(moment: datetime.datetime) -> int:
    return int(moment.timestamp())


def local_epoch(day: datetime.date, wall: datetime.time, zone: zoneinfo.ZoneInfo) -> int:
    """The instant a wall-clock time of a day stands for (fold=0 in gaps and overlaps)."""
    return epoch(datetime.datetime.combine(day, wall, tzinfo=zone))


def day_bounds(day: datetime.date, zone: zoneinfo.ZoneInfo) -> Range:
    """[midnight, next midnight) of a local date, as instants (23 or 25 hours on DST days)."""
    return (
        local_epoch(day, datetime.time(0), zone),
        local_epoch(day + datetime.timedelta(days=1), datetime.time(0), zone),
    )


def working_ranges(schedule: Schedule, day: datetime.date, zone: zoneinfo.ZoneInfo) -> list[Range]:
    """The working intervals of one local date as instants; none on a day off."""
    if schedule.is_day_off(day):
        return []
    ranges = []
    for start, end in schedule.hours.get(day.weekday(), ()):
        first, last = local_epoch(day, start, zone), local_epoch(day, end, zone)
        if last > first:
            ranges.append((first, last))
    return sorted(ranges)


def schedule_starts(
    schedule: Schedule, day: datetime.date, zone: zoneinfo.ZoneInfo, duration_minutes: int
) -> list[int]:
    """Every start the schedule offers on a local date, reservations disregarded, sorted."""
    step = schedule.interval_minutes * 60
    duration = duration_minutes * 60
    starts: set[int] = set()
    for first, last in working_ranges(schedule, day, zone):
        starts.update(range(first, last - duration + 1, step))
    return sorted(starts)


def merge_busy(busy: Iterable[Range]) -> tuple[list[int], list[int]]:
    """Busy ranges merged into disjoint ones, as parallel sorted lists of starts and ends."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(busy):
        if end <= start:
            continue
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def is_blocked(blocked: Range, busy_starts: list[int], busy_ends: list[int]) -> bool:
    """Whether [start, end) overlaps any merged busy range."""
    start, end = blocked
    # The first merged range that ends after our start is the only candidate.
    i = bisect.bisect_right(busy_ends, start)
    return i < len(busy_starts) and busy_starts[i] < end


def free_starts(
    starts: Iterable[int],
    *,
    duration_minutes: int,
    buffer_before_minutes: int,
    buffer_after_minutes: int,
    busy_starts: list[int],
    busy_ends: list[int],
) -> list[int]:
    """The starts whose appointment widened by the buffers overlaps no busy range."""
    before = buffer_before_minutes * 60
    after = (duration_minutes + buffer_after_minutes) * 60
    return [
        start
        for start in starts
        if not is_blocked((start - before, start + after), busy_starts, busy_ends)
    ]


def offered_starts(
    *,
    schedule: Schedule,
    day: datetime.date,
    zone: zoneinfo.ZoneInfo,
    duration_minutes: int,
    buffer_before_minutes: int = 0,
    buffer_after_minutes: int = 0,
    busy: Iterable[Range] = (),
) -> list[int]:
    """The free starts of one local date: the whole rule of section 3 but time-of-request limits."""
    busy_starts, busy_ends = merge_busy(busy)
    return free_starts(
        schedule_starts(schedule, day, zone, duration_minutes),
        duration_minutes=duration_minutes,
        buffer_before_minutes=buffer_before_minutes,
        buffer_after_minutes=buffer_after_minutes,
        busy_starts=busy_starts,
        busy_ends=busy_ends,
    )


@dataclass(frozen=True, kw_only=True)
class BookingWindow:
    """What the time of the request allows: no start before `earliest`, none from `horizon_end`.

    `earliest` is now plus the tenant's minimum notice. The horizon counts
    tenant-local dates: with a horizon of N days, starts on today + N are the
    last ones offered.
    """

    now: int
    earliest: int
    horizon_end: int

    @classmethod
    def build(
        cls,
        *,
        now: datetime.datetime,
        zone: zoneinfo.ZoneInfo,
        minimum_notice_minutes: int,
        booking_horizon_days: int,
    ) -> "BookingWindow":
        today = now.astimezone(zone).date()
        last_day = today + datetime.timedelta(days=booking_horizon_days)
        return cls(
            now=epoch(now),
            earliest=epoch(now) + minimum_notice_minutes * 60,
            horizon_end=day_bounds(last_day, zone)[1],
        )

    def allows(self, start: int) -> bool:
        return self.earliest <= start < self.horizon_end
