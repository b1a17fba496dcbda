"""End-to-end wiring: the whole platform started once per session, reached through nginx.

Fixtures other end-to-end tests build on:
  stack          the running deploy/stack.py Stack (logs: stack.log_path(component))
  demo           the demo tenant from load_demo: slug, api_key, service and staff ids
  gateway_url    http://127.0.0.1:<port> of nginx
  http           a requests session against the gateway (relative paths, default timeout)
  admin_http     the same, authenticated with the demo tenant's API key
  platform_http  the same, authenticated with the operator token
  new_tenant     creates a tenant of its own through the platform API (isolated data)
  one_staff_tenant  the same, with one service and one staff member open every day
  find_slot      the first offered start of a service through the public API
  hold_slot      holds such a start of a demo service (the next one if it was just taken)
  booking_clock  moves the booking API's clock to a given instant for one test
  mailbox        the .eml files the SMTP sink writes, with waiting for new ones

Environment: E2E_POSTGRES (server URL, default TEST_PG or postgres://postgres@127.0.0.1:5432),
E2E_DB_PREFIX (default "e2e": databases e2e_booking, ...; dropped and created afresh),
E2E_REDIS_URL (default redis://127.0.0.1:6379/4; flushed at start), E2E_COMPONENTS
(comma-separated subset of deploy.stack.ALL_COMPONENTS; default all present).
"""

from __future__ import annotations

import datetime
import email
import email.policy
import json
import os
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy"))

from stack import ALL_COMPONENTS, Stack  # noqa: E402

ARTIFACTS = REPO / "artifacts"


class Gateway(requests.Session):
    """A requests session whose relative paths go to the gateway, with a default timeout."""

    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 20) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        if url.startswith("/"):
            url = self.base_url + url
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class DemoTenant:
    slug: str
    api_key: str
    services: dict[str, str]
    staff: dict[str, str]

    @property
    def portrait(self) -> str:
        return self.services["Portrait session"]

    @property
    def consultation(self) -> str:
        return self.services["Consultation"]

    @property
    def anna(self) -> str:
        """Monday to Friday, 09:00-12:00 and 13:00-17:00 (Europe/Zurich)."""
        return self.staff["Anna Keller"]

    @property
    def marco(self) -> str:
        """Tuesday to Saturday, 10:00-18:30; on vacation all of next week."""
        return self.staff["Marco Rossi"]


