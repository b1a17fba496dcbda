"""Property tests of the slot engine, over plain data, across daylight-saving changes."""

import datetime
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from booking.availability import engine

ZONES = {name: zoneinfo.ZoneInfo(name) for name in ("Europe/Zurich", "America/New_York")}
# The 2026 daylight-saving days of both zones, their neighbours, and ordinary days.
DST_DAYS = [
    datetime.date(2026, 3, 8),
    datetime.date(2026, 3, 29),
    datetime.date(2026, 10, 25),
    datetime.date(2026, 11, 1),
]
DAYS = st.one_of(
    st.sampled_from(DST_DAYS),
    st.builds(
        lambda day, shift: day + datetime.timedelta(days=shift),
        st.sampled_from(DST_DAYS),
        st.integers(-1, 1),
    ),
    st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
)


@st.composite
def working_interval(draw):
    start = draw(st.integers(0, 24 * 60 - 6))
    end = draw(st.integers(start + 5, 24 * 60 - 1))
    as_time = lambda minutes: datetime.time(minutes // 60, minutes % 60)  # noqa: E731
    return as_time(start), as_time(end)


@st.composite
def case(draw):
    zone = ZONES[draw(st.sampled_from(sorted(ZONES)))]
    day = draw(DAYS)
    hours = draw(st.lists(working_interval(), min_size=1, max_size=3))
    schedule = engine.Schedule(
        interval_minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 45, 60, 90])),
        hours={day.weekday(): hours},
        days_off=[],
    )
    day_start, day_end = engine.day_bounds(day, zone)
    busy = draw(
        st.lists(
            st.tuples(
                st.integers(day_start - 6 * 3600, day_end + 6 * 3600),
                st.integers(5, 300),
            ).map(lambda start_length: (start_length[0], start_length[0] + start_length[1] * 60)),
            max_size=6,
        )
    )
    return {
        "zone": zone,
        "day": day,
        "schedule": schedule,
        "duration_minutes": draw(st.integers(5, 240)),
        "buffer_before_minutes": draw(st.sampled_from([0, 5, 15, 60])),
        "buffer_after_minutes": draw(st.sampled_from([0, 10, 30, 90])),
        "busy": busy,
    }


def offered(c) -> list[int]:
    return engine.offered_starts(
        schedule=c["schedule"],
        day=c["day"],
        zone=c["zone"],
        duration_minutes=c["duration_minutes"],
        buffer_before_minutes=c["buffer_before_minutes"],
        buffer_after_minutes=c["buffer_after_minutes"],
        busy=c["busy"],
    )


def working_instants(c) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Working intervals as aware UTC datetimes, computed the plain datetime way."""
    return [
        (
            datetime.datetime.combine(c["day"], start, tzinfo=c["zone"]).astimezone(datetime.UTC),
            datetime.datetime.combine(c["day"], end, tzinfo=c["zone"]).astimezone(datetime.UTC),
        )
        for start, end in c["schedule"].hours[c["day"].weekday()]
    ]


def blocked(c, start: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    minutes = datetime.timedelta(minutes=1)
    return (
        start - c["buffer_before_minutes"] * minutes,
        start + (c["duration_minutes"] + c["buffer_after_minutes"]) * minutes,
    )


def utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


@settings(max_examples=200, deadline=None)
@given(case())
def test_no_offered_start_overlaps_busy_time_or_its_buffers(c):
    for start in offered(c):
        low, high = blocked(c, utc(start))
        for busy_start, busy_end in c["busy"]:
            assert not (utc(busy_start) < high and low < utc(busy_end))


@settings(max_examples=200, deadline=None)
@given(case())
def test_every_start_is_on_the_grid_inside_working_hours_on_that_local_day(c):
    step = datetime.timedelta(minutes=c["schedule"].interval_minutes)
    duration = datetime.timedelta(minutes=c["duration_minutes"])
    starts = offered(c)
    assert starts == sorted(set(starts))
    for start in map(utc, starts):
        assert start.astimezone(c["zone"]).date() == c["day"]
        assert any(
            first <= start
            and start + duration <= last
            and (start - first) % step == datetime.timedelta(0)
            for first, last in working_instants(c)
        )


@settings(max_examples=200, deadline=None)
@given(case())
def test_every_free_grid_start_that_fits_is_offered(c):
    step = datetime.timedelta(minutes=c["schedule"].interval_minutes)
    duration = datetime.timedelta(minutes=c["duration_minutes"])
    expected = set()
    for first, last in working_instants(c):
        start = first
        while start + duration <= last:
            low, high = blocked(c, start)
            if not any(utc(bs) < high and low < utc(be) for bs, be in c["busy"]):
                expected.add(int(start.timestamp()))
            start += step
    assert set(offered(c)) == expected


@settings(max_examples=100, deadline=None)
@given(case())
def test_a_day_off_offers_nothing(c):
    schedule = engine.Schedule(
        interval_minutes=c["schedule"].interval_minutes,
        hours=c["schedule"].hours,
        days_off=[(c["day"], c["day"])],
    )
    assert offered({**c, "schedule": schedule}) == []


def test_the_spring_gap_offers_no_start_and_the_autumn_hour_offers_both():
    zurich = ZONES["Europe/Zurich"]
    schedule = engine.Schedule(
        interval_minutes=30, hours={6: [(datetime.time(1), datetime.time(4))]}
    )
    spring = engine.offered_starts(
        schedule=schedule, day=datetime.date(2026, 3, 29), zone=zurich, duration_minutes=30
    )
    autumn = engine.offered_starts(
        schedule=schedule, day=datetime.date(2026, 10, 25), zone=zurich, duration_minutes=30
    )
    wall = lambda starts: [  # noqa: E731
        datetime.datetime.fromtimestamp(s, zurich).strftime("%H:%M%z") for s in starts
    ]
    assert wall(spring) == ["01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200"]
    assert len(autumn) == 8
    assert wall(autumn)[2:6] == ["02:00+0200", "02:30+0200", "02:00+0100", "02:30+0100"]
