"""Wiring shared by the booking service's tests. Data comes from each app's factories."""

import pytest
from booking.tenants.services import api_key_create
from booking.tenants.tests.factories import TenantFactory
from rest_framework.test import APIClient


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def tenant(db):
    return TenantFactory(slug="studio", timezone="Europe/Zurich")


@pytest.fixture
def admin_client(tenant) -> APIClient:
    """An integrator's client, authenticated with the tenant's API key."""
    _, raw_key = api_key_create(tenant=tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client
