import pytest
from django.core.cache import cache

from booking.tenants.services import api_key_create


@pytest.mark.django_db
def test_integrator_reads_and_changes_settings(admin_client, tenant):
    response = admin_client.patch(
        "/api/booking/v1/admin/settings",
        {
            "hold_minutes": 15,
            "holds_enabled": False,
            "owner_email": "owner@studio.example",
            "labels": {"choose_staff": "Choose photographer"},
            "minimum_notice_minutes": 120,
        },
        format="json",
    )

    assert response.status_code == 200
    tenant.refresh_from_db()
    assert tenant.hold_minutes == 15 and tenant.holds_enabled is False
    assert tenant.labels == {"choose_staff": "Choose photographer"}
    assert (
        admin_client.get("/api/booking/v1/admin/settings").json()["minimum_notice_minutes"] == 120
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"hold_minutes": 0},
        {"hold_minutes": "ten"},
        {"owner_email": "not-an-email"},
        {"allowed_origins": ["ftp://x"]},
        {"labels": ["not", "a", "dict"]},
        # Bounded lists: at most 30 labels with names of 1 to 64 characters, 20 origins.
        {"labels": {f"label_{n}": "x" for n in range(31)}},
        {"labels": {"x" * 65: "a name longer than 64 characters"}},
        {"labels": {"": "a nameless label"}},
        {"allowed_origins": [f"https://site{n}.example" for n in range(21)]},
    ],
)
def test_bad_settings_are_400_and_change_nothing(admin_client, tenant, change):
    response = admin_client.patch("/api/booking/v1/admin/settings", change, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid_input"
    tenant.refresh_from_db()
    assert tenant.hold_minutes == 10 and tenant.owner_email == ""


@pytest.mark.django_db
def test_plan_and_timezone_are_not_changed_through_settings(admin_client, tenant):
    admin_client.patch(
        "/api/booking/v1/admin/settings", {"plan": "enterprise", "timezone": "UTC"}, format="json"
    )
    tenant.refresh_from_db()
    assert tenant.plan == "professional" and tenant.timezone == "Europe/Zurich"


@pytest.mark.django_db
def test_admin_api_needs_a_valid_key(api_client, tenant):
    assert api_client.get("/api/booking/v1/admin/settings").status_code == 401
    wrong = api_client.get("/api/booking/v1/admin/settings", HTTP_AUTHORIZATION="Bearer bk_wrong")
    assert wrong.status_code == 401 and wrong.json()["code"] == "authentication_failed"


@pytest.mark.django_db
def test_keys_only_reach_their_own_tenant(api_client, tenant):
    from booking.tenants.tests.factories import TenantFactory

    other = TenantFactory(slug="other")
    _, other_key = api_key_create(tenant=other)
    response = api_client.get(
        "/api/booking/v1/admin/settings", HTTP_AUTHORIZATION=f"Bearer {other_key}"
    )
    assert response.json()["slug"] == "other"


@pytest.mark.django_db
def test_admin_requests_a_minute_are_limited_by_plan(api_client, tenant, monkeypatch):
    cache.clear()
    # Freeze the clock at the start of a minute so the whole loop shares one window.
    monkeypatch.setattr("booking.tenants.throttling.time.time", lambda: 1_800_000_000.0)
    tenant.plan = "basic"  # 60 a minute
    tenant.save()
    _, raw_key = api_key_create(tenant=tenant)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")

    statuses = [api_client.get("/api/booking/v1/admin/settings").status_code for _ in range(61)]

    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    limited = api_client.get("/api/booking/v1/admin/settings")
    assert limited.json()["code"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 60
