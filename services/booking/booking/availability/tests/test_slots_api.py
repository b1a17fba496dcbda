import datetime

import pytest

from booking.availability.cache import availability_changed_for_staff
from booking.catalog.tests.factories import DayOffFactory, ServiceFactory, WorkingHoursFactory

from .conftest import MONDAY, NOW, ZURICH, at, cart_create, reserve, staff_working

URL = "/api/booking/v1/public/studio/slots"


def starts(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [slot["start"] for slot in response.json()["slots"]]


def get_slots(api_client, service, staff="any", day=MONDAY, cart_token=None, **params):
    query = {"service": str(service.id), "date": day.isoformat(), **params}
    if staff is not None:
        query["staff"] = staff if isinstance(staff, str) else str(staff.id)
    headers = {"X-Cart-Token": cart_token} if cart_token else {}
    return api_client.get(URL, query, headers=headers)


def test_a_booking_at_17_leaves_18_as_the_next_start(api_client, tenant, service):
    # The example of docs/architecture.md §3: 1-hour service, slots every 30 minutes,
    # working 17:00-19:30, a booking at 17:00: the next offered start is 18:00.
    anna = staff_working(tenant, service, "Anna", hours=[(17, 0, 19, 30)])
    assert starts(get_slots(api_client, service, anna)) == [
        "2026-11-09T17:00:00+01:00",
        "2026-11-09T17:30:00+01:00",
        "2026-11-09T18:00:00+01:00",
        "2026-11-09T18:30:00+01:00",
    ]
    reserve(anna, service, at(MONDAY, 17))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])

    assert starts(get_slots(api_client, service, anna)) == [
        "2026-11-09T18:00:00+01:00",
        "2026-11-09T18:30:00+01:00",
    ]


def test_slots_carry_end_and_staff_and_several_intervals_make_a_lunch_break(
    api_client, tenant, service
):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 11, 0), (13, 0, 14, 30)])
    body = get_slots(api_client, service, anna).json()
    assert [s["start"][11:16] for s in body["slots"]] == [
        "09:00",
        "09:30",
        "10:00",
        "13:00",
        "13:30",
    ]
    assert body["slots"][0] == {
        "start": "2026-11-09T09:00:00+01:00",
        "end": "2026-11-09T10:00:00+01:00",
        "staff": {"id": str(anna.id), "name": "Anna"},
        "held_by_you": False,
    }


def test_the_customers_time_zone_moves_the_day_and_the_offsets(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)], weekdays=[0, 1])
    # 9:00 in Zurich is 3:00 in New York, the same date.
    assert starts(get_slots(api_client, service, anna, tz="America/New_York")) == [
        "2026-11-09T03:00:00-05:00"
    ]
    # In Auckland (+13:00) Monday 9:00 Zurich is Monday 21:00; Tuesday's is Tuesday 21:00.
    assert starts(get_slots(api_client, service, anna, tz="Pacific/Auckland")) == [
        "2026-11-09T21:00:00+13:00"
    ]


def test_buffers_keep_a_gap_around_bookings(api_client, tenant):
    service = ServiceFactory(
        tenant=tenant, duration_minutes=60, buffer_before_minutes=15, buffer_after_minutes=30
    )
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 14, 0)])
    reserve(anna, service, at(MONDAY, 11))  # blocks 10:45-12:30
    # 9:30 would end 10:30 + 30 min after: 11:00 > 10:45, so it is refused; 12:30 needs
    # 15 min before it (12:15), which is still blocked; 13:00 is the first after.
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == ["09:00", "13:00"]


def test_past_and_minimum_notice_and_horizon(api_client, tenant, service, frozen_now):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 12, 0)])
    frozen_now["now"] = at(MONDAY, 9, 10)
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == [
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]
    tenant.minimum_notice_minutes = 60
    tenant.save()
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == ["10:30", "11:00"]

    tenant.booking_horizon_days = 7
    tenant.save()
    assert starts(get_slots(api_client, service, anna, day=MONDAY + datetime.timedelta(days=7)))
    assert not starts(get_slots(api_client, service, anna, day=MONDAY + datetime.timedelta(days=8)))


def test_days_off_offer_nothing(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna")
    DayOffFactory(staff=anna, start_date=MONDAY, end_date=MONDAY + datetime.timedelta(days=2))
    assert starts(get_slots(api_client, service, anna)) == []
    assert starts(get_slots(api_client, service, anna, day=MONDAY + datetime.timedelta(days=3)))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Spring: 02:00-03:00 does not exist; the grid runs in elapsed time.
        (datetime.date(2026, 3, 29), ["01:00+01:00", "01:30+01:00", "03:00+02:00", "03:30+02:00"]),
        # Autumn: 02:00-03:00 happens twice; both are offered, with their offsets.
        (
            datetime.date(2026, 10, 25),
            [
                "01:00+02:00",
                "01:30+02:00",
                "02:00+02:00",
                "02:30+02:00",
                "02:00+01:00",
                "02:30+01:00",
                "03:00+01:00",
                "03:30+01:00",
            ],
        ),
    ],
)
def test_daylight_saving_days(api_client, tenant, frozen_now, day, expected):
    frozen_now["now"] = at(day - datetime.timedelta(days=7), 8)
    service = ServiceFactory(tenant=tenant, duration_minutes=30)
    night = staff_working(tenant, service, "Night", hours=[(1, 0, 4, 0)], weekdays=[6])
    assert [s[11:] for s in starts(get_slots(api_client, service, night, day=day))] == [
        f"{hhmm[:5]}:00{hhmm[5:]}" for hhmm in expected
    ]


