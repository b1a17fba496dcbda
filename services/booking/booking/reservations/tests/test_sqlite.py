"""On the embedded SQLite default, immediate transactions serialise the hold race too."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVICE_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.timeout(180)
def test_simultaneous_holds_on_sqlite_give_one_hold(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["VAR_DIR"] = str(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "booking.reservations.tests.sqlite_race"],
        cwd=SERVICE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["vendor"] == "sqlite"
    assert report["outcomes"] == {"201": 1, "409": 19}
    assert report["live"] == 1
