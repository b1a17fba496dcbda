"""The booking widget as a person uses it, for the end-to-end tests (Playwright, sync API).

Every step waits for what the customer would wait for (a heading, a button, a message),
never for a fixed time. Locators use roles and visible text where a person would, and the
widget's data attributes only where the text is a time that depends on the day.
"""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The customer's time zone in the tests; the widget asks for times in it.
CUSTOMER_TZ = "Europe/Zurich"
STEP_TIMEOUT_MS = 20_000


class WidgetPage:
    def __init__(self, page: Page, gateway_url: str) -> None:
        self.page = page
        self.gateway_url = gateway_url.rstrip("/")
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    # -- navigation --------------------------------------------------------------------

    def open(
        self, tenant: str, *, lang: str | None = None, at: datetime.datetime | None = None
    ) -> WidgetPage:
        """Opens the tenant's widget; with `at`, the browser's clock starts at that instant
        (give the booking API the same one with the booking_clock fixture)."""
        if at is not None:
            self.page.clock.install(time=at)
        query = {"tenant": tenant} | ({"lang": lang} if lang else {})
        self.page.goto(f"{self.gateway_url}/widget/?{urlencode(query)}")
        expect(self.heading).to_be_visible(timeout=STEP_TIMEOUT_MS)
        return self

    @property
    def heading(self) -> Locator:
        return self.page.locator("main h1")

    def expect_heading(self, text: str, *, timeout: float = STEP_TIMEOUT_MS) -> None:
        expect(self.heading).to_have_text(text, timeout=timeout)

    @property
    def notice(self) -> Locator:
        return self.page.locator("#notice")

    # -- keyboard ----------------------------------------------------------------------

    def focused(self, selector: str) -> bool:
        return self.page.evaluate("s => !!document.activeElement?.matches(s)", selector)

    def tab_to(self, selector: str, *, max_presses: int = 25) -> None:
        """Presses Tab until the focused element matches, as a keyboard user would."""
        for _ in range(max_presses):
            if self.focused(selector):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector!r} in {max_presses} presses")

    # -- 1. service, 2. staff, day and start -------------------------------------------

    def choose_service(self, name: str) -> None:
        self.page.locator("button.bw-service", has_text=name).click()
        self.expect_heading("Choose a date and time")

    def choose_staff(self, name: str) -> None:
        self.page.locator(".bw-staff label", has_text=name).click()
        expect(self.page.locator(".bw-staff label.is-checked", has_text=name)).to_be_visible()
        # The same render that checks the radio starts loading that person's calendar.
        expect(self.page.locator(".bw-times")).to_have_attribute(
            "data-ready", "true", timeout=STEP_TIMEOUT_MS
        )

    @property
    def slots(self) -> Locator:
        return self.page.locator("button.bw-slot")

    def wait_for_slots(self) -> Locator:
        expect(self.slots.first).to_be_visible(timeout=STEP_TIMEOUT_MS)
        return self.slots

    def offered_starts(self) -> list[str]:
        """The starts listed for the chosen day, once the list has loaded."""
        expect(self.page.locator(".bw-times")).to_have_attribute(
            "data-ready", "true", timeout=STEP_TIMEOUT_MS
        )
        return self.slots.evaluate_all("els => els.map(e => e.dataset.start)")

    def selected_date(self) -> str:
        return self.page.locator("button.bw-day.is-selected").get_attribute("data-date")

    def choose_date(self, date: str) -> None:
        """Moves month by month to the day and picks it."""
        day = self.page.locator(f'button.bw-day[data-date="{date}"]')
        times = self.page.locator(".bw-times")
        for _ in range(3):
            # The calendar settles first: it may still be moving on from a month with no
            # free day (on a month's last evening, say), and a click would skip a month.
            expect(times).to_have_attribute("data-ready", "true", timeout=STEP_TIMEOUT_MS)
            if day.count():
                break
            self.page.get_by_role("button", name="Next month").click()
        day.click()
        expect(self.page.locator(f'.bw-times[data-date="{date}"]')).to_have_attribute(
            "data-ready", "true", timeout=STEP_TIMEOUT_MS
        )

    def choose_a_later_day(self) -> str:
        """Picks the first day with free times after the selected one and answers it. Its
        first start is the tenant's opening time on a later day (07:00 or later for every
        tenant that uses this), so none runs into the past while a test waits out a hold or
        fills in a form; the selected day's first start may be a minute away."""
        selected = self.selected_date()
        for _ in range(3):
            expect(self.page.locator(".bw-times")).to_have_attribute(
                "data-ready", "true", timeout=STEP_TIMEOUT_MS
            )
            expect(self.page.locator("button.bw-day-loading")).to_have_count(0)
            days = self.page.locator("button.bw-day-available").evaluate_all(
                "els => els.map(e => e.dataset.date)"
            )
            later = [day for day in days if day > selected]
            if later:
                self.choose_date(later[0])
                return later[0]
            self.page.get_by_role("button", name="Next month").click()
        raise AssertionError(f"no day with free times after {selected} in three months")

    def slot_at(self, start: str) -> Locator:
        return self.page.locator(f'button.bw-slot[data-start="{start}"]')

    # -- 3. summary ----------------------------------------------------------------------

    def expect_summary(self) -> None:
        self.expect_heading("Your selection")
        expect(self.page.locator("#timer")).to_be_visible()

    def continue_to_details(self) -> None:
        self.page.get_by_role("button", name="Continue").click()
        self.expect_heading("Your details")

    # -- 4. details ----------------------------------------------------------------------

    def fill_details(self, *, name: str, email: str, phone: str = "", note: str = "") -> None:
        self.page.get_by_role("textbox", name="Full name").fill(name)
        self.page.get_by_role("textbox", name="Email").fill(email)
        if phone:
            self.page.get_by_role("textbox", name="Phone").fill(phone)
        if note:
            self.page.get_by_role("textbox", name="Note (optional)").fill(note)

    def submit(self, button_name: str) -> None:
        self.page.get_by_role("button", name=re.compile(button_name)).click()

    # -- 5. code, 6. card ------------------------------------------------------------------

    def enter_code(self, code: str) -> None:
        field = self.page.get_by_role("textbox", name="Code")
        field.fill(code)
        self.page.get_by_role("button", name="Confirm", exact=True).click()

    def fill_card(self, number: str, *, month: str = "12", year: str = "34", cvc: str = "123"):
        """localstripe's fake card element: plain inputs named by their placeholders."""
        card = self.page.locator("#bw-card")
        card.get_by_placeholder("number").fill(number)
        card.get_by_placeholder("exp_month").fill(month)
        card.get_by_placeholder("exp_year").fill(year)
        card.get_by_placeholder("cvc").fill(cvc)
        card.get_by_placeholder("postal_code").fill("8001")

    # -- 7. confirmation -------------------------------------------------------------------

    def expect_booked(self, *, timeout: float = 75_000) -> None:
        self.expect_heading("You are booked", timeout=timeout)

    def recap(self) -> dict[str, str]:
        rows = self.page.locator(".bw-recap .bw-recap-row")
        result = {}
        for i in range(rows.count()):
            row = rows.nth(i)
            label, value = (row.locator(tag).inner_text() for tag in ("dt", "dd"))
            # Money and dates are formatted with no-break spaces.
            result[label.strip()] = " ".join(value.replace("\xa0", " ").split())
        return result

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


def unique_email(label: str) -> str:
    """An address no client of the demo tenant has yet (so no code is asked for)."""
    return f"{label}-{uuid.uuid4().hex[:8]}@example.com"
