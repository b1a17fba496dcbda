import uuid

import pytest

from booking.catalog.tests.factories import ServiceFactory, StaffFactory

BASE = "/api/booking/v1/public"


@pytest.fixture
def portrait(tenant):
    return ServiceFactory(
        tenant=tenant,
        name="Portrait session",
        description="One hour in the studio.",
        duration_minutes=60,
        price_amount=15000,
        currency="chf",
        down_payment_percent=30,
    )


def test_the_tenant_profile_for_the_widget(api_client, tenant):
    tenant.labels = {"choose_staff": "Choose photographer"}
    tenant.hold_minutes = 12
    tenant.save()
    response = api_client.get(f"{BASE}/studio")
    assert response.status_code == 200
    assert response.json() == {
        "name": tenant.name,
        "slug": "studio",
        "timezone": "Europe/Zurich",
        "language": "en",
        "labels": {"choose_staff": "Choose photographer"},
        "holds_enabled": True,
        "hold_minutes": 12,
        "takes_payments": False,
    }


def test_active_services_with_price_and_down_payment(api_client, tenant, portrait):
    ServiceFactory(tenant=tenant, name="Consultation", duration_minutes=30)
    ServiceFactory(tenant=tenant, name="Retired", active=False)
    ServiceFactory(name="Another tenant's")

    response = api_client.get(f"{BASE}/studio/services")

    assert response.status_code == 200
    services = response.json()["services"]
    assert [s["name"] for s in services] == ["Consultation", "Portrait session"]
    assert services[0]["price"] is None and services[0]["down_payment"] is None
    assert services[1] == {
        "id": str(portrait.id),
        "name": "Portrait session",
        "description": "One hour in the studio.",
        "duration_minutes": 60,
        "price": {"amount": 15000, "currency": "chf"},
        "down_payment": {"amount": 4500, "currency": "chf", "percent": 30},
    }


def test_staff_who_give_a_service(api_client, tenant, portrait):
    StaffFactory(tenant=tenant, name="Bea", services=[portrait])
    StaffFactory(tenant=tenant, name="Adam", services=[portrait])
    StaffFactory(tenant=tenant, name="Gone", services=[portrait], active=False)
    StaffFactory(tenant=tenant, name="Other", services=[ServiceFactory(tenant=tenant)])

    response = api_client.get(f"{BASE}/studio/services/{portrait.id}/staff")

    assert response.status_code == 200
    assert [member["name"] for member in response.json()["staff"]] == ["Adam", "Bea"]
    assert set(response.json()["staff"][0]) == {"id", "name"}


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("nobody/services", "tenant_not_found"),
        ("nobody", "tenant_not_found"),
        ("studio/services/not-a-uuid/staff", "service_not_found"),
        (f"studio/services/{uuid.uuid4()}/staff", "service_not_found"),
    ],
)
def test_unknown_things_are_404_json(api_client, tenant, path, code):
    response = api_client.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert response.json()["code"] == code


def test_an_inactive_or_foreign_service_has_no_staff_list(api_client, tenant, portrait):
    portrait.active = False
    portrait.save()
    for service in (portrait, ServiceFactory()):
        response = api_client.get(f"{BASE}/studio/services/{service.id}/staff")
        assert response.status_code == 404
        assert response.json()["code"] == "service_not_found"


def test_the_profile_address_without_a_slash_leads_to_it(api_client, tenant):
    response = api_client.get(f"{BASE}/studio", follow=True)
    assert response.status_code == 200
    assert response.json()["slug"] == "studio"
