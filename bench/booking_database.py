"""What every benchmark of the booking service needs: its own fresh database, and percentiles.

A benchmark imports this first: it points the booking service's settings at the
benchmark's database and Redis, and makes the service and deploy/stack.py importable.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOOKING = REPO / "services" / "booking"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def use_booking_database(database: str, redis_url: str) -> str:
    """Points this process at a benchmark's own database; answers its DATABASE_URL."""
    database_url = f"{PG}/{database}"
    os.environ.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        VAR_DIR=str(REPO / "var" / "stacks" / database),
    )
    sys.path[:0] = [str(BOOKING), str(REPO / "deploy")]
    return database_url


def recreate_booking_database(database: str) -> None:
    """Drops and creates the benchmark's database, then migrates it."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BOOKING,
        check=True,
        stdout=subprocess.DEVNULL,
        env=os.environ,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
