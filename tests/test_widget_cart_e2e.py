"""Several services in one cart (issue 14 part 2), in headless Chromium through nginx with every
real process: two services held one after the other, each with its own countdown and Remove,
booked together with one emailed code, paid with one down payment through localstripe, and
confirmed by one email that lists both appointments with one .ics event each (the stack's SMTP
sink).

Run: .venv/bin/pytest -c tests/pytest.ini tests/test_widget_cart_e2e.py
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import Gateway
from tests.widget_pages import STEP_TIMEOUT_MS, unique_email

pytestmark = pytest.mark.browser


@pytest.fixture
def two_paid_services(new_tenant, gateway_url) -> dict:
    """A tenant of its own taking payments: Portrait (CHF 120, 25% down) and Retouching
    (CHF 80, 50% down), both given by Anna every day 09:00-18:00."""
    tenant = new_tenant(timezone="Europe/Zurich")
    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        settings = admin.patch("/api/booking/v1/admin/settings", json={"payments_enabled": True})
        assert settings.status_code == 200, settings.text
        services = {}
        for name, minutes, price, percent in (
            ("Portrait", 60, 12000, 25),
            ("Retouching", 30, 8000, 50),
        ):
            created = admin.post(
                "/api/booking/v1/admin/services",
                json={
                    "name": name,
                    "duration_minutes": minutes,
                    "price_amount": price,
                    "currency": "chf",
                    "down_payment_percent": percent,
                },
            )
            assert created.status_code == 201, created.text
            services[name] = created.json()["id"]
        person = admin.post(
            "/api/booking/v1/admin/staff",
            json={"name": "Anna", "services": list(services.values())},
        )
        assert person.status_code == 201, person.text
        hours = admin.put(
            f"/api/booking/v1/admin/staff/{person.json()['id']}/working-hours",
            json={
                "intervals": [
                    {"weekday": day, "start_time": "09:00", "end_time": "18:00"} for day in range(7)
                ]
            },
        )
        assert hours.status_code in (200, 201), hours.text
    return {**tenant, "services": services, "staff": person.json()["id"]}


def seconds_left(text: str) -> int:
    minutes, seconds = re.fullmatch(r"(\d+):(\d\d)", text.strip()).groups()
    return int(minutes) * 60 + int(seconds)


def offered_to_others(http, tenant: dict, service: str, start: str) -> bool:
    """Whether a customer without this cart is offered the start (the slots of its day)."""
    day = start[:10]
    answer = http.get(
        f"/api/booking/v1/public/{tenant['slug']}/slots",
        params={"service": service, "staff": "any", "date": day, "tz": "Europe/Zurich"},
    )
    assert answer.status_code == 200, answer.text
    return any(slot["start"] == start for slot in answer.json()["slots"])


def hold_first_free_start(widget) -> str:
    """Picks the chosen day's first start this cart does not hold yet; answers its start."""
    slot = widget.page.locator("button.bw-slot:not(.is-held)").first
    expect(slot).to_be_visible(timeout=STEP_TIMEOUT_MS)
    start = slot.get_attribute("data-start")
    slot.click()
    widget.expect_summary()
    return start


def hold_service(widget, name: str, *, another: bool = False, later_day: bool = False) -> str:
    """Chooses the service (after "Add another service" when the cart holds a start already),
    holds the first free start of the day shown (with `later_day`, of the first later day
    with free times: WidgetPage.choose_a_later_day), and answers that start."""
    if another:
        widget.page.get_by_role("button", name="Add another service").click()
    widget.choose_service(name)
    if later_day:
        widget.choose_a_later_day()
    widget.wait_for_slots()
    return hold_first_free_start(widget)


