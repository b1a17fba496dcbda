#!/usr/bin/env bash
# Checks that the PostgreSQL and Redis the tests use are reachable; fails loudly if not.
set -euo pipefail
pg="${TEST_PG:-postgres://postgres@127.0.0.1:5432}"
redis="${TEST_REDIS:-redis://127.0.0.1:6379}"
.venv/bin/python - "$pg" "$redis" <<'PY'
import sys
import psycopg
import redis

pg, redis_url = sys.argv[1], sys.argv[2]
try:
    psycopg.connect(pg + "/postgres", connect_timeout=5).close()
except Exception as exc:
    sys.exit(f"PostgreSQL is not reachable at {pg}: {exc}")
try:
    redis.Redis.from_url(redis_url, socket_timeout=5).ping()
except Exception as exc:
    sys.exit(f"Redis is not reachable at {redis_url}: {exc}")
PY
