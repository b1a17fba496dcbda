"""The summary of a py-spy recording of bench/holds/run.py (BENCH_PROFILE=<name>).

Reads the collapsed stacks py-spy wrote (bench/holds/profiles/<name>.txt, not committed: some
MB) and prints, for the samples under gunicorn's `handle_request`, each frame's share
inclusive (the request spent that long in it or below), then the innermost frames' shares
(where the time is spent itself). `.venv/bin/python bench/holds/summarize.py <name>`
writes bench/holds/profiles/<name>-summary.txt.
"""

import re
import sys
from collections import Counter
from pathlib import Path

PROFILES = Path(__file__).resolve().parent / "profiles"
SHOWN, INNERMOST = 80, 30


def frame_name(frame: str) -> str:
    """`handle_request (gunicorn/workers/sync.py:136)` -> `handle_request (sync.py)`."""
    return re.sub(r" \((?:.*/)?([^/:]+)(?::\d+)?\)$", r" (\1)", frame)


def summary(collapsed: Path) -> str:
    inclusive: Counter = Counter()
    innermost: Counter = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        at = next((i for i, frame in enumerate(frames) if "handle_request" in frame), None)
        if at is None or at + 1 == len(frames):
            continue
        names = [frame_name(frame) for frame in frames[at + 1 :]]
        total += int(count)
        for name in set(names):
            inclusive[name] += int(count)
        innermost[names[-1]] += int(count)
    lines = [f"samples under handle_request: {total}"]
    lines += [f"{100 * n / total:5.1f}% {name}" for name, n in inclusive.most_common(SHOWN)]
    lines.append("--- innermost")
    lines += [f"{100 * n / total:5.1f}% {name}" for name, n in innermost.most_common(INNERMOST)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    name = sys.argv[1]
    text = summary(PROFILES / f"{name}.txt")
    (PROFILES / f"{name}-summary.txt").write_text(text)
    print(text, end="")
