"""`make run` and every Stack honour the operator's own secrets from the environment; the
development defaults fill in only what is not set, and the welcome text says which is which."""

from __future__ import annotations

import os
import sys
import uuid

import pytest
import requests

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "deploy"))

from run import secrets_in_force  # noqa: E402
from stack import DEV_SECRETS, Stack  # noqa: E402


@pytest.fixture
def operator_stack(monkeypatch):
    """The booking API alone, started with the operator's PLATFORM_TOKEN exported."""
    token = f"op-{uuid.uuid4().hex}"
    monkeypatch.setenv("PLATFORM_TOKEN", token)
    monkeypatch.delenv("PAYMENT_ORDER_SECRET", raising=False)
    prefix = os.environ.get("E2E_DB_PREFIX", "e2e")
    running = Stack(
        name=f"{prefix}_operator",
        components=["booking"],
        postgres=os.environ.get("E2E_POSTGRES")
        or os.environ.get("TEST_PG", "postgres://postgres@127.0.0.1:5432"),
        redis_url=os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/4"),
        var_dir=REPO / "var" / "e2e" / f"{prefix}_operator",
        fresh=True,
    )
    running.start()
    try:
        yield running, token
    finally:
        running.stop()


def test_the_operators_platform_token_is_the_one_in_force(operator_stack):
    stack, token = operator_stack
    tenants = f"{stack.url('booking')}/api/booking/v1/platform/tenants"
    tenant = {"name": "Acme", "plan": "basic", "timezone": "Europe/Berlin"}

    dev = requests.post(
        tenants,
        json=tenant | {"slug": f"dev-{uuid.uuid4().hex[:8]}"},
        headers={"Authorization": f"Bearer {DEV_SECRETS['PLATFORM_TOKEN']}"},
        timeout=20,
    )
    assert dev.status_code == 401, dev.text
    own = requests.post(
        tenants,
        json=tenant | {"slug": f"op-{uuid.uuid4().hex[:8]}"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=20,
    )
    assert own.status_code == 201, own.text

    # make run's welcome names where each secret comes from, without printing the operator's.
    printed = secrets_in_force(stack)
    assert "PLATFORM_TOKEN" in printed and "from the environment" in printed
    assert token not in printed
    assert f"development default ({DEV_SECRETS['PAYMENT_ORDER_SECRET']})" in printed
