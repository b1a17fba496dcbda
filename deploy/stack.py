"""The one process supervisor: `make run`, the end-to-end tests and the benchmarks use it.

A Stack is every process of the platform on this machine: the services' gunicorns, their
Celery workers and beat, the SMTP sink, localstripe and the nginx gateway. It creates and
migrates the databases, starts the processes in their own process groups, waits until each
one is ready (or fails with the tail of its log), and stops them all again.

    with Stack(name="demo") as stack:          # free ports, PostgreSQL and Redis
        requests.get(stack.gateway_url + "/api/booking/healthz")

    Stack(name="x", postgres=None, redis_url=None)  # embedded: SQLite files, filesystem broker

What each of the platform's own processes runs is declared once, in deploy/processes.py.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import PROCESSES, STREAM, WEB, command  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SERVICES_DIR = REPO / "services"
GATEWAY_TEMPLATE = REPO / "gateway" / "nginx.conf.template"
MAIL_SINK = REPO / "deploy" / "mail_sink.py"
LOCALSTRIPE_SERVER = REPO / "deploy" / "localstripe_server.py"

# In start order: the stand-ins first, the gateway last.
ALL_COMPONENTS = ("smtp", "localstripe", *PROCESSES, "gateway")
HTTP_COMPONENTS = ("booking", "booking-live", "payments", "localstripe", "smtp", "gateway")
DJANGO_SERVICES = ("booking", "notifications", "payments")

# Development secrets: fixed so that a restarted `make run` keeps working with the data it
# made, and used only for the ones the environment (or Stack(env=...)) does not set. Never
# used in production, where each service refuses to start without real ones.
DEV_SECRETS = {
    "PLATFORM_TOKEN": "dev-platform-token",
    "PAYMENT_ORDER_SECRET": "dev-payment-order-secret",
    "STRIPE_SECRET_KEY": "sk_test_localstripe_dev",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_localstripe_dev",
    "STRIPE_WEBHOOK_SECRET": "whsec_localstripe_dev",
}

# The gateway's request limits per client address; overridable through Stack(env=...).
GATEWAY_DEFAULTS = {
    "GATEWAY_RATE_HOLDS": "10r/s",
    "GATEWAY_BURST_HOLDS": "20",
    "GATEWAY_RATE_BOOKINGS": "5r/s",
    "GATEWAY_BURST_BOOKINGS": "10",
    "GATEWAY_RATE_VERIFY": "30r/m",
    "GATEWAY_BURST_VERIFY": "10",
    "GATEWAY_RATE_RESEND": "10r/m",
    "GATEWAY_BURST_RESEND": "5",
    "GATEWAY_READ_TIMEOUT": "35s",
}

# libfaketime (Debian's faketime package) moves the booking API's clock for end-to-end
# tests of fixed dates: see Stack.move_clock.
FAKETIME_LIBRARY = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))), None)

START_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0


class StackError(RuntimeError):
    """A component did not start (or a setup step failed); the message carries its log."""


@dataclass
class _Process:
    popen: subprocess.Popen
    log_offset: int  # where this run's output starts in the component's log


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def _http_status(url: str) -> int | None:
    try:
        with urlopen(url, timeout=3) as response:
            return response.status
    except URLError as exc:
        return getattr(exc, "code", None)
    except OSError:
        return None


def _exit_on_sigterm() -> None:
    """A supervisor stopped with SIGTERM (a timeout, CI, a benchmark killed) stops its stack on
    the way out: the signal becomes SystemExit, so `with Stack(...)` and atexit run. Only in
    the main thread, and only where nobody handles SIGTERM already (deploy/run.py does)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def _service_of(component: str) -> str | None:
    process = PROCESSES.get(component)
    return process.service if process is not None else None


def _venv_bin(name: str) -> str | None:
    candidate = REPO / ".venv" / "bin" / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def _python() -> str:
    return _venv_bin("python") or sys.executable


def _nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )


class Stack:
    def __init__(
        self,
        *,
        name: str,
        components: Iterable[str] = ALL_COMPONENTS,
        postgres: str | None = "postgres://postgres@127.0.0.1:5432",
        redis_url: str | None = "redis://127.0.0.1:6379/4",
        var_dir: Path | None = None,
        ports: dict[str, int] | None = None,
        env: dict[str, str] | None = None,
        booking_workers: int = 2,
        fresh: bool = False,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        unknown = set(components) - set(ALL_COMPONENTS)
        if unknown:
            raise ValueError(f"unknown components: {sorted(unknown)}")
        self.name = name
        self.postgres = postgres.rstrip("/") if postgres else None
        self.redis_url = redis_url
        self.var_dir = Path(var_dir or REPO / "var" / "stacks" / name).resolve()
        self.extra_env = dict(env or {})
        self.booking_workers = booking_workers
        self.fresh = fresh
        self.start_timeout = start_timeout
        # Keep the canonical order whatever order the caller gave.
        wanted = set(components)
        self.components = [c for c in ALL_COMPONENTS if c in wanted]
        self._ports = dict(ports or {})
        for component in HTTP_COMPONENTS:
            if component in self.components and component not in self._ports:
                port = free_port()
                while port in self._ports.values():
                    port = free_port()
                self._ports[component] = port
        self._processes: dict[str, _Process] = {}
        self._booking_clock: datetime.datetime | None = None
        self._atexit_registered = False
        self.secrets = {
            name: self.extra_env.get(name) or os.environ.get(name) or default
            for name, default in DEV_SECRETS.items()
        }
        self.platform_token = self.secrets["PLATFORM_TOKEN"]
        self.stripe_webhook_secret = self.secrets["STRIPE_WEBHOOK_SECRET"]

    # -- addresses ---------------------------------------------------------------------

    def port(self, component: str) -> int:
        try:
            return self._ports[component]
        except KeyError:
            raise KeyError(f"{component} has no port in this stack") from None

    def url(self, component: str) -> str:
        return f"http://127.0.0.1:{self.port(component)}"

    @property
    def gateway_url(self) -> str:
        return self.url("gateway")

    @property
    def public_base_url(self) -> str:
        return self.extra_env.get("PUBLIC_BASE_URL") or (
            self.gateway_url if "gateway" in self._ports else "http://localhost:8080"
        )

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"

    def log_path(self, component: str) -> Path:
        return self.log_dir / f"{component}.log"

    def database_url(self, service: str) -> str | None:
        return f"{self.postgres}/{self.name}_{service}" if self.postgres else None

    # -- environment -------------------------------------------------------------------

    def env_for(self, service: str | None = None) -> dict[str, str]:
        """The environment of one service's processes (or of a helper when service is None)."""
        env = {
            key: value
            for key, value in os.environ.items()
            # Only this stack decides where the services' data lives.
            if key not in {"DATABASE_URL", "REDIS_URL", "VAR_DIR", "DJANGO_SETTINGS_MODULE"}
        }
        venv_bin = str(REPO / ".venv" / "bin")
        env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        env.update(
            VAR_DIR=str(self.var_dir),
            PUBLIC_BASE_URL=self.public_base_url,
            DJANGO_ENV="development",
            PYTHONUNBUFFERED="1",
            # Webhooks may point at a receiver on this machine (booking.webhooks.address_guard).
            WEBHOOK_ALLOW_LOOPBACK="1",
            **self.secrets,
        )
        if "smtp" in self._ports:
            env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(self.port("smtp")))
        if "localstripe" in self._ports:
            stripe = self.url("localstripe")
            env.update(STRIPE_API_BASE=stripe, STRIPE_JS_URL=f"{stripe}/js.stripe.com/v3/")
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        if service is not None and self.postgres:
            env["DATABASE_URL"] = self.database_url(service)
        env.update(self.extra_env)
        return env

    # -- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, *, fresh: bool | None = None) -> Stack:
        fresh = self.fresh if fresh is None else fresh
        for folder in (self.var_dir, self.log_dir, self.mail_dir, self.var_dir / "broker"):
            folder.mkdir(parents=True, exist_ok=True)
        if fresh:
            self._clear_embedded_state()
        if not self._atexit_registered:
            atexit.register(self.stop)
            _exit_on_sigterm()
            self._atexit_registered = True
        busy = [f"{c} {p}" for c, p in self._ports.items() if c in self.components and port_open(p)]
        if busy:
            raise StackError(f"ports already in use (another stack running?): {', '.join(busy)}")
        try:
            self._create_databases(fresh=fresh)
            self.migrate()
            for component in self.components:
                self._spawn(component)
            self._wait_ready(self.components)
            if "localstripe" in self.components:
                self.register_stripe_webhook()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM every process group, then SIGKILL what is left after the timeout."""
        running = list(reversed(list(self._processes)))
        for component in running:
            self._signal(component, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for component in running:
            process = self._processes[component].popen
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, deadline - time.monotonic()))
            # The group may hold children (gunicorn and Celery workers) after the leader left.
            self._signal(component, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)
            del self._processes[component]

    def start_component(self, component: str) -> None:
        if component not in self.components:
            raise StackError(f"{component} is not part of this stack")
        if self.is_running(component):
            return
        if component in self._ports and port_open(self.port(component)):
            raise StackError(f"port {self.port(component)} of {component} is already in use")
        self._spawn(component)
        self._wait_ready([component])
        if component == "localstripe" and "gateway" in self.components:
            self.register_stripe_webhook()

    def stop_component(self, component: str, timeout: float = STOP_TIMEOUT) -> None:
        if component not in self._processes:
            return
        process = self._processes[component].popen
        self._signal(component, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout)
        self._signal(component, signal.SIGKILL)
        process.wait(5)
        del self._processes[component]

    def move_clock(self, instant: datetime.datetime | None) -> None:
        """Restarts the booking API with its clock at `instant`, ticking on from there (None:
        this machine's time again), so a test can book on a fixed date: the last day of a
        month, New Year's Eve, a daylight-saving change. Only the `booking` component moves;
        its worker and beat keep the machine's time."""
        if instant is not None and FAKETIME_LIBRARY is None:
            raise StackError("libfaketime is not installed (make system-deps)")
        if instant is not None and instant.tzinfo is None:
            raise ValueError("move_clock needs an aware datetime")
        self._booking_clock = instant
        self.stop_component("booking")
        self._availability_cache_forget()
        self.start_component("booking")

    def _availability_cache_forget(self) -> None:
        """Drops the booking service's availability cache (its days and version tokens). A day
        computed under one clock counts the holds that had run out by that clock, so it is
        wrong under another: a test that moved the clock forward would leave later tests
        offered a start someone still holds. Readers recompute what is missing."""
        if self.redis_url:
            import redis

            client = redis.Redis.from_url(self.redis_url)
            stale = list(client.scan_iter(match="booking:*:av:*", count=1000))
            if stale:
                client.delete(*stale)
        else:
            shutil.rmtree(self.var_dir / "cache" / "booking", ignore_errors=True)

    def _clock_env(self) -> dict[str, str]:
        """libfaketime's variables that put a process's clock at the moved instant."""
        # A suite already run under libfaketime with an offset (FAKETIME=+N, see the README)
        # reads a moved clock here: the offset is from the real one.
        outer = (
            os.environ.get("FAKETIME", "") if "faketime" in os.environ.get("LD_PRELOAD", "") else ""
        )
        outer_offset = float(outer) if re.fullmatch(r"[+-]?\d+(\.\d+)?", outer) else 0.0
        now = datetime.datetime.now(datetime.UTC)
        offset = (self._booking_clock - now).total_seconds() + outer_offset
        return {"LD_PRELOAD": FAKETIME_LIBRARY, "FAKETIME": f"{offset:+.0f}"}

    def is_running(self, component: str) -> bool:
        process = self._processes.get(component)
        return process is not None and process.popen.poll() is None

    # -- helpers for the services ------------------------------------------------------

    def manage(
        self, service: str, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess:
        """Runs the service's manage.py with its environment, output captured; a failure
        raises StackError with the output unless check=False."""
        result = subprocess.run(
            [_python(), "manage.py", *args],
            cwd=SERVICES_DIR / service,
            env=self.env_for(service),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise StackError(
                f"manage.py {' '.join(args)} failed in services/{service} "
                f"(exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def migrate(self) -> None:
        """Migrates every present service, in parallel (each has its own database)."""
        running = {}
        for service in self._present_services():
            running[service] = subprocess.Popen(
                [_python(), "manage.py", "migrate", "--noinput"],
                cwd=SERVICES_DIR / service,
                env=self.env_for(service),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        failures = []
        for service, process in running.items():
            output, _ = process.communicate(timeout=300)
            if process.returncode != 0:
                failures.append(f"-- migrate services/{service}:\n{output[-3000:]}")
        if failures:
            raise StackError("migrations failed:\n" + "\n".join(failures))

    def register_stripe_webhook(self) -> None:
        """Points localstripe's webhooks at the payments service, through the gateway."""
        target = self.gateway_url if "gateway" in self.components else self.url("payments")
        body = urlencode(
            {
                "url": f"{target}/api/payments/v1/stripe/webhook",
                "secret": self.stripe_webhook_secret,
            }
        ).encode()
        request = Request(
            f"{self.url('localstripe')}/_config/webhooks/{self.name}", data=body, method="POST"
        )
        try:
            with urlopen(request, timeout=10) as response:
                response.read()
        except OSError as exc:
            raise StackError(f"could not register localstripe's webhook: {exc}") from exc

    # -- internals ---------------------------------------------------------------------

    def _present_services(self) -> list[str]:
        """The Django services that have a component in this stack."""
        used = {_service_of(c) for c in self.components}
        return [s for s in DJANGO_SERVICES if s in used]

    def _clear_embedded_state(self) -> None:
        for service in DJANGO_SERVICES:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    (self.var_dir / f"{service}.sqlite3{suffix}").unlink()
        for folder in ("broker", "cache", "mail"):
            shutil.rmtree(self.var_dir / folder, ignore_errors=True)
            (self.var_dir / folder).mkdir(parents=True, exist_ok=True)
        if self.redis_url:
            import redis

            # Messages left by an earlier run would name rows this run does not have.
            redis.Redis.from_url(self.redis_url).flushdb()

    def _create_databases(self, *, fresh: bool) -> None:
        if not self.postgres:
            return
        import psycopg

        try:
            connection = psycopg.connect(
                f"{self.postgres}/postgres", autocommit=True, connect_timeout=5
            )
        except psycopg.OperationalError as exc:
            raise StackError(f"PostgreSQL is not reachable at {self.postgres}: {exc}") from exc
        with connection:
            for service in self._present_services():
                database = f"{self.name}_{service}"
                if fresh:
                    connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [database]
                ).fetchone()
                if not exists:
                    connection.execute(f'CREATE DATABASE "{database}"')

    def _command(self, component: str) -> tuple[list[str], Path]:
        process = PROCESSES.get(component)
        if process is None:
            return self._helper_commands()[component](), REPO
        line = command(process, root=REPO, state_dir=self.var_dir, node_suffix=f".{self.name}")
        if process.kind == WEB:
            workers = self.booking_workers if component == "booking" else 2
            line += ["--bind", f"127.0.0.1:{self.port(component)}", "--workers", str(workers)]
        if process.kind == STREAM:
            line += ["--host", "127.0.0.1", "--port", str(self.port(component))]
        return [_python(), "-m", *line], SERVICES_DIR / process.service

    def _helper_commands(self) -> dict[str, Callable[[], list[str]]]:
        """The commands of the processes that are not the platform's own (see processes.py)."""
        return {
            "smtp": lambda: [
                *(_python(), str(MAIL_SINK), "--host", "127.0.0.1"),
                *("--port", str(self.port("smtp")), "--dir", str(self.mail_dir)),
            ],
            # --from-scratch: localstripe keeps its state in one /tmp file shared by every
            # stack of the machine; each stack starts with an empty Stripe.
            # deploy/localstripe_server.py: localstripe with Stripe's retry after a decline.
            "localstripe": lambda: [
                *(_python(), str(LOCALSTRIPE_SERVER)),
                *("--port", str(self.port("localstripe")), "--from-scratch"),
            ],
            "gateway": self._gateway_command,
        }

    def _gateway_command(self) -> list[str]:
        nginx = _nginx()
        if nginx is None:
            raise StackError("nginx is not installed: run `bash deploy/install-system-deps.sh`")
        conf = self._render_gateway()
        prefix = self.var_dir / "gateway"
        return [nginx, "-e", "stderr", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]

    def gateway_variables(self) -> dict[str, str]:
        """The values substituted into gateway/nginx.conf.template for this stack."""
        variables = dict(GATEWAY_DEFAULTS)
        variables.update({k: v for k, v in self.extra_env.items() if k in GATEWAY_DEFAULTS})
        # An upstream that is not part of the stack still needs an address: nginx then
        # answers 502 upstream_unavailable for it.
        variables.update(
            GATEWAY_LISTEN=f"127.0.0.1:{self.port('gateway')}",
            BOOKING_UPSTREAM=f"127.0.0.1:{self._ports.get('booking') or free_port()}",
            PAYMENTS_UPSTREAM=f"127.0.0.1:{self._ports.get('payments') or free_port()}",
            LIVE_UPSTREAM=f"127.0.0.1:{self._ports.get('booking-live') or free_port()}",
            GATEWAY_ROOT=str(REPO / "gateway"),
            # The same file as the process's output (both append): one log per component.
            GATEWAY_ACCESS_LOG=str(self.log_path("gateway")),
        )
        return variables

    def _render_gateway(self) -> Path:
        prefix = self.var_dir / "gateway"
        temp = prefix / "temp"
        for folder in (
            "logs",
            "temp/client_body",
            "temp/proxy",
            "temp/fastcgi",
            "temp/uwsgi",
            "temp/scgi",
        ):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
        variables = self.gateway_variables()

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            return variables[name] if name in variables else match.group(0)

        site = re.sub(r"\$\{([A-Z_][A-Z0-9_]*)\}", substitute, GATEWAY_TEMPLATE.read_text())
        (prefix / "site.conf").write_text(site)
        mime_types = Path("/etc/nginx/mime.types")
        types = (
            f"include {mime_types};"
            if mime_types.exists()
            else "types { text/html html; text/css css; application/javascript js; "
            "application/json json; image/svg+xml svg; image/png png; }"
        )
        # Running as root, nginx would switch its workers to `nobody`, who may not read the
        # checkout or write the temp folders; a local development gateway keeps the caller's user.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = prefix / "nginx.conf"
        conf.write_text(
            f"""# Generated by deploy/stack.py from gateway/nginx.conf.template; do not edit.
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 1024; }}
http {{
    {types}
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/site.conf;
}}
"""
        )
        return conf

    def metrics_port(self, component: str) -> int:
        """The port a Celery worker's pool process serves its metrics on (plumbing.metrics)."""
        key = f"{component}:metrics"
        if key not in self._ports:
            port = free_port()
            while port in self._ports.values():
                port = free_port()
            self._ports[key] = port
        return self._ports[key]

    def _metrics_env(self, component: str) -> dict[str, str]:
        if component in ("booking", "payments"):
            # gunicorn's workers add up their samples in one folder, emptied at each start.
            folder = self.var_dir / "metrics" / component
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            return {"PROMETHEUS_MULTIPROC_DIR": str(folder)}
        if component.endswith("-worker") or component.startswith("notifications-"):
            return {"METRICS_PORT": str(self.metrics_port(component)), "METRICS_ADDR": "127.0.0.1"}
        return {}

    def _spawn(self, component: str) -> None:
        command, cwd = self._command(component)
        env = self.env_for(_service_of(component))
        if component == "booking" and self._booking_clock is not None:
            env.update(self._clock_env())
        env.update(self._metrics_env(component))
        log_path = self.log_path(component)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log:
            log.write(
                f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting {component}: "
                f"{' '.join(command)}\n".encode()
            )
            offset = log.tell()
            popen = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: stop() signals gunicorn's and Celery's children too.
                start_new_session=True,
            )
        self._processes[component] = _Process(popen, offset)

    def _signal(self, component: str, sig: int) -> None:
        process = self._processes.get(component)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.popen.pid, sig)

    def _log_since_start(self, component: str) -> str:
        process = self._processes[component]
        with self.log_path(component).open("rb") as log:
            log.seek(process.log_offset)
            return log.read().decode(errors="replace")

    def log_tail(self, component: str, lines: int = 40) -> str:
        path = self.log_path(component)
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _is_ready(self, component: str) -> bool:
        if component == "booking":
            return _http_status(self.url("booking") + "/api/booking/readyz") == 200
        if component == "payments":
            return _http_status(self.url("payments") + "/api/payments/readyz") == 200
        if component in HTTP_COMPONENTS:
            return port_open(self.port(component))
        log = self._log_since_start(component)
        if component.endswith("-beat"):
            return "beat: Starting" in log or "Scheduler: Sending" in log
        # A Celery worker logs "<name>@<host> ready." once it consumes.
        return re.search(r"@\S+ ready\.", log) is not None

    def _wait_ready(self, components: Iterable[str]) -> None:
        waiting = list(components)
        deadline = time.monotonic() + self.start_timeout
        while waiting:
            for component in list(waiting):
                process = self._processes[component].popen
                if process.poll() is not None:
                    raise StackError(
                        f"{component} exited with {process.returncode} while starting; "
                        f"log {self.log_path(component)}:\n{self.log_tail(component)}"
                    )
                if self._is_ready(component):
                    waiting.remove(component)
            if not waiting:
                return
            if time.monotonic() > deadline:
                details = "\n".join(
                    f"--- {c} ({self.log_path(c)}):\n{self.log_tail(c)}" for c in waiting
                )
                raise StackError(
                    f"not ready after {self.start_timeout:.0f}s: {', '.join(waiting)}\n{details}"
                )
            time.sleep(0.2)