def test_staff_any_is_the_default_and_names_the_least_booked_then_first_by_name(
    api_client, tenant, service
):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 11, 0)])
    bert = staff_working(tenant, service, "Bert", hours=[(10, 0, 12, 0)])
    body = get_slots(api_client, service, None).json()
    assert body["staff"] == "any"
    assert [(s["start"][11:16], s["staff"]["name"]) for s in body["slots"]] == [
        ("09:00", "Anna"),
        ("09:30", "Anna"),
        ("10:00", "Anna"),
        ("10:30", "Bert"),
        ("11:00", "Bert"),
    ]
    # Anna gets a booking that day: Bert, now the least booked, takes the shared 10:00.
    reserve(anna, service, at(MONDAY, 9))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    body = get_slots(api_client, service, None).json()
    assert [(s["start"][11:16], s["staff"]["name"]) for s in body["slots"]] == [
        ("10:00", "Bert"),
        ("10:30", "Bert"),
        ("11:00", "Bert"),
    ]
    assert bert


def test_inactive_staff_and_staff_not_giving_the_service_are_left_out_of_any(
    api_client, tenant, service
):
    staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)])
    retired = staff_working(tenant, service, "Retired", hours=[(11, 0, 12, 0)])
    retired.active = False
    retired.save()
    other = ServiceFactory(tenant=tenant)
    staff_working(tenant, other, "Other", hours=[(13, 0, 14, 0)])
    assert [s[11:16] for s in starts(get_slots(api_client, service, None))] == ["09:00"]


def test_the_callers_own_hold_is_listed_as_held_by_you(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 11, 0)])
    mine = cart_create(tenant, "my-token")
    reserve(
        anna, service, at(MONDAY, 9), expires_at=NOW + datetime.timedelta(minutes=10), cart=mine
    )
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])

    stranger = get_slots(api_client, service, anna).json()["slots"]
    assert [(s["start"][11:16], s["held_by_you"]) for s in stranger] == [("10:00", False)]

    own = get_slots(api_client, service, anna, cart_token="my-token").json()["slots"]
    assert [(s["start"][11:16], s["held_by_you"]) for s in own] == [
        ("09:00", True),
        ("10:00", False),
    ]
    assert own[0]["end"] == "2026-11-09T10:00:00+01:00"
    own_any = get_slots(api_client, service, "any", cart_token="my-token").json()["slots"]
    assert [(s["start"][11:16], s["held_by_you"]) for s in own_any] == [
        ("09:00", True),
        ("10:00", False),
    ]


def test_a_hold_that_expires_frees_its_start_at_once_without_a_write(
    api_client, tenant, service, frozen_now
):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 11, 0)])
    reserve(anna, service, at(MONDAY, 9), expires_at=NOW + datetime.timedelta(minutes=10))
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY])
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == ["10:00"]
    frozen_now["now"] = NOW + datetime.timedelta(minutes=9, seconds=59)
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == ["10:00"]

    frozen_now["now"] = NOW + datetime.timedelta(minutes=10)
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == [
        "09:00",
        "09:30",
        "10:00",
    ]


def test_a_working_interval_that_changes_weekday_hours_is_seen(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)])
    assert len(starts(get_slots(api_client, service, anna))) == 1
    WorkingHoursFactory(
        staff=anna, weekday=0, start_time=datetime.time(14), end_time=datetime.time(15)
    )
    availability_changed_for_staff(tenant_id=tenant.id, staff_id=anna.id, dates=None)
    assert [s[11:16] for s in starts(get_slots(api_client, service, anna))] == ["09:00", "14:00"]
    assert ZURICH


def test_the_customers_daylight_saving_change_gives_each_day_its_own_offset(
    api_client, tenant, service, frozen_now
):
    frozen_now["now"] = at(datetime.date(2026, 10, 20), 8)
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)], weekdays=[5, 6])
    # New York leaves summer time on Sunday 1 November 2026, Zurich a week earlier.
    saturday = get_slots(
        api_client, service, anna, day=datetime.date(2026, 10, 31), tz="America/New_York"
    )
    sunday = get_slots(
        api_client, service, anna, day=datetime.date(2026, 11, 1), tz="America/New_York"
    )
    assert starts(saturday) == ["2026-10-31T04:00:00-04:00"]
    assert starts(sunday) == ["2026-11-01T03:00:00-05:00"]


def test_a_past_date_offers_nothing(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna")
    assert starts(get_slots(api_client, service, anna, day=datetime.date(2026, 10, 26))) == []
