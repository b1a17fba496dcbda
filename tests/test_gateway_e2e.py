"""The gateway end to end: routing, the demo tenant through nginx, limits, errors, headers."""

import datetime
import http.client
import http.server
import json
import re
import threading
import time
import uuid
import zoneinfo

import pytest

from tests.conftest import Gateway, Mailbox

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
PUBLIC = "/api/booking/v1/public"


def a_wednesday_weeks_ahead(weeks: int = 7) -> datetime.date:
    """A Wednesday far enough ahead that the other end-to-end tests do not book it."""
    day = datetime.datetime.now(ZURICH).date() + datetime.timedelta(weeks=weeks)
    return day + datetime.timedelta(days=(2 - day.weekday()) % 7)


# -- the demo tenant through nginx -------------------------------------------------------
# What a start is (working hours, breaks, days off, time zones, "any" staff) is the
# availability tests' (services/booking/booking/availability/tests/); here only the path:
# the widget's reads reach the booking service through the gateway with their parameters.


def test_the_widgets_reads_reach_the_booking_service_through_the_gateway(http, demo):
    services = http.get(f"{PUBLIC}/demo/services")
    assert services.status_code == 200
    assert {s["name"] for s in services.json()["services"]} == {"Portrait session", "Consultation"}

    staff = http.get(f"{PUBLIC}/demo/services/{demo.portrait}/staff")
    assert staff.status_code == 200
    assert sorted(s["name"] for s in staff.json()["staff"]) == ["Anna Keller", "Marco Rossi"]

    # Anna works on Wednesdays: the calendar offers the day and the slots give its starts,
    # in the time zone the customer names.
    day = a_wednesday_weeks_ahead()
    calendar = http.get(
        f"{PUBLIC}/demo/calendar",
        params={"service": demo.portrait, "staff": demo.anna, "month": f"{day:%Y-%m}"},
    )
    assert calendar.status_code == 200, calendar.text
    assert {d["date"]: d["status"] for d in calendar.json()["days"]}[day.isoformat()] == (
        "available"
    )
    slots = http.get(
        f"{PUBLIC}/demo/slots",
        params={
            "service": demo.portrait,
            "staff": demo.anna,
            "date": day.isoformat(),
            "tz": "Asia/Tokyo",
        },
    )
    assert slots.status_code == 200
    starts = slots.json()["slots"]
    assert starts
    assert {s["staff"]["id"] for s in starts} == {demo.anna}
    offsets = {datetime.datetime.fromisoformat(s["start"]).utcoffset() for s in starts}
    assert offsets == {datetime.timedelta(hours=9)}


def test_an_unknown_tenant_is_a_json_404(http):
    response = http.get(f"{PUBLIC}/no-such-tenant/services")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["code"]


def test_api_docs_and_schema_are_served_through_the_gateway(http):
    schema = http.get("/api/booking/v1/schema/")
    docs = http.get("/api/booking/v1/docs/")

    assert schema.status_code == 200
    assert "openapi" in schema.text[:200]
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


# -- the operator API --------------------------------------------------------------------


