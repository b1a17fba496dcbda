"""Wiring for the webhook tests: a Business tenant with an API key, a loopback receiver."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rest_framework.test import APIClient

# The movable clock and the recording Celery app of the booking tests.
from booking.reservations.tests.conftest import clock, day, five_pm, published, service, staff  # noqa: F401
from booking.tenants.services import api_key_create
from booking.tenants.tests.factories import TenantFactory


def client_for(tenant) -> APIClient:
    _, raw_key = api_key_create(tenant=tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


@pytest.fixture
def business(db):
    return TenantFactory(slug="business-studio", plan="business", owner_email="owner@business.test")


@pytest.fixture
def business_client(business) -> APIClient:
    return client_for(business)


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_REQUIRE_HTTPS = False


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records what it receives and answers by `answers`
    (status codes, one per request, then 200), optionally after sleeping."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    sleep: float = 0.0
    on_request: Callable[[Received], None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def bodies(self) -> list[dict]:
        return [json.loads(r.body) for r in self.received]


@pytest.fixture
def receiver():
    box: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            got = Received(dict(self.headers.items()), self.rfile.read(length), self.path)
            rec = box["receiver"]
            rec.received.append(got)
            if rec.sleep:
                time.sleep(rec.sleep)
            status = rec.answers.pop(0) if rec.answers else 200
            self.send_response(status)
            if status in (301, 302, 307, 308):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    rec = Receiver(server=server)
    box["receiver"] = rec
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield rec
    server.shutdown()
    server.server_close()
