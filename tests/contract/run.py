"""The API contract, checked by schemathesis against both services as real processes.

`make contract` (part of `make test`): every check, a fixed seed and a bounded number of
examples; `make fuzz` runs the same with many more. Each service is checked against its
committed OpenAPI document (services/<service>/openapi.yaml) with the operator's token and
the API key of a tenant the run creates through the platform API (and furnishes with a
service, a staff member and a working week through the admin API, so lists have rows to
check) as the documents' two bearer schemes. Exit status 0 only when schemathesis finds
nothing.

Run: .venv/bin/python tests/contract/run.py [--examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))

from stack import Stack  # noqa: E402

CONFIG = Path(__file__).with_name("schemathesis.toml")
SERVICES = ("booking", "payments")


def tenant_create(booking_url: str, platform_token: str) -> str:
    """A tenant made as an operator makes one; its API key, after giving it something to list."""
    api = f"{booking_url}/api/booking/v1"
    # The Enterprise plan's 6,000 admin requests a minute: the run is not about the rate.
    created = requests.post(
        f"{api}/platform/tenants",
        json={
            "slug": "contract",
            "name": "Contract",
            "plan": "enterprise",
            "timezone": "Europe/Zurich",
        },
        headers={"Authorization": f"Bearer {platform_token}"},
        timeout=20,
    )
    created.raise_for_status()
    api_key = created.json()["api_key"]
    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {api_key}"
    service = admin.post(
        f"{api}/admin/services", json={"name": "Consultation", "duration_minutes": 30}, timeout=20
    )
    service.raise_for_status()
    staff = admin.post(
        f"{api}/admin/staff",
        json={"name": "Anna", "services": [service.json()["id"]]},
        timeout=20,
    )
    staff.raise_for_status()
    week = [{"weekday": day, "start_time": "09:00", "end_time": "17:00"} for day in range(5)]
    hours = admin.put(
        f"{api}/admin/staff/{staff.json()['id']}/working-hours",
        json={"intervals": week},
        timeout=20,
    )
    hours.raise_for_status()
    return api_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="examples per operation")
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    prefix = os.environ.get("CONTRACT_DB_PREFIX", "contract")
    stack = Stack(
        name=prefix,
        components=["booking", "payments"],
        postgres=os.environ.get("TEST_PG", "postgres://postgres@127.0.0.1:5432"),
        redis_url=os.environ.get("CONTRACT_REDIS_URL", "redis://127.0.0.1:6379/5"),
        var_dir=REPO / "var" / "contract" / prefix,
        fresh=True,
    )
    failed = False
    with stack:
        api_key = tenant_create(stack.url("booking"), stack.platform_token)
        env = os.environ | {
            "CONTRACT_API_KEY": api_key,
            "CONTRACT_PLATFORM_TOKEN": stack.platform_token,
        }
        for service in SERVICES:
            print(f"== schemathesis: {service}", flush=True)
            command = [
                str(REPO / ".venv" / "bin" / "schemathesis"),
                "--config-file",
                str(CONFIG),
                "run",
                str(REPO / "services" / service / "openapi.yaml"),
                "--url",
                stack.url(service),
                "--checks",
                "all",
                "--seed",
                str(args.seed),
                "--max-examples",
                str(args.examples),
                "--no-color",
            ]
            failed |= subprocess.run(command, env=env, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