def test_an_operator_creates_a_tenant_whose_key_works(platform_http, http):
    slug = f"op-{uuid.uuid4().hex[:8]}"

    created = platform_http.post(
        "/api/booking/v1/platform/tenants",
        json={"slug": slug, "name": "Opera Studio", "plan": "basic", "timezone": "Europe/Vienna"},
    )

    assert created.status_code == 201, created.text
    api_key = created.json()["api_key"]
    settings = http.get(
        "/api/booking/v1/admin/settings", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert settings.status_code == 200
    assert settings.json()["slug"] == slug
    assert http.get(f"{PUBLIC}/{slug}/services").json()["services"] == []


def test_creating_a_tenant_needs_the_operator_token(http):
    response = http.post(
        "/api/booking/v1/platform/tenants",
        json={"slug": "sneaky", "name": "Sneaky", "plan": "enterprise", "timezone": "UTC"},
        headers={"Authorization": "Bearer not-the-token"},
    )

    assert response.status_code in (401, 403)
    assert response.json()["code"]


# -- CORS is the booking service's, passed through untouched ---------------------------


def test_cors_preflight_is_answered_from_the_tenants_allow_list(new_tenant, http):
    tenant = new_tenant()
    allowed = "https://studio.example"
    patched = http.patch(
        "/api/booking/v1/admin/settings",
        json={"allowed_origins": [allowed]},
        headers={"Authorization": f"Bearer {tenant['api_key']}"},
    )
    assert patched.status_code == 200, patched.text
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": ""}

    ok = http.options(f"{PUBLIC}/{tenant['slug']}/holds", headers={"Origin": allowed, **preflight})
    other = http.options(
        f"{PUBLIC}/{tenant['slug']}/holds", headers={"Origin": "https://evil.example", **preflight}
    )

    assert ok.status_code in (200, 204)
    assert ok.headers["Access-Control-Allow-Origin"] == allowed
    assert "," not in ok.headers["Access-Control-Allow-Origin"], "one header, not nginx's too"
    assert "Access-Control-Allow-Origin" not in other.headers


# -- request ids -------------------------------------------------------------------------


def wait_for_line(path, needle: str, timeout: float = 5) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in path.read_text(errors="replace").splitlines():
            if needle in line:
                return line
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_clients_request_id_reaches_the_booking_log_and_comes_back(http, stack, demo):
    request_id = f"e2e-{uuid.uuid4()}"

    response = http.get(f"{PUBLIC}/demo/services", headers={"X-Request-ID": request_id})

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == request_id
    assert "/public/demo/services" in wait_for_line(stack.log_path("booking"), request_id)
    assert wait_for_line(stack.log_path("gateway"), f"rid={request_id}")


def test_the_gateway_makes_a_request_id_when_the_client_sends_none_or_junk(http, stack, demo):
    plain = http.get(f"{PUBLIC}/demo/services")
    junk = http.get(f"{PUBLIC}/demo/services", headers={"X-Request-ID": "x y"})

    for response in (plain, junk):
        request_id = response.headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)
        wait_for_line(stack.log_path("booking"), f"rid={request_id}")
    assert plain.headers["X-Request-ID"] != junk.headers["X-Request-ID"]


# -- headers and limits ------------------------------------------------------------------


def test_api_answers_carry_security_headers(http, demo):
    response = http.get(f"{PUBLIC}/demo/services")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert re.search(r"\d", response.headers.get("Server", "")) is None, "no nginx version"


