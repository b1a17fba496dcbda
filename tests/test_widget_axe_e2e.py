"""axe-core on every step of the booking widget, in headless Chromium through nginx: service,
date and time, summary (held), details, the emailed code, confirmation, and a cart of two
services. No serious or critical violation on any of them (issues 10, 14)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.axe import axe_violations
from tests.widget_pages import STEP_TIMEOUT_MS, unique_email

pytestmark = pytest.mark.browser


def test_every_widget_step_has_no_serious_or_critical_axe_violation(
    open_widget, demo, http, hold_slot, mailbox, artifacts_dir
):
    # A known email: the widget then asks for the code it sends, so that step is seen too.
    email = unique_email("axe")
    _, cart = hold_slot(demo.consultation)
    first = http.post(
        f"/api/booking/v1/public/{demo.slug}/bookings",
        json={"client": {"name": "Axel Axe", "email": email}, "payment": "none"},
        headers={"X-Cart-Token": cart, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert first.status_code == 201, first.text
    mailbox.wait_for(to=email, timeout=60)
    mailbox.mark()

    shots = artifacts_dir / "widget"
    shots.mkdir(parents=True, exist_ok=True)
    found: dict[str, list] = {}

    def check(step: str) -> None:
        widget.page.screenshot(path=shots / f"axe-{step}.png", full_page=True)
        found[step] = axe_violations(widget.page)

    widget = open_widget(demo.slug)
    widget.expect_heading("Choose a service")
    check("service")
    widget.choose_service("Consultation")
    widget.wait_for_slots()
    check("time")
    widget.slots.first.click()
    widget.expect_summary()
    check("summary")
    widget.continue_to_details()
    widget.fill_details(name="Axel Axe", email=email)
    check("details")
    widget.submit("Book now")
    widget.expect_heading("Check your email")
    check("code")
    widget.enter_code(mailbox.code_in(mailbox.wait_for(to=email, timeout=60)[-1]))
    widget.expect_booked()
    check("confirmation")

    assert list(found) == ["service", "time", "summary", "details", "code", "confirmation"]
    assert all(v == [] for v in found.values()), found
    assert not widget.errors, widget.errors


def test_a_cart_of_two_services_in_german_has_no_serious_or_critical_axe_violation(
    open_widget, demo, artifacts_dir
):
    """The steps a cart adds (issue 14 part 2), in German: the service list with a start held
    ("Weitere Leistung hinzufügen"), the summary of two holds with their countdowns and
    Remove buttons, the details beside the cart. Both holds are removed at the end."""
    shots = artifacts_dir / "widget"
    shots.mkdir(parents=True, exist_ok=True)
    found: dict[str, list] = {}

    def check(step: str) -> None:
        widget.page.screenshot(path=shots / f"axe-cart-{step}.png", full_page=True)
        found[step] = axe_violations(widget.page)

    widget = open_widget(demo.slug, lang="de")
    page = widget.page
    cart = page.locator("ul.bw-cart > li")

    def hold_a_start(service: str) -> None:
        page.locator("button.bw-service", has_text=service).click()
        widget.expect_heading("Datum und Uhrzeit wählen")
        free = page.locator("button.bw-slot:not(.is-held)").first
        expect(free).to_be_visible(timeout=STEP_TIMEOUT_MS)
        free.click()
        widget.expect_heading("Ihre Auswahl")

    hold_a_start("Consultation")
    page.get_by_role("button", name="Weitere Leistung hinzufügen").click()
    widget.expect_heading("Weitere Leistung hinzufügen")
    expect(page.get_by_role("button", name="Ihre Auswahl (1)")).to_be_visible()
    check("service")
    hold_a_start("Portrait session")
    expect(cart).to_have_count(2)
    expect(page.locator("[data-hold-timer]")).to_have_count(2)
    expect(page.locator(".bw-recap-total")).to_contain_text("Gesamt")
    check("summary")
    page.get_by_role("button", name="Weiter", exact=True).click()
    widget.expect_heading("Ihre Angaben")
    check("details")
    page.get_by_role("button", name="Zurück").click()
    widget.expect_heading("Ihre Auswahl")

    page.get_by_role("button", name=re.compile("^Entfernen Portrait session")).click()
    expect(cart).to_have_count(1)
    page.get_by_role("button", name=re.compile("^Entfernen Consultation")).click()
    widget.expect_heading("Leistung wählen")

    assert list(found) == ["service", "summary", "details"]
    assert all(v == [] for v in found.values()), found
    assert not widget.errors, widget.errors
