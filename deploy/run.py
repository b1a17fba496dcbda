"""`make run`: every process of the platform on fixed ports, with the demo tenant loaded.

Data lives under var/ (SQLite files and a filesystem broker) unless DATABASE_URL and
REDIS_URL are set; then PostgreSQL (databases dev_booking, dev_notifications, dev_payments on
that server, created when missing) and Redis are used. Ctrl-C stops everything.
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import ALL_COMPONENTS, DEV_SECRETS, REPO, Stack, StackError  # noqa: E402

PORTS = {"gateway": 8080, "booking": 8001, "payments": 8002, "localstripe": 8420, "smtp": 8025}
PUBLIC_URL = "http://localhost:8080"


def postgres_server(database_url: str) -> str:
    """The server part of DATABASE_URL; each service gets its own database there."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit(f"DATABASE_URL must be a PostgreSQL URL, got {parts.scheme}://")
    return f"{parts.scheme}://{parts.netloc}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only",
        help="comma-separated components to run (default: all): " + ",".join(ALL_COMPONENTS),
    )
    args = parser.parse_args()
    components = args.only.split(",") if args.only else ALL_COMPONENTS
    database_url = os.environ.get("DATABASE_URL", "")
    stack = Stack(
        name="dev",
        components=components,
        postgres=postgres_server(database_url) if database_url else None,
        redis_url=os.environ.get("REDIS_URL") or None,
        var_dir=REPO / "var",
        ports=PORTS,
        env={"PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or PUBLIC_URL},
    )
    # Ctrl-C and `kill` both end in stack.stop() through the finally below.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(0))
    storage = "PostgreSQL" if stack.postgres else f"SQLite files in {stack.var_dir}"
    broker = "Redis" if stack.redis_url else f"a filesystem broker in {stack.var_dir / 'broker'}"
    print(f"Starting {', '.join(stack.components)}\n  data: {storage}; broker: {broker}")
    try:
        stack.start()
        demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
        print_welcome(stack, demo)
        watch(stack)
    except StackError as exc:
        print(f"\nmake run failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping...")
        stack.stop()
        print("Stopped.")
    return 0


def print_welcome(stack: Stack, demo: dict) -> None:
    if demo["api_key"]:
        key = f"{demo['api_key']}   (shown once; it is stored hashed)"
    else:
        key = (
            "issued on the first run. Another one: "
            "cd services/booking && ../../.venv/bin/python manage.py load_demo --new-api-key"
        )
    slug = demo.get("tenant") or "demo"
    docs = [f"{PUBLIC_URL}/api/booking/v1/docs/"]
    if "payments" in stack.components:
        docs.append(f"{PUBLIC_URL}/api/payments/v1/docs/")
    print(
        f"""
The booking platform is running.

  Widget (book as a customer)  {PUBLIC_URL}/widget/?tenant={slug}
  Widget embedded in a page    {PUBLIC_URL}/widget/embed-demo.html
{office_lines(demo)}
  API docs                     {"  ".join(docs)}
  Demo tenant API key          {key}
  Operator token               {stack.platform_token}
      e.g. curl -H 'Authorization: Bearer {stack.platform_token}' -H 'Content-Type: application/json' \\
           -d '{{"slug": "acme", "name": "Acme", "plan": "basic", "timezone": "Europe/Berlin"}}' \\
           {PUBLIC_URL}/api/booking/v1/platform/tenants
  Emails (.eml files)          {stack.mail_dir}
  Logs                         {stack.log_dir}

Secrets in force (set them in the environment to replace the development defaults):
{secrets_in_force(stack)}

Press Ctrl-C to stop.""",
        flush=True,
    )


def office_lines(demo: dict) -> str:
    """The back office's address and the demo's logins (load_demo makes them)."""
    office = demo.get("office")
    if not office:
        return ""
    lines = [f"  Back office                  {PUBLIC_URL}{office['path']}"]
    for email, role in office["logins"].items():
        lines.append(f"    {role:<8} {email:<30} password {office['password']}")
    return "\n".join(lines)


def secrets_in_force(stack: Stack) -> str:
    """One line a secret: where its value comes from, and the value itself only when it is
    the public development default."""
    lines = []
    for name, value in stack.secrets.items():
        if value == DEV_SECRETS[name]:
            lines.append(f"  {name:<24} development default ({value})")
        else:
            lines.append(
                f"  {name:<24} from the environment ({value[:4]}..., {len(value)} characters)"
            )
    return "\n".join(lines)


def watch(stack: Stack) -> None:
    """Says once when a process dies, so a broken worker does not go unnoticed."""
    reported = set()
    while True:
        time.sleep(2)
        for component in stack.components:
            if component not in reported and not stack.is_running(component):
                reported.add(component)
                print(
                    f"\n!! {component} stopped; its log ({stack.log_path(component)}) ends:\n"
                    f"{stack.log_tail(component, 15)}",
                    file=sys.stderr,
                    flush=True,
                )


if __name__ == "__main__":
    sys.exit(main())
