"""axe-core on every step of the booking widget, in headless Chromium through nginx: service,
date and time, summary (held), details, the emailed code, confirmation. No serious or
critical violation on any of them (issue 10)."""

from __future__ import annotations

import uuid

import pytest

from tests.axe import axe_violations
from tests.widget_pages import unique_email

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
