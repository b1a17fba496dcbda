"""Proof-of-work challenge benchmark: what a hold past half of an address's cap costs a
customer (issue 16).

The widget's own solver (gateway/widget/js/challenge.js with the vendored altcha-lib, in Web
Workers, one per core up to 4) runs in headless Chromium on challenges made by the server's library (PyPI
altcha, the same parameters as booking.reservations.challenge) at several difficulties,
the service's default first (HOLD_CHALLENGE_MAX_NUMBER, 20000). The widget files are
served by a small local HTTP server, so only Chromium is needed.

The customer's added delay for such a hold is the solve time plus one extra round trip
(the first POST /holds answers 403 challenge_required with the challenge). Prints p50, p90
and max of the solve time per difficulty (BENCH_CHALLENGES each, default 40), the round
trip of a refused hold is a few milliseconds on top, and the server's cost to verify a
solution. A phone's CPU is some 3-5 times slower than this machine's.

It asserts nothing: it prints figures. Run with `make bench` or
`.venv/bin/python bench/challenge/run.py`.
"""

import functools
import http.server
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import altcha

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booking_database import percentile  # noqa: E402

WIDGET = REPO / "gateway" / "widget"
CHALLENGES = int(os.environ.get("BENCH_CHALLENGES", "40"))
DEFAULT_MAX = int(os.environ.get("HOLD_CHALLENGE_MAX_NUMBER", "20000"))
DIFFICULTIES = [DEFAULT_MAX] + [n for n in (10_000, 50_000, 100_000) if n != DEFAULT_MAX]
KEY = "bench-hold-challenge-key"

PAGE = b"""<!doctype html><meta charset="utf-8"><title>challenge bench</title>
<script type="module">
import { solveChallenge } from "/js/challenge.js";
window.solveAll = async (challenges) => {
  const took = [];
  for (const challenge of challenges) {
    const solved = await solveChallenge(challenge);
    if (!solved) throw new Error("unsolved");
    took.push(solved.took);
  }
  return took;
};
window.ready = true;
</script>"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/bench.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def challenges(max_number: int) -> list[dict]:
    made = []
    for _ in range(CHALLENGES):
        challenge = altcha.create_challenge_v1(
            algorithm="SHA-256", max_number=max_number, hmac_key=KEY, params={"t": "bench"}
        )
        made.append(challenge.to_dict())
    return made


def verify_cost() -> float:
    """Microseconds the server spends to check one solution (p50)."""
    challenge = altcha.create_challenge_v1(max_number=1000, hmac_key=KEY)
    solution = altcha.solve_challenge_v1(challenge)
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    runs = []
    for _ in range(2000):
        started = time.perf_counter()
        ok, _ = altcha.verify_solution_v1(payload, KEY, True)
        runs.append((time.perf_counter() - started) * 1e6)
        assert ok
    return statistics.median(runs)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.widget_pages import CHROMIUM, CHROMIUM_ARGS

    handler = functools.partial(Handler, directory=str(WIDGET))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bench.html"
    print(f"challenge solve time in Chromium (Web Workers, {CHALLENGES} challenges each)")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function("window.ready === true")
            page.evaluate("c => window.solveAll(c)", challenges(1000))  # warm up the worker
            for max_number in DIFFICULTIES:
                took = sorted(page.evaluate("c => window.solveAll(c)", challenges(max_number)))
                label = " (the service's default)" if max_number == DEFAULT_MAX else ""
                print(
                    f"  maxNumber {max_number:>7}{label}: p50 {percentile(took, 0.5):6.0f} ms  "
                    f"p90 {percentile(took, 0.9):6.0f} ms  max {max(took):6.0f} ms"
                )
            browser.close()
    finally:
        server.shutdown()
    print(f"server: verifying a solution takes {verify_cost():.0f} us (p50)")


if __name__ == "__main__":
    main()
