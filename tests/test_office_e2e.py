"""The back office through nginx, in headless Chromium: a new tenant's owner is invited by
the operator, sets a password, signs in, sets reservation to 3 minutes, and a customer's
widget counts down from 3:00. Every office page is screenshot and checked with axe-core
(the pinned build vendored under tests/vendor): no serious or critical violation."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import Gateway, Mailbox

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
PASSWORD = "Office-e2e-password-2026"


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now. The office's CSP
    (script-src 'self') refuses an injected inline <script>, so axe is evaluated through the
    DevTools protocol (page.evaluate), which a page's CSP does not govern."""
    result = page.evaluate(
        "async () => {\n"
        + AXE.read_text()
        + "\n;return await axe.run(document, {resultTypes: ['violations']});\n}"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def invited_owner(new_tenant, gateway_url: str, mailbox: Mailbox) -> dict:
    """A tenant the operator created with its owner; one service and one staff member open
    every day. Answers the tenant's JSON, the owner's email and the invitation link."""
    owner = f"owner-{uuid.uuid4().hex[:8]}@office.test"
    tenant = new_tenant(timezone="Europe/Zurich", owner_email=owner)
    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        service = admin.post(
            "/api/booking/v1/admin/services", json={"name": "Consultation", "duration_minutes": 30}
        ).json()["id"]
        staff = admin.post(
            "/api/booking/v1/admin/staff", json={"name": "Lena Frei", "services": [service]}
        ).json()["id"]
        hours = admin.put(
            f"/api/booking/v1/admin/staff/{staff}/working-hours",
            json={
                "intervals": [
                    {"weekday": d, "start_time": "07:00", "end_time": "21:00"} for d in range(7)
                ]
            },
        )
        assert hours.status_code in (200, 201), hours.text
    invitation = mailbox.wait_for(to=owner, subject="invited", timeout=60)[0]
    link = re.search(r"https?://\S+/office/invitation/\S+/", Mailbox.text_of(invitation)).group(0)
    return {**tenant, "owner": owner, "link": link, "service": service, "staff": staff}


def office_url(gateway_url: str, link: str) -> str:
    return gateway_url + link[link.index("/office/") :]


def test_owner_invited_sets_password_signs_in_and_sets_reservation_to_3_minutes(
    browser_page, invited_owner, gateway_url, artifacts_dir
):
    shots = artifacts_dir / "office"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page().page

    # Invitation -> set password -> signed in.
    page.goto(office_url(gateway_url, invited_owner["link"]))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("h1")).to_have_text("Calendar")
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("Email").fill(invited_owner["owner"])
    page.get_by_label("Password").fill(PASSWORD)
    page.screenshot(path=shots / "login.png", full_page=True)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Calendar")

    # The Calenso pattern: reservation on, its minutes right below.
    page.goto(f"{gateway_url}/office/settings/")
    reservation = page.locator("#section-reservation")
    expect(reservation.get_by_label("Appointment reservation")).to_be_checked()
    reservation.get_by_label("Reservation minutes").fill("3")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    expect(page.get_by_role("cell", name="hold_minutes", exact=False).first).to_be_visible()

    # Every page of the owner: a screenshot and no serious or critical axe violation.
    found = {}
    for name, path in [
        ("calendar", "/office/calendar/"),
        ("calendar-day", "/office/calendar/?view=day"),
        ("services", "/office/services/"),
        ("service-new", "/office/services/new/"),
        ("staff", "/office/staff/"),
        ("staff-schedule", f"/office/staff/{invited_owner['staff']}/schedule/"),
        ("settings", "/office/settings/"),
        ("people", "/office/people/"),
        ("api-keys", "/office/api-keys/"),
        ("plan", "/office/plan/"),
        ("audit", "/office/audit/"),
        ("security", "/office/security/"),
    ]:
        response = page.goto(gateway_url + path)
        assert response.status == 200, (path, response.status)
        page.screenshot(path=shots / f"{name}.png", full_page=True)
        found[name] = axe_violations(page)
    assert all(v == [] for v in found.values()), found

    # A customer's widget now holds for 3 minutes: the countdown starts at 3:00.
    customer = browser_page()
    customer.open(invited_owner["slug"])
    customer.choose_service("Consultation")
    customer.wait_for_slots().first.click()
    customer.expect_summary()
    expect(customer.page.locator("#timer-value")).to_have_text(re.compile(r"^(3:00|2:5\d)$"))
    customer.page.screenshot(path=shots / "widget-countdown-3-minutes.png")


def test_phone_sized_and_german(browser_page, invited_owner, gateway_url, artifacts_dir):
    page = browser_page(width=390, locale="de-CH").page
    page.goto(office_url(gateway_url, invited_owner["link"]))
    expect(page.locator("h1")).to_have_text("Passwort festlegen")
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Neues Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Passwort festlegen").click()
    expect(page.locator("h1")).to_have_text("Kalender")
    page.goto(f"{gateway_url}/office/settings/")
    expect(page.locator("h1")).to_have_text("Allgemeine Einstellungen")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    page.screenshot(path=artifacts_dir / "office" / "settings-phone-de.png", full_page=True)
    assert axe_violations(page) == []


def test_login_throttling_answers_the_same_for_any_email(http: Gateway, demo):
    def attempt(email: str) -> tuple[int, str]:
        session = Gateway(http.base_url)
        page = session.get("/office/login/")
        token = session.cookies.get("office_csrftoken")
        answer = session.post(
            "/office/login/",
            data={"email": email, "password": "wrong", "csrfmiddlewaretoken": token},
            headers={"Referer": http.base_url + "/office/login/"},
        )
        assert page.status_code == 200
        return answer.status_code, re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", answer.text)

    # django-axes with a limit of 5: the fifth failure is itself answered with the lockout,
    # and every attempt after it too, whether or not anyone has the email.
    known = [attempt("manager@demo-studio.example") for _ in range(6)]
    nobody = f"ghost-{uuid.uuid4().hex[:6]}@office.test"  # one email nobody has, six times
    ghost = [attempt(nobody) for _ in range(6)]
    assert [s for s, _ in known] == [400] * 4 + [429] * 2
    assert [s for s, _ in ghost] == [400] * 4 + [429] * 2
    assert "Email or password is wrong." in known[0][1]
    assert "Too many failed sign-ins" in known[-1][1]
    assert known[0][1] == ghost[0][1]
    assert known[-1][1] == ghost[-1][1]
