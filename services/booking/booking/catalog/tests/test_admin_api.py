import datetime
import uuid

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from booking.catalog.models import DayOff, Service, Staff, WorkingHours
from booking.catalog.tests.factories import ServiceFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_integrator_creates_a_paid_service_with_a_down_payment(admin_client):
    response = admin_client.post(
        "/api/booking/v1/admin/services",
        {
            "name": "Portrait session",
            "duration_minutes": 60,
            "price_amount": 15000,
            "currency": "chf",
            "down_payment_percent": 30,
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["down_payment_amount"] == 4500
    assert admin_client.get("/api/booking/v1/admin/services").json()[0]["name"] == (
        "Portrait session"
    )


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "duration_minutes": 0},
        {"name": "X", "duration_minutes": 60, "currency": "CHF!"},
        # Three letters, but no currency of ISO 4217's list.
        {"name": "X", "duration_minutes": 60, "currency": "ZZZ"},
        {"name": "X", "duration_minutes": 60, "currency": "chfr"},
        {"name": "X", "duration_minutes": 60, "down_payment_percent": 30},
        {"name": "X", "duration_minutes": 60, "price_amount": -5},
        {"duration_minutes": 60},
    ],
)
def test_bad_services_are_400(admin_client, body):
    response = admin_client.post("/api/booking/v1/admin/services", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"
    assert not Service.objects.exists()


@pytest.mark.parametrize("sent", ["CHF", "chf", "Chf"])
def test_a_currency_is_taken_in_any_case_and_answered_in_lower_case(admin_client, sent):
    response = admin_client.post(
        "/api/booking/v1/admin/services",
        {"name": "Shoot", "duration_minutes": 60, "price_amount": 9000, "currency": sent},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["currency"] == "chf"
    changed = admin_client.patch(
        f"/api/booking/v1/admin/services/{response.json()['id']}",
        {"currency": "EUR"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["currency"] == "eur"
    assert Service.objects.get().currency == "eur"


def test_a_duplicate_service_name_is_409(admin_client, tenant):
    ServiceFactory(tenant=tenant, name="Haircut")
    response = admin_client.post(
        "/api/booking/v1/admin/services", {"name": "Haircut", "duration_minutes": 30}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "service_name_taken"


def test_services_of_another_tenant_are_not_found(admin_client):
    foreign = ServiceFactory()
    response = admin_client.get(f"/api/booking/v1/admin/services/{foreign.id}")
    assert response.status_code == 404 and response.json()["code"] == "service_not_found"


def test_a_bad_uuid_in_the_path_is_a_json_404(admin_client):
    response = admin_client.get("/api/booking/v1/admin/services/not-a-uuid")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_staff_with_their_services_and_plan_limit(admin_client, tenant):
    tenant.plan = "basic"  # one staff member
    tenant.save()
    service = ServiceFactory(tenant=tenant)

    first = admin_client.post(
        "/api/booking/v1/admin/staff",
        {"name": "Anna", "services": [str(service.id)], "slot_interval_minutes": 30},
        format="json",
    )
    second = admin_client.post("/api/booking/v1/admin/staff", {"name": "Ben"}, format="json")

    assert first.status_code == 201 and first.json()["services"] == [str(service.id)]
    assert second.status_code == 403
    assert second.json()["code"] == "plan_limit_reached"
    assert second.json()["detail"] == {"limit": "staff_members", "allowed": 1, "plan": "basic"}
    assert Staff.objects.filter(tenant=tenant).count() == 1


def test_staff_cannot_give_another_tenants_service(admin_client):
    foreign = ServiceFactory()
    response = admin_client.post(
        "/api/booking/v1/admin/staff",
        {"name": "Anna", "services": [str(foreign.id)]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "unknown_services"
    assert not Staff.objects.filter(name="Anna").exists()


def test_working_week_with_a_lunch_break(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/working-hours"

    response = admin_client.put(
        url,
        {
            "intervals": [
                {"weekday": 0, "start_time": "09:00", "end_time": "12:00"},
                {"weekday": 0, "start_time": "13:00", "end_time": "17:00"},
                {"weekday": 2, "start_time": "10:00", "end_time": "14:00"},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    listed = admin_client.get(url).json()
    # Answered as written, HH:MM.
    assert [(w["weekday"], w["start_time"], w["end_time"]) for w in listed] == [
        (0, "09:00", "12:00"),
        (0, "13:00", "17:00"),
        (2, "10:00", "14:00"),
    ]


@pytest.mark.parametrize(
    ("intervals", "code"),
    [
        (
            [{"weekday": 0, "start_time": "17:00", "end_time": "09:00"}],
            "working_hours_end_before_start",
        ),
        (
            [
                {"weekday": 0, "start_time": "09:00", "end_time": "12:00"},
                {"weekday": 0, "start_time": "11:00", "end_time": "14:00"},
            ],
            "working_hours_overlap",
        ),
        ([{"weekday": 7, "start_time": "09:00", "end_time": "12:00"}], "invalid_input"),
        ([{"weekday": 0, "start_time": "25:00", "end_time": "26:00"}], "invalid_input"),
        # HH:MM only, as the schema's pattern says.
        ([{"weekday": 0, "start_time": "09:00:30", "end_time": "12:00"}], "invalid_input"),
        ([{"weekday": 0, "start_time": "9:00", "end_time": "12:00"}], "invalid_input"),
    ],
)
def test_bad_working_hours_are_400_and_keep_the_old_week(admin_client, tenant, intervals, code):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/working-hours"
    admin_client.put(
        url,
        {"intervals": [{"weekday": 1, "start_time": "09:00", "end_time": "17:00"}]},
        format="json",
    )

    response = admin_client.put(url, {"intervals": intervals}, format="json")

    assert response.status_code == 400 and response.json()["code"] == code
    assert list(WorkingHours.objects.filter(staff=staff).values_list("weekday", flat=True)) == [1]


def test_adding_an_overlapping_interval_is_refused(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/working-hours"
    ok = admin_client.post(
        url, {"weekday": 3, "start_time": "09:00", "end_time": "12:00"}, format="json"
    )
    clash = admin_client.post(
        url, {"weekday": 3, "start_time": "11:30", "end_time": "13:00"}, format="json"
    )
    assert ok.status_code == 201
    assert clash.status_code == 400 and clash.json()["code"] == "working_hours_overlap"
    deleted = admin_client.delete(f"{url}/{ok.json()['id']}")
    assert deleted.status_code == 204 and not WorkingHours.objects.filter(staff=staff).exists()


@pytest.fixture
def frozen_clock(monkeypatch):
    """The test and the server read one "now": otherwise a test running across the tenant's
    midnight computes a today the server has already left."""
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def in_days(tenant, days: int) -> str:
    """The tenant's today plus `days`, as the API writes dates."""
    return (
        timezone.now().astimezone(tenant.zone).date() + datetime.timedelta(days=days)
    ).isoformat()


@pytest.mark.usefixtures("frozen_clock")
def test_days_off_ranges(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/days-off"

    created = admin_client.post(
        url,
        {"start_date": in_days(tenant, 20), "end_date": in_days(tenant, 27), "reason": "Holidays"},
        format="json",
    )
    backwards = admin_client.post(
        url, {"start_date": in_days(tenant, 20), "end_date": in_days(tenant, 3)}, format="json"
    )

    assert created.status_code == 201
    assert backwards.status_code == 400
    assert backwards.json()["code"] == "day_off_end_before_start"
    assert len(admin_client.get(url).json()) == 1
    assert admin_client.delete(f"{url}/{created.json()['id']}").status_code == 204
    assert admin_client.get(url).json() == []


# -- bounded work: what one request may make the platform store or recompute ----------------


def availability_keys() -> int:
    """How many availability keys (versions and entries) the cache holds."""
    location = settings.CACHES["default"].get("LOCATION", "")
    if not str(location).startswith("redis"):
        pytest.skip("the cache is not Redis here")
    return sum(1 for _ in redis.Redis.from_url(location).scan_iter(match="*:av:*", count=1000))


def test_a_ten_thousand_year_day_off_is_refused_at_once_and_touches_no_cache_key(
    admin_client, tenant
):
    staff = StaffFactory(tenant=tenant)
    keys_before = availability_keys()

    response = admin_client.post(
        f"/api/booking/v1/admin/staff/{staff.id}/days-off",
        {"start_date": "0001-01-01", "end_date": "9999-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "day_off_too_long"
    assert response.json()["detail"]["max_days"] == 366
    assert availability_keys() == keys_before
    assert not staff.days_off.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(-400, -390), (397, 397), (-367, -367)],
    ids=["over-a-year-ago", "past-the-horizon-plus-a-year", "a-day-too-early"],
)
@pytest.mark.usefixtures("frozen_clock")
def test_a_day_off_outside_the_window_is_refused(admin_client, tenant, start, end):
    # The window ends a year (366 days) past the horizon: 396 days from today here.
    tenant.booking_horizon_days = 30
    tenant.save()
    staff = StaffFactory(tenant=tenant)
    response = admin_client.post(
        f"/api/booking/v1/admin/staff/{staff.id}/days-off",
        {"start_date": in_days(tenant, start), "end_date": in_days(tenant, end)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "day_off_out_of_window"
    assert not staff.days_off.exists()


@pytest.mark.usefixtures("frozen_clock")
def test_the_edges_of_the_window_and_a_full_year_are_accepted(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/days-off"
    last = 90 + 366
    for start, end in [(-366, -366), (last - 365, last), (0, 365)]:
        response = admin_client.post(
            url,
            {"start_date": in_days(tenant, start), "end_date": in_days(tenant, end)},
            format="json",
        )
        assert response.status_code == 201, (start, end, response.json())


def test_a_long_vacation_costs_one_cache_write_and_hides_every_day_of_it(
    admin_client, tenant, django_capture_on_commit_callbacks
):
    service = ServiceFactory(tenant=tenant, duration_minutes=30)
    staff = StaffFactory(tenant=tenant)
    staff.services.set([service])
    for weekday in range(7):
        WorkingHours.objects.create(
            tenant=tenant, staff=staff, weekday=weekday, start_time="09:00", end_time="12:00"
        )
    day = in_days(tenant, 50)
    slots_url = f"/api/booking/v1/public/{tenant.slug}/slots"
    query = {"service": service.id, "staff": staff.id, "date": day, "tz": "Europe/Zurich"}
    assert admin_client.get(slots_url, query).json()["slots"]  # computed and cached
    keys_before = availability_keys()

    with django_capture_on_commit_callbacks(execute=True):
        created = admin_client.post(
            f"/api/booking/v1/admin/staff/{staff.id}/days-off",
            {"start_date": in_days(tenant, 1), "end_date": in_days(tenant, 300)},
            format="json",
        )

    assert created.status_code == 201, created.json()
    # One version token replaced (the staff member's), not one a day of the 300.
    assert availability_keys() <= keys_before + 1
    assert admin_client.get(slots_url, query).json()["slots"] == []


@pytest.mark.usefixtures("frozen_clock")
def test_a_staff_member_has_at_most_200_days_off(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    today = timezone.now().astimezone(tenant.zone).date()
    DayOff.objects.bulk_create(
        DayOff(tenant=tenant, staff=staff, start_date=day, end_date=day)
        for day in (today + datetime.timedelta(days=n) for n in range(200))
    )
    response = admin_client.post(
        f"/api/booking/v1/admin/staff/{staff.id}/days-off",
        {"start_date": in_days(tenant, 300), "end_date": in_days(tenant, 300)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_days_off"
    assert staff.days_off.count() == 200


def test_a_weekday_has_at_most_eight_working_hour_intervals(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/working-hours"
    nine = [
        {"weekday": 0, "start_time": f"{8 + n:02d}:00", "end_time": f"{8 + n:02d}:30"}
        for n in range(9)
    ]
    replaced = admin_client.put(url, {"intervals": nine}, format="json")
    assert replaced.status_code == 400
    assert replaced.json()["code"] == "too_many_working_hours"
    assert admin_client.put(url, {"intervals": nine[:8]}, format="json").status_code == 200
    added = admin_client.post(url, nine[8], format="json")
    assert added.status_code == 400
    assert added.json()["code"] == "too_many_working_hours"
    assert WorkingHours.objects.filter(staff=staff).count() == 8
    too_long = admin_client.put(url, {"intervals": nine * 7}, format="json")
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid_input"


def test_a_staff_request_names_at_most_100_services(admin_client):
    ids = [str(uuid.uuid4()) for _ in range(101)]
    response = admin_client.post(
        "/api/booking/v1/admin/staff", {"name": "Many", "services": ids}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "services" in response.json()["detail"]
    assert not Staff.objects.exists()


def test_a_tenant_has_at_most_500_services(admin_client, tenant):
    Service.objects.bulk_create(
        Service(tenant=tenant, name=f"S{n}", duration_minutes=30) for n in range(500)
    )
    response = admin_client.post(
        "/api/booking/v1/admin/services",
        {"name": "One more", "duration_minutes": 30},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_services"
    assert Service.objects.count() == 500


def test_a_tenant_has_at_most_500_staff_members_active_or_not(admin_client, tenant):
    # The plan counts active staff only; inactive ones are listed all the same.
    Staff.objects.bulk_create(
        Staff(tenant=tenant, name=f"Former {n}", active=False) for n in range(500)
    )
    response = admin_client.post(
        "/api/booking/v1/admin/staff", {"name": "One more", "active": False}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_staff"
    assert response.json()["detail"] == {"limit": 500}
    assert Staff.objects.count() == 500