def make_email_known(gateway_url, http, tenant: dict, email: str) -> None:
    """The business books the client once (without telling them), so the widget then asks the
    client for the code it emails before booking under this address."""
    day = datetime.date.today() + datetime.timedelta(days=10)
    service = tenant["services"]["Retouching"]
    slots = http.get(
        f"/api/booking/v1/public/{tenant['slug']}/slots",
        params={"service": service, "staff": "any", "date": day.isoformat(), "tz": "Europe/Zurich"},
    ).json()["slots"]
    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        booked = admin.post(
            "/api/booking/v1/admin/bookings",
            json={
                "service": service,
                "staff": tenant["staff"],
                "start": slots[-1]["start"],
                "client": {"name": "Carla Cart", "email": email},
                "notify_client": False,
            },
        )
        assert booked.status_code == 201, booked.text


def test_a_two_service_cart_is_booked_and_paid_with_one_down_payment(
    open_widget, two_paid_services, http, gateway_url, mailbox, shot
):
    tenant = two_paid_services
    email = unique_email("cart")
    make_email_known(gateway_url, http, tenant, email)
    widget = open_widget(tenant["slug"])
    cart = widget.page.locator("ul.bw-cart > li")

    widget.choose_service("Portrait")
    widget.wait_for_slots()
    portrait_start = hold_first_free_start(widget)
    expect(cart).to_have_count(1)

    # "Add another service": back to the list, the Portrait start still held and counting down.
    widget.page.get_by_role("button", name="Add another service").click()
    widget.expect_heading("Add another service")
    expect(widget.page.locator("#timer")).to_be_visible()
    widget.choose_service("Retouching")
    widget.wait_for_slots()
    retouching_start = hold_first_free_start(widget)
    expect(cart).to_have_count(2)
    expect(cart.nth(0)).to_contain_text("Portrait")
    expect(cart.nth(1)).to_contain_text("Retouching")
    expect(widget.page.locator(".bw-recap-total")).to_contain_text("CHF 200.00")
    # Each hold has its own countdown; the first one was held first, so it runs out first.
    timers = widget.page.locator("[data-hold-timer]")
    expect(timers).to_have_count(2)
    first, second = (seconds_left(t) for t in timers.all_inner_texts())
    assert 0 < first <= second, (first, second)
    assert not offered_to_others(http, tenant, tenant["services"]["Retouching"], retouching_start)

    # Remove releases that hold through the API: others are offered the start again at once,
    # and the Portrait hold stays.
    cart.nth(1).get_by_role("button", name=re.compile("^Remove Retouching")).click()
    expect(cart).to_have_count(1)
    expect(cart.nth(0)).to_contain_text("Portrait")
    deadline = time.monotonic() + 10
    while not offered_to_others(http, tenant, tenant["services"]["Retouching"], retouching_start):
        assert time.monotonic() < deadline, "the removed start was not offered again"
        time.sleep(0.25)
    retouching_start = hold_service(widget, "Retouching", another=True)
    expect(cart).to_have_count(2)

    # One booking, one code for it (the email is known), one payment: the sum of the down
    # payments (CHF 30 + CHF 40).
    widget.continue_to_details()
    widget.fill_details(name="Carla Cart", email=email)
    expect(widget.page.get_by_role("button", name="Pay CHF 200.00")).to_be_visible()
    widget.submit("Pay down payment CHF 70.00")
    widget.expect_heading("Check your email")
    [code_email] = mailbox.wait_for(to=email, subject="is your code", timeout=60)
    widget.enter_code(mailbox.code_in(code_email))
    widget.expect_heading("Payment")
    expect(widget.page.locator("main")).to_contain_text("Down payment due now: CHF 70.00")
    pay = widget.page.get_by_role("button", name="Pay CHF 70.00")
    expect(pay).to_be_enabled(timeout=20_000)
    widget.fill_card("4242424242424242")
    pay.click()

    widget.expect_booked()
    expect(widget.page.locator("main")).to_contain_text(f"A confirmation is on its way to {email}")
    recap = widget.recap()
    assert (recap["Total"], recap["Paid"], recap["Balance due"]) == (
        "CHF 200.00",
        "CHF 70.00",
        "CHF 130.00",
    )
    expect(widget.page.locator(".bw-recap-item")).to_have_count(2)

    with Gateway(gateway_url, token=tenant["api_key"]) as admin:
        deadline = time.monotonic() + 45
        while True:
            found = admin.get("/api/booking/v1/admin/bookings", params={"limit": 500}).json()
            # The cart's booking (the business's earlier one for this client has one start).
            bookings = [
                b
                for b in found["results"]
                if b["client"]["email"] == email and len(b["appointments"]) > 1
            ]
            if bookings and bookings[0]["status"] == "confirmed":
                break
            assert time.monotonic() < deadline, f"not confirmed by the webhook: {bookings}"
            time.sleep(0.5)
    [booking] = bookings
    assert (booking["amount_paid"], booking["balance_due"]) == (7000, 13000)
    assert sorted(
        (a["service_name"], datetime.datetime.fromisoformat(a["start"]))
        for a in booking["appointments"]
    ) == [
        ("Portrait", datetime.datetime.fromisoformat(portrait_start)),
        ("Retouching", datetime.datetime.fromisoformat(retouching_start)),
    ]

    # One confirmation email listing both appointments, with one .ics event each; one code
    # was ever sent.
    confirmations = mailbox.wait_for(to=email, subject="is confirmed", timeout=60)
    assert len(confirmations) == 1
    codes = [m for m in mailbox.new() if "is your code" in str(m["Subject"])]
    assert len(codes) == 1, [m["Subject"] for m in codes]
    text = mailbox.text_of(confirmations[0])
    assert "Portrait" in text and "Retouching" in text
    [ics] = [
        part.get_content()
        for part in confirmations[0].iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]
    events = Calendar.from_ical(ics).events
    assert sorted(str(e["SUMMARY"]).split(" (")[0] for e in events) == ["Portrait", "Retouching"]
    assert len({str(e["UID"]) for e in events}) == 2
    assert not widget.errors, widget.errors
    shot(widget)


