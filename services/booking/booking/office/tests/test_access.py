"""Every back-office URL, walked as another tenant's owner and as a staff login without the
right: 404 or 403, and nothing of the other tenant shown or changed."""

import pytest
from django.urls import URLPattern, get_resolver

from booking.office.access import RIGHTS
from booking.reservations.models import Booking

from .conftest import signed_in

pytestmark = pytest.mark.django_db(transaction=False)


def office_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    office = next(p for p in resolver.url_patterns if str(p.pattern) == "office/")
    return [p for p in office.url_patterns if hasattr(p.callback, "office_right")]


def fill(pattern: URLPattern, business) -> str:
    values = {
        "booking_id": business.booking.id,
        "service_id": business.service.id,
        "staff_id": business.anna.id,
        "day_off_id": business.day_off.id,
        "key_id": business.api_key_id,
        "invitation_id": business.invitation.id,
        "membership_id": business.manager.id,
        "outcome": "completed",
    }
    path = "/office/" + str(pattern.pattern)
    for name in pattern.pattern.converters:
        path = path.replace(f"<str:{name}>", str(values[name]))
    return path


def has_object(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.converters)


def test_every_signed_in_url_is_listed():
    """The walk below covers each view the office wraps; a new one joins it by itself."""
    names = {p.name for p in office_patterns()}
    assert {
        "office-calendar",
        "office-settings",
        "office-api-keys",
        "office-booking-cancel",
        "office-staff-schedule",
        "office-day-off-delete",
        "office-people",
    } <= names
    assert len(names) >= 20


def test_another_tenants_owner_finds_nothing(business_a, business_b):
    browser = signed_in(business_b.owner)
    for pattern in office_patterns():
        path = fill(pattern, business_a)
        for method in ("get", "post"):
            response = getattr(browser, method)(path)
            body = response.content.decode()
            if has_object(pattern):
                assert response.status_code in (404, 405), (method, path, response.status_code)
            else:
                assert response.status_code in (200, 201, 302, 400, 405), (method, path)
            assert business_a.tenant.name not in body, (method, path)
            assert business_a.anna.name not in body, (method, path)
    business_a.booking.refresh_from_db()
    business_a.service.refresh_from_db()
    business_a.anna.refresh_from_db()
    assert business_a.booking.status == Booking.Status.CONFIRMED
    assert business_a.service.active and business_a.anna.active
    assert business_a.day_off.__class__.objects.filter(pk=business_a.day_off.pk).exists()


def test_a_staff_login_is_refused_what_its_role_lacks(business_a):
    browser = signed_in(business_a.staff_login)  # Marco; the object ids are Anna's
    for pattern in office_patterns():
        right = pattern.callback.office_right
        path = fill(pattern, business_a)
        for method in ("get", "post"):
            response = getattr(browser, method)(path)
            if "staff" not in RIGHTS[right]:
                assert response.status_code == 403, (method, path, response.status_code)
            elif has_object(pattern):
                # Anna's schedule and Anna's booking are not Marco's.
                assert response.status_code in (403, 405), (method, path, response.status_code)
    business_a.booking.refresh_from_db()
    assert business_a.booking.status == Booking.Status.CONFIRMED
    assert business_a.day_off.__class__.objects.filter(pk=business_a.day_off.pk).exists()


def test_a_manager_is_refused_owner_pages(business_a):
    browser = signed_in(business_a.manager)
    for path in (
        "/office/api-keys/",
        "/office/plan/",
        "/office/audit/",
        "/office/people/",
        "/office/security/",
    ):
        assert browser.get(path).status_code == 403, path
    assert browser.get("/office/settings/").status_code == 200


def test_signed_out_visitors_are_sent_to_the_login(business_a, client):
    for pattern in office_patterns():
        response = client.get(fill(pattern, business_a))
        assert response.status_code == 302
        assert response["Location"].startswith("/office/login/")
