"""Backup and restore, as docs/operations.md tells an operator to do it.

The platform runs on a throwaway PostgreSQL cluster (tests/throwaway_servers.py). After some
bookings (and their emails, so the notifications database holds rows too), each service's
database is dumped with `pg_dump --format=custom`, dropped, and restored with `pg_restore`
into a second, empty throwaway cluster (another machine, as after losing the first). The
platform started on the restored cluster finds every booking through its admin API, and
every table of every database has the rows it had.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from stack import Stack  # noqa: E402  (tests/conftest.py puts deploy/ on the path)

from tests.conftest import REPO, Gateway, Mailbox
from tests.test_faults_e2e import book, free_starts
from tests.throwaway_servers import ThrowawayPostgres, ThrowawayRedis

COMPONENTS = ("smtp", "booking", "booking-worker", "notifications-bulk", "payments", "gateway")
SERVICES = ("booking", "notifications", "payments")
BOOKINGS = 4


def table_counts(url: str) -> dict[str, int]:
    """Rows in every table of the public schema."""
    with psycopg.connect(url, connect_timeout=5) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"


def admin_booking_ids(stack: Stack, api_key: str) -> set[str]:
    with Gateway(stack.gateway_url, token=api_key) as admin:
        response = admin.get("/api/booking/v1/admin/bookings", params={"limit": 500})
        assert response.status_code == 200, response.text
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        return {row["id"] for row in rows}


def platform(postgres: ThrowawayPostgres, broker: ThrowawayRedis, name: str) -> Stack:
    return Stack(
        name=name,
        components=COMPONENTS,
        postgres=postgres.url,
        redis_url=broker.url(0),
        var_dir=REPO / "var" / "e2e" / name,
        booking_workers=1,
        env={"GATEWAY_RATE_BOOKINGS": "100r/s", "GATEWAY_BURST_BOOKINGS": "100"},
    )


@pytest.mark.timeout(600)
def test_dump_drop_restore_into_a_new_cluster_finds_every_booking(tmp_path: Path):
    name = f"{os.environ.get('E2E_DB_PREFIX', 'e2e')}_backup"
    with ThrowawayRedis() as broker, ThrowawayPostgres() as first:
        stack = platform(first, broker, name)
        stack.fresh = True
        stack.start()
        try:
            mailbox = Mailbox(stack.mail_dir)
            demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
            slug, service = demo["tenant"], demo["services"]["Consultation"]
            with Gateway(stack.gateway_url) as http:
                slots = free_starts(http, slug, service, BOOKINGS, date.today() + timedelta(days=2))
            made = [
                book(
                    stack.gateway_url, slug, service, slot, f"backup-{uuid.uuid4().hex[:8]}@ex.com"
                )
                for slot in slots
            ]
            assert [m["status_code"] for m in made] == [201] * BOOKINGS, made
            booked = {m["body"]["id"] for m in made}
            assert booked <= admin_booking_ids(stack, demo["api_key"])
            # The confirmations went out, so notifications has rows of its own to restore.
            deadline = time.monotonic() + 120
            while not booked <= {str(m.get("X-Booking-Id", "")) for m in mailbox.new()}:
                assert time.monotonic() < deadline, "confirmation emails did not arrive"
                time.sleep(0.5)
        finally:
            stack.stop()

        before = {s: table_counts(stack.database_url(s)) for s in SERVICES}
        assert before["booking"]["reservations_booking"] >= BOOKINGS

        # Backup: one custom-format dump per database (what the operations guide runs).
        dumps = {}
        for service in SERVICES:
            dumps[service] = tmp_path / f"{service}.dump"
            run(
                str(first.bin / "pg_dump"),
                *("--format=custom", "--no-owner", "--no-privileges"),
                *("--file", str(dumps[service]), stack.database_url(service)),
            )
        # The disaster: the databases are gone.
        with psycopg.connect(f"{first.url}/postgres", autocommit=True) as connection:
            for service in SERVICES:
                connection.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                        sql.Identifier(f"{name}_{service}")
                    )
                )
            left = connection.execute(
                "SELECT count(*) FROM pg_database WHERE datname LIKE %s", (f"{name}_%",)
            ).fetchone()[0]
        assert left == 0

    # Restore into a new, empty cluster, then start the platform on it.
    with ThrowawayRedis() as broker, ThrowawayPostgres() as second:
        with psycopg.connect(f"{second.url}/postgres", autocommit=True) as connection:
            for service in SERVICES:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(f"{name}_{service}"))
                )
        restored = platform(second, broker, name)
        for service in SERVICES:
            run(
                str(second.bin / "pg_restore"),
                *("--exit-on-error", "--no-owner", "--no-privileges"),
                *("--dbname", restored.database_url(service), str(dumps[service])),
            )
        after = {s: table_counts(restored.database_url(s)) for s in SERVICES}
        assert after == before

        restored.start()
        try:
            assert admin_booking_ids(restored, demo["api_key"]) >= booked
            with Gateway(restored.gateway_url) as http:
                ready = http.get("/api/booking/readyz")
                assert ready.status_code == 200, ready.text
        finally:
            restored.stop()