class Mailbox:
    """The SMTP sink's .eml files. Only messages that arrived after `mark()` count as new."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: set[Path] = set()
        self.mark()

    def mark(self) -> None:
        self._seen = set(self._files())

    def _files(self) -> list[Path]:
        if not self.folder.exists():
            return []
        return sorted(self.folder.rglob("*.eml"), key=lambda p: (p.stat().st_mtime, p.name))

    @staticmethod
    def parse(path: Path) -> EmailMessage:
        return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)

    def new(self) -> list[EmailMessage]:
        return [self.parse(path) for path in self._files() if path not in self._seen]

    def wait_for(
        self,
        *,
        to: str | None = None,
        subject: str | None = None,
        count: int = 1,
        timeout: float = 30,
    ) -> list[EmailMessage]:
        """New messages to `to` (and with `subject` in the subject), once there are `count`."""

        def matching() -> list[EmailMessage]:
            found = []
            for message in self.new():
                recipients = ",".join(str(message.get(h, "")) for h in ("To", "Cc"))
                if to and to.lower() not in recipients.lower():
                    continue
                if subject and subject.lower() not in str(message.get("Subject", "")).lower():
                    continue
                found.append(message)
            return found

        deadline = time.monotonic() + timeout
        while True:
            found = matching()
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} new message(s) to={to!r} subject~{subject!r} within "
                    f"{timeout}s, got {len(found)}; new in {self.folder}: "
                    f"{[(m['To'], m['Subject']) for m in self.new()]}"
                )
            time.sleep(0.25)

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        """The plain-text body (or the HTML one when there is no plain text)."""
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""

    @staticmethod
    def code_in(message: EmailMessage) -> str:
        """The first 4-8 digit number in the body: the verification code."""
        match = re.search(r"\b(\d{4,8})\b", Mailbox.text_of(message))
        if match is None:
            raise AssertionError(f"no code in the message {message['Subject']!r}")
        return match.group(1)


def _components() -> list[str]:
    wanted = os.environ.get("E2E_COMPONENTS")
    if not wanted:
        return list(ALL_COMPONENTS)
    return [c.strip() for c in wanted.split(",") if c.strip()]


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    prefix = os.environ.get("E2E_DB_PREFIX", "e2e")
    postgres = os.environ.get("E2E_POSTGRES") or os.environ.get(
        "TEST_PG", "postgres://postgres@127.0.0.1:5432"
    )
    running = Stack(
        name=prefix,
        components=_components(),
        postgres=postgres,
        redis_url=os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/4"),
        var_dir=REPO / "var" / "e2e" / prefix,
        fresh=True,
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def booking_clock(stack: Stack) -> Iterator[Callable[[datetime.datetime], None]]:
    """booking_clock(instant): the booking API's clock runs from `instant` (libfaketime) for
    this test, and from the machine's time again afterwards. Pair it with a browser clock at
    the same instant (open_widget(..., at=instant)) for tests of a fixed date."""
    moved = False

    def move(instant: datetime.datetime) -> None:
        nonlocal moved
        moved = True
        stack.move_clock(instant)

    yield move
    if moved:
        stack.move_clock(None)


def load_demo(stack: Stack) -> dict:
    """load_demo's JSON, with the demo tenant's caps per client address lifted: every test's
    customer calls from 127.0.0.1, so tests of other things must never meet the caps (issue
    16); tests/test_abuse_e2e.py tests them on tenants of its own."""
    loaded = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
    if loaded["api_key"]:
        lifted = requests.patch(
            f"{stack.gateway_url}/api/booking/v1/admin/settings",
            json={"max_live_holds_per_address": 100, "max_bookings_per_address_per_day": 1000},
            headers={"Authorization": f"Bearer {loaded['api_key']}"},
            timeout=20,
        )
        assert lifted.status_code == 200, lifted.text
    return loaded


@pytest.fixture(scope="session")
def demo(stack: Stack) -> DemoTenant:
    loaded = load_demo(stack)
    assert loaded["api_key"], "the e2e databases are fresh, so load_demo must create the tenant"
    return DemoTenant(
        slug=loaded["tenant"],
        api_key=loaded["api_key"],
        services=loaded["services"],
        staff=loaded["staff"],
    )


@pytest.fixture(scope="session")
def gateway_url(stack: Stack) -> str:
    return stack.gateway_url


@pytest.fixture(scope="session")
def mail_dir(stack: Stack) -> Path:
    return stack.mail_dir


@pytest.fixture
def http(gateway_url: str) -> Iterator[Gateway]:
    with Gateway(gateway_url) as session:
        yield session


@pytest.fixture
def admin_http(gateway_url: str, demo: DemoTenant) -> Iterator[Gateway]:
    with Gateway(gateway_url, token=demo.api_key) as session:
        yield session


@pytest.fixture
def platform_http(gateway_url: str, stack: Stack) -> Iterator[Gateway]:
    with Gateway(gateway_url, token=stack.platform_token) as session:
        yield session


@pytest.fixture
def new_tenant(platform_http: Gateway) -> Callable[..., dict]:
    """Creates a tenant through the platform API; answers its JSON (slug, api_key, ...)."""

    def create(*, plan: str = "professional", timezone: str = "Europe/Zurich", **fields) -> dict:
        slug = fields.pop("slug", f"t-{uuid.uuid4().hex[:10]}")
        response = platform_http.post(
            "/api/booking/v1/platform/tenants",
            json={"slug": slug, "name": f"Tenant {slug}", "plan": plan, "timezone": timezone}
            | fields,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.fixture
def one_staff_tenant(new_tenant: Callable[..., dict], gateway_url: str) -> Callable[..., dict]:
    """A tenant of its own with one service and one staff member giving it every day from
    `opens` to `closes`; answers the tenant's JSON plus the `service` and `staff` ids."""

    def create(
        *, service: str, staff: str, opens: str, closes: str, settings: dict | None = None
    ) -> dict:
        tenant = new_tenant(timezone="Europe/Zurich")
        with Gateway(gateway_url, token=tenant["api_key"]) as admin:
            if settings:
                changed = admin.patch("/api/booking/v1/admin/settings", json=settings)
                assert changed.status_code == 200, changed.text
            created = admin.post(
                "/api/booking/v1/admin/services", json={"name": service, "duration_minutes": 30}
            )
            assert created.status_code == 201, created.text
            service_id = created.json()["id"]
            person = admin.post(
                "/api/booking/v1/admin/staff", json={"name": staff, "services": [service_id]}
            )
            assert person.status_code == 201, person.text
            staff_id = person.json()["id"]
            hours = admin.put(
                f"/api/booking/v1/admin/staff/{staff_id}/working-hours",
                json={
                    "intervals": [
                        {"weekday": day, "start_time": opens, "end_time": closes}
                        for day in range(7)
                    ]
                },
            )
            assert hours.status_code in (200, 201), hours.text
        return {**tenant, "service": service_id, "staff": staff_id}

    return create


