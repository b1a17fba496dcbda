import datetime

from booking.availability.cache import availability_changed_for_staff
from booking.catalog.tests.factories import DayOffFactory

from .conftest import NOW, at, cart_create, reserve, staff_working

URL = "/api/booking/v1/public/studio/calendar"


def statuses(api_client, service, staff="any", month="2026-11", cart_token=None, **params):
    query = {"service": str(service.id), "month": month, **params}
    if staff is not None:
        query["staff"] = staff if isinstance(staff, str) else str(staff.id)
    headers = {"X-Cart-Token": cart_token} if cart_token else {}
    response = api_client.get(URL, query, headers=headers)
    assert response.status_code == 200, response.json()
    return {day["date"]: day["status"] for day in response.json()["days"]}


def test_a_month_tells_past_off_full_available_and_out_of_range(
    api_client, tenant, service, frozen_now
):
    tenant.booking_horizon_days = 20
    tenant.save()
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)])  # one start a day
    DayOffFactory(
        staff=anna, start_date=datetime.date(2026, 11, 10), end_date=datetime.date(2026, 11, 11)
    )
    reserve(anna, service, at(datetime.date(2026, 11, 12), 9))
    frozen_now["now"] = at(datetime.date(2026, 11, 4), 9, 30)  # a Wednesday, after its start

    days = statuses(api_client, service, anna)

    assert len(days) == 30
    assert days["2026-11-03"] == "past"
    assert days["2026-11-04"] == "past"  # today, its only start is gone
    assert days["2026-11-05"] == "available"
    assert days["2026-11-07"] == "off"  # Saturday
    assert days["2026-11-10"] == days["2026-11-11"] == "off"  # days off
    assert days["2026-11-12"] == "full"
    assert days["2026-11-24"] == "available"  # today + 20 days is the last one offered
    assert days["2026-11-25"] == "out_of_range"


def test_today_within_the_minimum_notice_is_full(api_client, tenant, service, frozen_now):
    tenant.minimum_notice_minutes = 120
    tenant.save()
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)])
    frozen_now["now"] = at(datetime.date(2026, 11, 4), 8)
    days = statuses(api_client, service, anna)
    assert days["2026-11-04"] == "full"
    assert days["2026-11-05"] == "available"


def test_staff_any_is_available_when_anyone_is(api_client, tenant, service):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)], weekdays=[0])
    staff_working(tenant, service, "Bert", hours=[(9, 0, 10, 0)], weekdays=[1])
    reserve(anna, service, at(datetime.date(2026, 11, 16), 9))
    days = statuses(api_client, service)
    assert days["2026-11-09"] == "available"  # Monday: Anna
    assert days["2026-11-10"] == "available"  # Tuesday: Bert
    assert days["2026-11-11"] == "off"
    assert days["2026-11-16"] == "full"  # Anna booked, Bert does not work Mondays


def test_a_day_whose_last_start_the_caller_holds_stays_available_for_them(
    api_client, tenant, service
):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 10, 0)])
    cart = cart_create(tenant, "tok")
    reserve(
        anna,
        service,
        at(datetime.date(2026, 11, 9), 9),
        expires_at=NOW + datetime.timedelta(minutes=10),
        cart=cart,
    )
    availability_changed_for_staff(
        tenant_id=tenant.id, staff_id=anna.id, dates=[datetime.date(2026, 11, 9)]
    )
    assert statuses(api_client, service, anna)["2026-11-09"] == "full"
    assert statuses(api_client, service, anna, cart_token="tok")["2026-11-09"] == "available"


def test_the_month_is_the_customers(api_client, tenant, service):
    # Working Sunday 23:00-24:00 in Zurich is Monday morning in Auckland.
    anna = staff_working(tenant, service, "Anna", hours=[(22, 0, 23, 30)], weekdays=[6])
    zurich = statuses(api_client, service, anna)
    auckland = statuses(api_client, service, anna, tz="Pacific/Auckland")
    assert zurich["2026-11-08"] == "available" and zurich["2026-11-09"] == "off"
    assert auckland["2026-11-08"] == "off" and auckland["2026-11-09"] == "available"
    assert len(statuses(api_client, service, anna, month="2027-02")) == 28