def test_the_widget_stays_embeddable(http):
    response = http.get("/widget/")
    if response.status_code == 404:
        pytest.skip("gateway/widget/ has no index.html yet")

    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors" not in response.headers.get("Content-Security-Policy", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_too_large_is_a_json_413(http, demo):
    response = http.post(f"{PUBLIC}/demo/holds", data=b"x" * 200_000)

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_an_unknown_path_is_a_json_404(http):
    response = http.get("/no/such/page")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def post_from(address: str, port: int, path: str, body: dict) -> tuple[int, dict, dict]:
    """POST from a given loopback source address (the gateway limits per client address)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(address, 0)
    )
    try:
        connection.request(
            "POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        raw = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        payload = (
            json.loads(raw)
            if headers.get("content-type", "").startswith("application/json")
            else {}
        )
        return response.status, headers, payload
    finally:
        connection.close()


def test_code_guessing_from_one_address_is_limited_with_a_json_429(stack, demo):
    # From 127.0.0.2 so that the other tests (from 127.0.0.1) keep their own allowance.
    path = f"{PUBLIC}/demo/bookings/{uuid.uuid4()}/verify"
    answers = [
        post_from("127.0.0.2", stack.port("gateway"), path, {"code": "000000"}) for _ in range(25)
    ]

    statuses = [status for status, _, _ in answers]
    assert statuses[0] != 429, "the first attempts reach the booking service"
    limited = [(headers, body) for status, headers, body in answers if status == 429]
    assert len(limited) >= 10, statuses
    headers, body = limited[0]
    assert body["code"] == "rate_limited"
    assert headers["retry-after"]
    # Another address is not affected.
    status, _, _ = post_from("127.0.0.1", stack.port("gateway"), path, {"code": "000000"})
    assert status != 429


def test_reads_are_never_rate_limited(http, demo):
    statuses = {http.get(f"{PUBLIC}/demo/services").status_code for _ in range(40)}

    assert statuses == {200}


# -- a service that is down --------------------------------------------------------------


def test_a_booking_service_that_is_down_is_a_json_502_and_recovers(http, stack, demo):
    stack.stop_component("booking")
    try:
        read = http.get(f"{PUBLIC}/demo/services")
        write = http.post(f"{PUBLIC}/demo/holds", json={})
    finally:
        stack.start_component("booking")

    for response in (read, write):
        assert response.status_code == 502
        assert response.json()["code"] == "upstream_unavailable"
        assert response.headers["X-Request-ID"]
    assert http.get(f"{PUBLIC}/demo/services").status_code == 200


class SlowUpstream(http.server.BaseHTTPRequestHandler):
    """A service that answers after two seconds."""

    def do_GET(self):
        time.sleep(2)
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")
        except BrokenPipeError:
            pass  # the gateway gave up first, as it should

    def log_message(self, *args):
        pass


def test_a_service_that_does_not_answer_in_time_is_a_json_504(tmp_path):
    from stack import Stack

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowUpstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway = Stack(
        name="e2e-gateway",
        components=["gateway"],
        postgres=None,
        redis_url=None,
        var_dir=tmp_path,
        ports={"booking": server.server_address[1]},
        env={"GATEWAY_READ_TIMEOUT": "1s"},
    )
    try:
        with gateway, Gateway(gateway.gateway_url) as client:
            response = client.get("/api/booking/v1/public/demo/services")
    finally:
        server.shutdown()

    assert response.status_code == 504
    assert response.json()["code"] == "upstream_timeout"


# -- the embedded defaults of `make run` -------------------------------------------------


def test_the_embedded_stack_books_and_mails_without_postgres_or_redis(tmp_path):
    """What `make run` gives a fresh machine: SQLite files and a filesystem broker."""
    from stack import Stack

    embedded = Stack(
        name="e2e-embedded",
        components=["smtp", "booking", "booking-worker", "notifications-bulk", "gateway"],
        postgres=None,
        redis_url=None,
        var_dir=tmp_path,
    )
    with embedded, Gateway(embedded.gateway_url) as client:
        demo = json.loads(embedded.manage("booking", "load_demo", "--json").stdout)
        consultation = demo["services"]["Consultation"]
        day = datetime.datetime.now(ZURICH).date() + datetime.timedelta(days=1)
        for _ in range(14):
            slots = client.get(
                f"{PUBLIC}/demo/slots", params={"service": consultation, "date": day.isoformat()}
            ).json()["slots"]
            if slots:
                break
            day += datetime.timedelta(days=1)
        hold = client.post(
            f"{PUBLIC}/demo/holds",
            json={
                "service": consultation,
                "staff": slots[0]["staff"]["id"],
                "start": slots[0]["start"],
            },
        )
        assert hold.status_code == 201, hold.text
        booking = client.post(
            f"{PUBLIC}/demo/bookings",
            headers={"X-Cart-Token": hold.json()["cart_token"]},
            json={
                "client": {"name": "Embedded Eve", "email": "eve@embedded.example", "phone": ""},
                "note": "",
                "reminder": False,
                "payment": "none",
            },
        )
        assert booking.status_code == 201, booking.text
        assert booking.json()["status"] == "confirmed"

        deadline = time.monotonic() + 30
        while len(list(embedded.mail_dir.glob("*.eml"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.25)
        recipients = sorted(
            str(Mailbox.parse(path)["To"]) for path in embedded.mail_dir.glob("*.eml")
        )

    assert (tmp_path / "booking.sqlite3").exists()
    assert any("eve@embedded.example" in to for to in recipients), recipients
    assert len(recipients) == 3, "client, photographer and owner"