@pytest.fixture
def find_slot(http: Gateway, demo: DemoTenant) -> Callable[..., dict]:
    """The first offered start of a service from `after` on (default tomorrow), as the API
    answers it (start, end, staff, ...); searches up to `days` days."""

    def find(
        service: str,
        *,
        staff: str = "any",
        tenant: str | None = None,
        after: datetime.date | None = None,
        days: int = 60,
        tz: str = "Europe/Zurich",
    ) -> dict:
        tenant = tenant or demo.slug
        day = after or datetime.date.today() + datetime.timedelta(days=1)
        for _ in range(days):
            response = http.get(
                f"/api/booking/v1/public/{tenant}/slots",
                params={"service": service, "staff": staff, "date": day.isoformat(), "tz": tz},
            )
            assert response.status_code == 200, response.text
            slots = [s for s in response.json()["slots"] if not s.get("held_by_you")]
            if slots:
                return slots[0]
            day += datetime.timedelta(days=1)
        raise AssertionError(f"no free start for {service} ({staff}) in {days} days")

    return find


@pytest.fixture
def hold_slot(http: Gateway, demo: DemoTenant, find_slot) -> Callable[..., tuple[dict, str]]:
    """Holds the first free start of a demo service from `after` on (the next one when another
    test took it in between); answers the slot and the hold's cart token."""

    def hold(
        service: str, *, staff: str = "any", after: datetime.date | None = None
    ) -> tuple[dict, str]:
        for _ in range(5):
            slot = find_slot(service, staff=staff, after=after)
            response = http.post(
                f"/api/booking/v1/public/{demo.slug}/holds",
                json={"service": service, "staff": slot["staff"]["id"], "start": slot["start"]},
            )
            if response.status_code == 201:
                return slot, response.json()["cart_token"]
            assert response.status_code == 409, response.text
        raise AssertionError(f"no start of {service} ({staff}) could be held")

    return hold


@pytest.fixture
def mailbox(mail_dir: Path) -> Mailbox:
    return Mailbox(mail_dir)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed end-to-end test shows the end of every process's log beside it."""
    report = yield
    if report.failed and call.when in ("setup", "call"):
        running = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
        if isinstance(running, Stack):
            for component in running.components:
                report.sections.append((f"log tail: {component}", running.log_tail(component, 15)))
    return report


# The browser: one sync Playwright per test run, shared by every browser test file.


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.widget_pages import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make system-deps)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_page(browser, gateway_url: str):
    """browser_page(): a new customer (own browser context, so own cart) on a blank widget page."""
    from tests.widget_pages import CUSTOMER_TZ, STEP_TIMEOUT_MS, WidgetPage

    contexts = []

    def open_(*, width: int = 1100, locale: str = "en-GB") -> WidgetPage:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, timezone_id=CUSTOMER_TZ, locale=locale
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return WidgetPage(context.new_page(), gateway_url)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def open_widget(browser_page):
    """open_widget(tenant): a new customer with the tenant's widget open."""

    def open_(tenant: str, *, width: int = 1100, locale: str = "en-GB", **kwargs):
        return browser_page(width=width, locale=locale).open(tenant, **kwargs)

    return open_


@pytest.fixture
def shot(artifacts_dir: Path, request):
    """shot(widget) or shot(widget, "loser") -> artifacts/widget/<test>[-<suffix>].png"""

    def save(widget, suffix: str = "") -> Path:
        return widget.screenshot(save.path(suffix))

    def path(suffix: str = "") -> Path:
        name = request.node.name + (f"-{suffix}" if suffix else "")
        target = artifacts_dir / "widget" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    save.path = path
    return save