def test_reloading_releases_every_start_of_the_cart(open_widget, two_paid_services, http):
    tenant = two_paid_services
    widget = open_widget(tenant["slug"])
    portrait_start = hold_service(widget, "Portrait")
    retouching_start = hold_service(widget, "Retouching", another=True)
    held = [
        (tenant["services"]["Portrait"], portrait_start),
        (tenant["services"]["Retouching"], retouching_start),
    ]
    assert not any(offered_to_others(http, tenant, *start) for start in held)

    widget.page.reload()
    widget.expect_heading("Choose a service")

    # Both starts are offered to everyone again, without waiting for the holds to run out.
    deadline = time.monotonic() + 10
    while not all(offered_to_others(http, tenant, *start) for start in held):
        assert time.monotonic() < deadline, "a start the page held is still blocked"
        time.sleep(0.25)
    expect(widget.page.locator("#timer")).to_be_hidden()
    assert not widget.errors, widget.errors


def test_when_the_first_hold_runs_out_the_whole_cart_is_let_go(open_widget, one_staff_tenant, http):
    """The booking service books a cart all or none and refuses it once a hold ran out, so
    the widget lets every start go when the first one's countdown ends (holds of 1 minute)."""
    tenant = one_staff_tenant(
        service="Quick chat",
        staff="Hanna Hold",
        opens="08:00",
        closes="18:00",
        settings={"hold_minutes": 1},
    )
    widget = open_widget(tenant["slug"])
    # A later day's starts: today's first may be a minute away and gone when the holds run out.
    first = hold_service(widget, "Quick chat", later_day=True)
    second = hold_service(widget, "Quick chat", another=True, later_day=True)
    expect(widget.page.locator("ul.bw-cart > li")).to_have_count(2)
    held = [(tenant["service"], first), (tenant["service"], second)]
    assert not any(offered_to_others(http, tenant, *start) for start in held)

    expect(widget.notice).to_contain_text("Your hold expired", timeout=90_000)
    widget.expect_heading("Choose a date and time")
    expect(widget.page.locator("#timer")).to_be_hidden()
    # The second start is free again at once, not only when its own minute ends.
    deadline = time.monotonic() + 10
    while not all(offered_to_others(http, tenant, *start) for start in held):
        assert time.monotonic() < deadline, "a start of the cart is still blocked"
        time.sleep(0.25)
    assert not widget.errors, widget.errors
