"""The API contract, checked by schemathesis against both services as real processes.

`make contract` (part of `make test`): every check, a fixed seed and a bounded number of
examples; `make fuzz` runs the same with many more. Each service is checked against its
committed OpenAPI document (services/<service>/openapi.yaml) with the demo tenant's API key
and the operator's token as the documents' two bearer schemes. Exit status 0 only when
schemathesis finds nothing.

Run: .venv/bin/python tests/contract/run.py [--examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
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
        demo = json.loads(stack.manage("booking", "load_demo", "--json").stdout)
        # The Enterprise plan's 6,000 admin requests a minute: the run is not about the rate.
        upgraded = requests.patch(
            f"{stack.url('booking')}/api/booking/v1/platform/tenants/{demo['tenant']}",
            json={"plan": "enterprise"},
            headers={"Authorization": f"Bearer {stack.platform_token}"},
            timeout=20,
        )
        upgraded.raise_for_status()
        env = os.environ | {
            "CONTRACT_API_KEY": demo["api_key"],
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
