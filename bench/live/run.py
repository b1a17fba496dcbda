"""Live availability benchmark (issue 14 part 1): how fast a change reaches the widgets, and
how many open streams one stream process holds.

deploy/stack.py starts booking (gunicorn), booking-live (uvicorn) and nginx on PostgreSQL
database `bench_live_booking` and Redis database BENCH_LIVE_REDIS (default 15). In one run:

1. Latency through nginx: BENCH_LIVE_WATCHERS (50) SSE clients follow one day; BENCH_LIVE_CHANGES
   (40) holds and their releases are made one at a time over the public API. Per change and
   client: from just before the request is sent to the event's receipt, an upper bound of
   commit to receipt (the commit happens inside the request). p50, p95, max.
2. One browser: headless Chromium with the widget open on the day; BENCH_LIVE_BROWSER (10)
   holds and releases over the API. From just before the request to the start leaving (and
   coming back to) the widget's list: commit to redraw, upper bound. p50, p95.
3. Capacity: BENCH_LIVE_STREAMS (5,000) streams opened straight on the stream process
   (nginx's worker_connections, 1024 here, is the gateway's own limit), then one change:
   fan-out time to the last stream, the process's resident memory and CPU.

It asserts nothing: it prints figures. Run with `make bench` or
`.venv/bin/python bench/live/run.py`.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import sys
import time
from pathlib import Path

import aiohttp
import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from booking_database import percentile  # noqa: E402
from stack import Stack  # noqa: E402

REDIS_URL = os.environ.get("BENCH_LIVE_REDIS", "redis://127.0.0.1:6379/15")
WATCHERS = int(os.environ.get("BENCH_LIVE_WATCHERS", "50"))
CHANGES = int(os.environ.get("BENCH_LIVE_CHANGES", "40"))
BROWSER_CHANGES = int(os.environ.get("BENCH_LIVE_BROWSER", "10"))
STREAMS = int(os.environ.get("BENCH_LIVE_STREAMS", "5000"))


def tenant_create(stack: Stack) -> dict:
    base = stack.gateway_url
    platform = {"Authorization": f"Bearer {stack.platform_token}"}
    slug = f"live-{int(time.time())}"
    made = requests.post(
        f"{base}/api/booking/v1/platform/tenants",
        json={"slug": slug, "name": "Live bench", "plan": "professional", "timezone": "UTC"},
        headers=platform,
        timeout=20,
    )
    made.raise_for_status()
    admin = {"Authorization": f"Bearer {made.json()['api_key']}"}
    requests.patch(
        f"{base}/api/booking/v1/admin/settings",
        json={"max_live_holds_per_address": 100},
        headers=admin,
        timeout=20,
    ).raise_for_status()
    service = requests.post(
        f"{base}/api/booking/v1/admin/services",
        json={"name": "Bench", "duration_minutes": 30},
        headers=admin,
        timeout=20,
    ).json()["id"]
    staff = requests.post(
        f"{base}/api/booking/v1/admin/staff",
        json={"name": "Bea Bench", "services": [service]},
        headers=admin,
        timeout=20,
    ).json()["id"]
    requests.put(
        f"{base}/api/booking/v1/admin/staff/{staff}/working-hours",
        json={
            "intervals": [
                {"weekday": d, "start_time": "00:00", "end_time": "23:59"} for d in range(7)
            ]
        },
        headers=admin,
        timeout=20,
    ).raise_for_status()
    day = datetime.date.today() + datetime.timedelta(days=3)
    slots = requests.get(
        f"{base}/api/booking/v1/public/{slug}/slots",
        params={"service": service, "staff": staff, "date": day.isoformat(), "tz": "UTC"},
        timeout=20,
    ).json()["slots"]
    return {"slug": slug, "service": service, "staff": staff, "day": day, "slots": slots}


class Hold:
    """One hold and its release over the public API, timed from just before each request."""

    def __init__(self, base: str, tenant: dict) -> None:
        self.base, self.tenant = base, tenant
        self.session = requests.Session()

    def hold(self, start: str) -> tuple[float, dict]:
        sent = time.monotonic()
        answer = self.session.post(
            f"{self.base}/api/booking/v1/public/{self.tenant['slug']}/holds",
            json={"service": self.tenant["service"], "staff": self.tenant["staff"], "start": start},
            timeout=20,
        )
        answer.raise_for_status()
        return sent, answer.json()

    def release(self, hold: dict) -> float:
        sent = time.monotonic()
        self.session.delete(
            f"{self.base}/api/booking/v1/public/{self.tenant['slug']}/holds/{hold['id']}",
            headers={"X-Cart-Token": hold["cart_token"]},
            timeout=20,
        ).raise_for_status()
        return sent


async def follow(session: aiohttp.ClientSession, url: str, received: list, ready: asyncio.Event):
    """Reads one stream; appends (monotonic time, event id) per availability event."""
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=None)) as response:
        ready.set()
        event_id = None
        async for raw in response.content:
            line = raw.decode().rstrip("\n")
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("data: ") and event_id is not None:
                received.append((time.monotonic(), event_id))
                event_id = None


async def open_streams(url: str, count: int, session: aiohttp.ClientSession):
    logs: list[list] = []
    tasks = []
    for start in range(0, count, 250):
        batch = []
        for _ in range(min(250, count - start)):
            received: list = []
            ready = asyncio.Event()
            logs.append(received)
            tasks.append(asyncio.create_task(follow(session, url, received, ready)))
            batch.append(ready)
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in batch)), 60)
    return logs, tasks


async def wait_for_all(logs: list[list], count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while any(len(log) < count for log in logs):
        if time.monotonic() > deadline:
            raise TimeoutError("an event did not reach every stream")
        await asyncio.sleep(0.002)


async def latency(stack: Stack, tenant: dict) -> list[float]:
    url = f"{stack.gateway_url}/api/booking/v1/live/{tenant['slug']}?date={tenant['day']}"
    api = Hold(stack.gateway_url, tenant)
    samples: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        logs, tasks = await open_streams(url, WATCHERS, session)
        done = 0
        for slot in tenant["slots"][:CHANGES]:
            sent, hold = await asyncio.to_thread(api.hold, slot["start"])
            done += 1
            await wait_for_all(logs, done)
            samples += [log[done - 1][0] - sent for log in logs]
            sent = await asyncio.to_thread(api.release, hold)
            done += 1
            await wait_for_all(logs, done)
            samples += [log[done - 1][0] - sent for log in logs]
        for task in tasks:
            task.cancel()
    return samples


async def capacity(stack: Stack, tenant: dict) -> dict:
    url = f"{stack.url('booking-live')}/api/booking/v1/live/{tenant['slug']}?date={tenant['day']}"
    pid = stack._processes["booking-live"].popen.pid
    api = Hold(stack.gateway_url, tenant)
    cpu_before = process_cpu(pid)
    opened = time.monotonic()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        logs, tasks = await open_streams(url, STREAMS, session)
        open_seconds = time.monotonic() - opened
        rss = process_rss_mib(pid)
        health = requests.get(f"{stack.url('booking-live')}/api/booking/live/healthz", timeout=10)
        sent, hold = await asyncio.to_thread(api.hold, tenant["slots"][-1]["start"])
        await wait_for_all(logs, 1, timeout=60)
        arrivals = [log[0][0] - sent for log in logs]
        await asyncio.to_thread(api.release, hold)
        for task in tasks:
            task.cancel()
    return {
        "streams": health.json()["streams"],
        "open_seconds": open_seconds,
        "rss_mib": rss,
        "cpu_seconds": process_cpu(pid) - cpu_before,
        "fanout_p50": percentile(arrivals, 0.5),
        "fanout_p95": percentile(arrivals, 0.95),
        "fanout_max": max(arrivals),
    }


def browser(stack: Stack, tenant: dict) -> list[float]:
    from playwright.sync_api import sync_playwright

    from tests.widget_pages import CHROMIUM, CHROMIUM_ARGS

    api = Hold(stack.gateway_url, tenant)
    samples: list[float] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = chromium.new_context(timezone_id="UTC").new_page()
        page.goto(f"{stack.gateway_url}/widget/?tenant={tenant['slug']}")
        page.locator("button.bw-service").first.click()
        page.locator('.bw-times[data-ready="true"]').wait_for()
        day = page.locator(f'button.bw-day[data-date="{tenant["day"]}"]')
        if not day.count():
            page.get_by_role("button", name="Next month").click()
            page.locator('.bw-times[data-ready="true"]').wait_for()
        day.click()
        page.locator(f'.bw-times[data-date="{tenant["day"]}"][data-ready="true"]').wait_for()
        starts = page.locator("button.bw-slot").evaluate_all("e => e.map(x => x.dataset.start)")
        for start in starts[:BROWSER_CHANGES]:
            selector = f'button.bw-slot[data-start="{start}"]'
            sent, hold = api.hold(start)
            page.wait_for_function(f"!document.querySelector('{selector}')", polling="raf")
            samples.append(time.monotonic() - sent)
            sent = api.release(hold)
            page.wait_for_function(f"!!document.querySelector('{selector}')", polling="raf")
            samples.append(time.monotonic() - sent)
        chromium.close()
    return samples


def process_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    with Stack(
        name="bench_live",
        components=["booking", "booking-live", "gateway"],
        redis_url=REDIS_URL,
        fresh=True,
        env={
            "GATEWAY_RATE_HOLDS": "1000r/s",
            "GATEWAY_BURST_HOLDS": "1000",
            # The process refuses streams past its cap (5,000); the benchmark may ask more.
            "LIVE_MAX_STREAMS": str(max(STREAMS + WATCHERS + 10, 5000)),
        },
    ) as stack:
        tenant = tenant_create(stack)
        samples = asyncio.run(latency(stack, tenant))
        print(
            f"1. commit to SSE receipt through nginx ({WATCHERS} streams x {2 * CHANGES} "
            f"changes): p50 {ms(percentile(samples, 0.5))}, p95 {ms(percentile(samples, 0.95))}, "
            f"max {ms(max(samples))}"
        )
        redraws = browser(stack, tenant)
        print(
            f"2. commit to the widget's redraw in Chromium ({len(redraws)} changes): "
            f"p50 {ms(percentile(redraws, 0.5))}, p95 {ms(percentile(redraws, 0.95))}, "
            f"max {ms(max(redraws))}"
        )
        held = asyncio.run(capacity(stack, tenant))
        print(
            f"3. one stream process: {held['streams']} open streams (opened in "
            f"{held['open_seconds']:.1f} s), {held['rss_mib']:.0f} MiB resident, "
            f"{held['cpu_seconds']:.1f} s CPU; one change reached them all in "
            f"p50 {ms(held['fanout_p50'])}, p95 {ms(held['fanout_p95'])}, "
            f"max {ms(held['fanout_max'])}"
        )


if __name__ == "__main__":
    main()
