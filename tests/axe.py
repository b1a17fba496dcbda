"""axe-core (the pinned build vendored under tests/vendor) run in a Playwright page."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now. The office's CSP
    (script-src 'self') refuses an injected inline <script>, so axe is evaluated through the
    DevTools protocol (page.evaluate), which a page's CSP does not govern."""
    result = page.evaluate(
        "async () => {\n"
        + AXE.read_text()
        + "\n;return await axe.run(document, {resultTypes: ['violations']});\n}"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
