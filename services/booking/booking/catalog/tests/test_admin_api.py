import pytest

from booking.catalog.models import Service, Staff, WorkingHours
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
    assert [(w["weekday"], w["start_time"], w["end_time"]) for w in listed] == [
        (0, "09:00:00", "12:00:00"),
        (0, "13:00:00", "17:00:00"),
        (2, "10:00:00", "14:00:00"),
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


def test_days_off_ranges(admin_client, tenant):
    staff = StaffFactory(tenant=tenant)
    url = f"/api/booking/v1/admin/staff/{staff.id}/days-off"

    created = admin_client.post(
        url,
        {"start_date": "2026-12-24", "end_date": "2026-12-31", "reason": "Holidays"},
        format="json",
    )
    backwards = admin_client.post(
        url, {"start_date": "2026-12-24", "end_date": "2026-12-01"}, format="json"
    )

    assert created.status_code == 201
    assert backwards.status_code == 400
    assert backwards.json()["code"] == "day_off_end_before_start"
    assert len(admin_client.get(url).json()) == 1
    assert admin_client.delete(f"{url}/{created.json()['id']}").status_code == 204
    assert admin_client.get(url).json() == []
