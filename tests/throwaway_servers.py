"""A private redis-server and PostgreSQL cluster on free ports, in a temporary folder, that a
fault test (or bench/outbox) may kill and start again without touching the machine's own.

    with ThrowawayPostgres() as pg, ThrowawayRedis() as broker:
        Stack(name="x", postgres=pg.url, redis_url=broker.url(0), ...)
        broker.kill()      # SIGKILL, as a crash would
        broker.start()     # same port, same append-only file
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))

from stack import free_port, port_open  # noqa: E402

START_TIMEOUT = 30.0

# The servers keep this machine's clock, as the shared PostgreSQL and Redis do when
# `make test-at` moves the clock of every process the tests start (libfaketime).
SERVER_ENV = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}


def _wait(predicate, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {timeout:.0f}s")
        time.sleep(0.1)


class ThrowawayRedis:
    """redis-server with an append-only file fsynced on every write: what a broker must have,
    so that a message it accepted survives its own crash."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="throwaway-redis-"))
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115 - the server owns it
        self.process = subprocess.Popen(
            [
                *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--dir", str(self.folder), "--save", ""),
                *("--appendonly", "yes", "--appendfsync", "always"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=SERVER_ENV,
        )
        _wait(lambda: port_open(self.port), "redis-server")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final save; only what the append-only file holds."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> ThrowawayRedis:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


class ThrowawayPostgres:
    """A cluster made by initdb in a temporary folder (as the postgres user when run as root,
    since PostgreSQL refuses to run as root), trusting local connections."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL's initdb is not installed (/usr/lib/postgresql)")
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="throwaway-pg-"))
        self.data = self.folder / "data"
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._initialised = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.as_postgres, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=SERVER_ENV,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        if not self._initialised:
            self._run(
                str(self.bin / "initdb"),
                *("-D", str(self.data), "-U", "postgres", "--auth=trust"),
                *("--encoding=UTF8", "--no-sync"),
            )
            self._initialised = True
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.folder / "postgres.log")),
            *("-o", options, "-w", "-t", str(int(START_TIMEOUT)), "start"),
        )

    def stop(self, mode: str = "fast") -> None:
        """Stops the server: every connection drops, as in a restart or a crash (mode
        immediate)."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.remove()
