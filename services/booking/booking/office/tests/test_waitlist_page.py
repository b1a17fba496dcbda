"""The waitlist page of the back office: a business sees who waits for its full days, in the
order they joined, and never another business's list."""

import datetime

import pytest
from django.utils import timezone

from booking.waitlist.models import WaitlistEntry

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def _wait(business, email: str, *, staff=None, days: int = 2) -> WaitlistEntry:
    day = (timezone.now().astimezone(business.tenant.zone) + datetime.timedelta(days=days)).date()
    return WaitlistEntry.objects.create(
        tenant=business.tenant, service=business.service, staff=staff, day=day, email=email
    )


def test_the_owner_sees_the_waiting_emails_in_order_from_the_menu(business_a, business_b):
    _wait(business_a, "first@example.test")
    _wait(business_a, "second@example.test", staff=business_a.anna)
    _wait(business_a, "yesterday@example.test", days=-1)
    _wait(business_b, "other@example.test")
    browser = signed_in(business_a.owner)

    calendar = browser.get("/office/calendar/").content.decode()
    assert 'href="/office/waitlist/"' in calendar

    page = browser.get("/office/waitlist/").content.decode()
    assert page.index("first@example.test") < page.index("second@example.test")
    assert "Anna alpha" in page
    assert "yesterday@example.test" not in page
    assert "other@example.test" not in page


def test_a_staff_login_has_no_waitlist_page(business_a):
    browser = signed_in(business_a.staff_login)

    assert browser.get("/office/waitlist/").status_code == 403
    assert 'href="/office/waitlist/"' not in browser.get("/office/calendar/").content.decode()


def test_the_page_speaks_german(business_a):
    _wait(business_a, "first@example.test")
    browser = signed_in(business_a.owner)
    browser.post("/office/language/", {"language": "de", "next": "/office/waitlist/"})

    page = browser.get("/office/waitlist/").content.decode()
    assert "Warteliste" in page and "Beliebig" in page and "Niemand wartet." not in page
