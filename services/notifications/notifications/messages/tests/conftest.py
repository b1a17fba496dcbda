"""Wiring for the notifications tests: a real SMTP server (the sink of deploy/mail_sink.py,
in this process) and real Celery worker processes started on demand."""

from __future__ import annotations

import contextlib
import email
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage as Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

SERVICE_DIR = Path(__file__).resolve().parents[3]
REPO = SERVICE_DIR.parent.parent


def _load_mail_sink():
    spec = importlib.util.spec_from_file_location("mail_sink", REPO / "deploy" / "mail_sink.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mail_sink = _load_mail_sink()
sys.path.insert(0, str(REPO / "deploy"))

from processes import WORKER, Process, command  # noqa: E402
from stack import free_port  # noqa: E402


def wait_for(condition: Callable[[], object], *, timeout: float, what: str, every=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(every)


@dataclass
class Sink:
    """An aiosmtpd server on a fixed free port that can be stopped and started again."""

    directory: Path
    port: int
    delay: float = 0.0
    _controller: Controller | None = None

    def start(self) -> None:
        handler = mail_sink.MailDirHandler(self.directory, delay=self.delay, quiet=True)
        self._controller = Controller(handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def set_delay(self, seconds: float) -> None:
        self.delay = seconds
        if self._controller is not None:
            self._controller.handler.delay = seconds

    def paths(self) -> list[Path]:
        return sorted(self.directory.glob("*.eml"))

    def messages(self) -> list[Message]:
        return [
            email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in self.paths()
        ]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages() if m["To"] == address]

    def wait_count(self, count: int, *, timeout: float = 30) -> list[Message]:
        wait_for(lambda: len(self.paths()) >= count, timeout=timeout, what=f"{count} emails")
        return self.messages()


@pytest.fixture
def sink(tmp_path) -> Iterator[Sink]:
    server = Sink(directory=tmp_path / "mail", port=free_port())
    server.directory.mkdir()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(settings, sink):
    """In-process sending through the real SMTP sink (pytest-django installs locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_TIMEOUT = 5
    return settings


# -- real workers ----------------------------------------------------------------------------

# Short limits so that recovery happens within a test's patience: a task dies after 10 s,
# its claim runs out 1 s later, and Redis hands an abandoned message out again after 14 s.
WORKER_ENV = {
    "NOTIFICATIONS_TASK_TIME_LIMIT": "10",
    "NOTIFICATIONS_TASK_SOFT_TIME_LIMIT": "8",
    "NOTIFICATIONS_CLAIM_MARGIN": "1",
    "NOTIFICATIONS_VISIBILITY_TIMEOUT": "14",
    "NOTIFICATIONS_UNACKED_RESTORE_INTERVAL": "1",
    "NOTIFICATIONS_RETRY_BACKOFF": "1",
    "NOTIFICATIONS_RETRY_BACKOFF_MAX": "2",
    "NOTIFICATIONS_MAX_RETRIES": "8",
    "EMAIL_TIMEOUT": "3",
    "LOG_LEVEL": "INFO",
}


@dataclass
class Worker:
    name: str
    queues: str
    popen: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the whole process group: the main process and its pool child."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                pass
        # A pool child may outlive its parent for a moment.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)


@dataclass
class Workers:
    database_url: str
    redis_url: str
    sink: Sink
    log_dir: Path
    started: list[Worker] = field(default_factory=list)

    def start(self, queues: str, *, name: str | None = None, **env: str) -> Worker:
        name = name or queues.split(".")[-1]
        index = len(self.started)
        log_path = self.log_dir / f"worker-{index}-{name}.log"
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        environment |= WORKER_ENV | {
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sink.port),
            "PYTHONUNBUFFERED": "1",
        }
        environment |= env
        # The command deploy/stack.py and the deployments run, on this test's queues.
        process = Process(
            name, "notifications", WORKER, tuple(queues.split(",")), f"{name}-{index}"
        )
        line = [sys.executable, "-m", *command(process, root=REPO), "--without-heartbeat"]
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                line,
                cwd=SERVICE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(name=name, queues=queues, popen=popen, log_path=log_path)
        self.started.append(worker)

        def ready():
            if popen.poll() is not None:
                raise AssertionError(f"worker {name} exited:\n{worker.log()[-3000:]}")
            return re.search(r"@\S+ ready\.", worker.log())

        wait_for(ready, timeout=60, what=f"worker {name} to be ready", every=0.2)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@pytest.fixture
def workers(transactional_db, sink, tmp_path, request) -> Iterator[Workers]:
    """Starts real `celery -A config worker` processes on this test's database and Redis."""
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL")
    if connection.vendor != "postgresql" or not redis_url:
        pytest.skip("worker tests need DATABASE_URL (PostgreSQL) and REDIS_URL")
    import redis

    # Left-over messages of an earlier run would be consumed by these workers.
    redis.Redis.from_url(redis_url).flushdb()
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )
    if settings.get("PASSWORD"):
        database_url = database_url.replace("@", f":{settings['PASSWORD']}@", 1)
    pool = Workers(database_url=database_url, redis_url=redis_url, sink=sink, log_dir=tmp_path)
    yield pool
    pool.stop_all()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        for worker in pool.started:
            sys.stderr.write(f"--- {worker.name} log:\n{worker.log()[-4000:]}\n")
    connection.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
