import pytest
from django.test import override_settings

from booking.tenants.models import ApiKey, Tenant

PLATFORM = {"HTTP_AUTHORIZATION": "Bearer test-platform-token"}
NEW_TENANT = {
    "slug": "barber",
    "name": "Barber Shop",
    "plan": "basic",
    "timezone": "America/New_York",
}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform_token")]


@pytest.fixture
def platform_token():
    with override_settings(PLATFORM_TOKEN="test-platform-token"):
        yield


def test_operator_creates_a_tenant_and_gets_its_first_key_once(api_client):
    response = api_client.post(
        "/api/booking/v1/platform/tenants", NEW_TENANT, format="json", **PLATFORM
    )

    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "barber" and body["plan"] == "basic"
    raw_key = body["api_key"]
    assert raw_key.startswith("bk_")
    stored = ApiKey.objects.get(tenant__slug="barber")
    assert raw_key not in (stored.key_hash, stored.prefix)  # only the hash is kept
    settings = api_client.get(
        "/api/booking/v1/admin/settings", HTTP_AUTHORIZATION=f"Bearer {raw_key}"
    )
    assert settings.status_code == 200
    assert settings.json()["timezone"] == "America/New_York"


def test_platform_api_needs_the_operator_token(api_client):
    missing = api_client.post("/api/booking/v1/platform/tenants", NEW_TENANT, format="json")
    wrong = api_client.post(
        "/api/booking/v1/platform/tenants",
        NEW_TENANT,
        format="json",
        HTTP_AUTHORIZATION="Bearer nope",
    )

    assert missing.status_code == 401 and missing.json()["code"] == "not_authenticated"
    assert wrong.status_code == 401 and wrong.json()["code"] == "authentication_failed"
    assert not Tenant.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Base"),
        ("plan", "platinum"),
        ("slug", "Not A Slug"),
        ("name", ""),
    ],
)
def test_bad_tenant_fields_are_400_with_the_field_named(api_client, field, value):
    response = api_client.post(
        "/api/booking/v1/platform/tenants", {**NEW_TENANT, field: value}, format="json", **PLATFORM
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert field in response.json()["detail"]


def test_a_taken_slug_is_a_conflict_and_keeps_the_first_tenant(api_client):
    api_client.post("/api/booking/v1/platform/tenants", NEW_TENANT, format="json", **PLATFORM)
    again = api_client.post(
        "/api/booking/v1/platform/tenants",
        {**NEW_TENANT, "name": "Other"},
        format="json",
        **PLATFORM,
    )

    assert again.status_code == 409 and again.json()["code"] == "tenant_slug_taken"
    assert Tenant.objects.get(slug="barber").name == "Barber Shop"


def test_operator_changes_the_plan(api_client):
    api_client.post("/api/booking/v1/platform/tenants", NEW_TENANT, format="json", **PLATFORM)

    response = api_client.patch(
        "/api/booking/v1/platform/tenants/barber", {"plan": "business"}, format="json", **PLATFORM
    )
    unknown = api_client.patch(
        "/api/booking/v1/platform/tenants/nobody", {"plan": "business"}, format="json", **PLATFORM
    )

    assert response.status_code == 200 and response.json()["plan"] == "business"
    assert Tenant.objects.get(slug="barber").plan == "business"
    assert unknown.status_code == 404 and unknown.json()["code"] == "tenant_not_found"


def test_malformed_json_is_a_400_not_a_500(api_client):
    response = api_client.generic(
        "POST",
        "/api/booking/v1/platform/tenants",
        "{not json",
        content_type="application/json",
        **PLATFORM,
    )

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"
