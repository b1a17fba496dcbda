"""Widget load benchmark (issue 14 part 4): does splitting widget.js into ES modules cost the
customer time? No build step stays only while the modules load about as fast as one file.

Three versions of gateway/widget, taken from git: the single widget.js before the split
(81542e2), the modules (HEAD, which also holds what came after, e.g. the cart of issue 14 part
2), and the modules without index.html's modulepreload links. Each
is served by a local static server (HTTP/1.1, like the gateway) and opened in headless Chromium
with the cache off and a round-trip time added by the DevTools protocol (0, 50 and 150 ms). The
figure is the time from navigation to DOMContentLoaded, which for module scripts is after the
whole import graph is fetched and evaluated; the API is not there, so the page stops at its
error message right after. Median of BENCH_WIDGET_RUNS (7) loads each.

It asserts nothing: it prints figures. Run: .venv/bin/python bench/widget_load/run.py
"""

from __future__ import annotations

import functools
import io
import os
import statistics
import subprocess
import tarfile
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("BENCH_WIDGET_RUNS", "7"))
RTTS_MS = (0, 50, 150)
BEFORE_SPLIT = "81542e2"
CHROMIUM = "/usr/bin/chromium"


def widget_at(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "gateway/widget"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "gateway" / "widget"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    # The page is closed as soon as it has loaded; its later requests' broken pipes are noise.
    def handle_error(self, request, client_address) -> None:
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def load(browser, url: str, rtt_ms: int) -> tuple[float, int, int]:
    """(ms to DOMContentLoaded, scripts fetched, their bytes) of one cold load."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": rtt_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.goto(url, wait_until="domcontentloaded")
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " const s = performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js'));"
        " return [n.domContentLoadedEventEnd - n.startTime, s.length,"
        " s.reduce((t, r) => t + r.decodedBodySize, 0)]; }"
    )
    context.close()
    return timing[0], timing[1], timing[2]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one_file = widget_at(BEFORE_SPLIT, tmp / "one")
        modules = widget_at("HEAD", tmp / "modules")
        no_preload = widget_at("HEAD", tmp / "no-preload")
        index = no_preload / "index.html"
        index.write_text(
            "".join(
                line
                for line in index.read_text().splitlines(keepends=True)
                if "modulepreload" not in line and "fetched at once" not in line
            )
        )
        versions = {
            f"one widget.js ({BEFORE_SPLIT})": one_file,
            "modules, modulepreload (HEAD)": modules,
            "modules, no modulepreload": no_preload,
        }
        servers = {name: serve(folder) for name, folder in versions.items()}
        print(f"median of {RUNS} cold loads, navigation to DOMContentLoaded (ms)")
        print(
            f"{'version':40} {'scripts':>7} {'KiB':>6} "
            + " ".join(f"{r:>4}ms RTT" for r in RTTS_MS)
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, server in servers.items():
                url = f"http://127.0.0.1:{server.server_address[1]}/index.html?tenant=bench"
                cells = []
                for rtt in RTTS_MS:
                    runs = [load(browser, url, rtt) for _ in range(RUNS)]
                    cells.append(statistics.median(r[0] for r in runs))
                scripts, size = runs[-1][1], runs[-1][2]
                print(
                    f"{name:40} {scripts:>7} {size / 1024:>6.1f} "
                    + " ".join(f"{ms:>10.0f}" for ms in cells)
                )
            browser.close()
        for server in servers.values():
            server.shutdown()


if __name__ == "__main__":
    main()
