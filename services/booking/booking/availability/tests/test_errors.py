import uuid

import pytest

from booking.catalog.tests.factories import ServiceFactory, StaffFactory

from .conftest import staff_working

BASE = "/api/booking/v1/public"


@pytest.fixture
def anna(tenant, service):
    return staff_working(tenant, service, "Anna")


@pytest.mark.parametrize("endpoint", ["calendar", "slots"])
@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"service": "not-a-uuid"}, 400, "invalid_input"),
        ({"service": None}, 400, "invalid_input"),
        ({"service": str(uuid.uuid4())}, 404, "service_not_found"),
        ({"staff": "nobody"}, 400, "invalid_input"),
        ({"staff": str(uuid.uuid4())}, 404, "staff_not_found"),
        ({"tz": "Mars/Base"}, 400, "invalid_timezone"),
        ({"tz": "../../etc/passwd"}, 400, "invalid_timezone"),
        ({"month": "2026-13", "date": "2026-13-01"}, 400, None),
        ({"month": None, "date": None}, 400, "invalid_input"),
        ({"month": "11-2026", "date": "2026-02-30"}, 400, None),
    ],
)
def test_bad_input_answers_a_4xx_json_error(
    api_client, service, anna, endpoint, change, status, code
):
    query = {
        "service": str(service.id),
        "staff": str(anna.id),
        "month": "2026-11",
        "date": "2026-11-09",
    }
    query.update(change)
    query = {key: value for key, value in query.items() if value is not None}
    response = api_client.get(f"{BASE}/studio/{endpoint}", query)
    assert response.status_code == status
    body = response.json()
    expected = code or {"calendar": "invalid_month", "slots": "invalid_date"}[endpoint]
    assert body["code"] == expected
    assert body["message"]


@pytest.mark.parametrize("endpoint", ["calendar", "slots"])
def test_unknown_tenant(api_client, service, endpoint):
    query = {"service": str(service.id), "month": "2026-11", "date": "2026-11-09"}
    response = api_client.get(f"{BASE}/nobody-here/{endpoint}", query)
    assert response.status_code == 404
    assert response.json()["code"] == "tenant_not_found"


@pytest.mark.parametrize("endpoint", ["calendar", "slots"])
def test_staff_who_does_not_give_the_service(api_client, tenant, service, endpoint):
    other = StaffFactory(tenant=tenant, services=[ServiceFactory(tenant=tenant)])
    query = {"service": str(service.id), "staff": str(other.id), "month": "2026-11"}
    response = api_client.get(f"{BASE}/studio/{endpoint}", {**query, "date": "2026-11-09"})
    assert response.status_code == 404
    assert response.json()["code"] == "staff_not_offering_service"


@pytest.mark.parametrize("endpoint", ["calendar", "slots"])
def test_inactive_service_and_another_tenants_service_are_not_found(
    api_client, tenant, service, endpoint
):
    service.active = False
    service.save()
    foreign = ServiceFactory()  # another tenant's
    for service_id in (service.id, foreign.id):
        query = {"service": str(service_id), "month": "2026-11", "date": "2026-11-09"}
        response = api_client.get(f"{BASE}/studio/{endpoint}", query)
        assert response.status_code == 404
        assert response.json()["code"] == "service_not_found"
