"""CPU per request of the hot path, in one process, without the network: the A/B instrument.

bench/holds/run.py measures through nginx and gunicorn on a shared machine, where
throughput and latency move with whatever else runs. This drives the same Django
application in-process (Django's test client: every middleware, the real PostgreSQL and
Redis) one request at a time and prints the CPU time this process spends per request
(time.process_time; the database's own CPU is not in it) and the SQL queries it sends,
for healthz, a lost hold (409), a won hold with its release, a day of slots and a month's
calendar. Compare two runs before and after a change.

Its database `bench_holds_cpu` (BENCH_CPU_DATABASE) is seeded like bench/holds/run.py's;
Redis database 8 (BENCH_HOLDS_REDIS). `.venv/bin/python bench/holds/cpu.py`
"""

import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from booking_database import recreate_booking_database, use_booking_database  # noqa: E402

DATABASE = os.environ.get("BENCH_CPU_DATABASE", "bench_holds_cpu")
REDIS_URL = os.environ.get("BENCH_HOLDS_REDIS", "redis://127.0.0.1:6379/8")
ROUNDS = int(os.environ.get("BENCH_CPU_ROUNDS", "300"))
# BENCH_CPU_PROFILE=<name>: cProfile every case into bench/holds/profiles/<name>-cprofile.txt
PROFILE = os.environ.get("BENCH_CPU_PROFILE", "")
use_booking_database(DATABASE, REDIS_URL)
os.environ["BENCH_HOLDS_DATABASE"] = DATABASE  # run.py's module reads its own name


def main() -> None:
    recreate_booking_database(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    spec = importlib.util.spec_from_file_location("holds_run", Path(__file__).with_name("run.py"))
    holds_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(holds_run)
    PUBLIC, seed = holds_run.PUBLIC, holds_run.seed

    data = seed()
    slug = data["tenant"].slug
    client = Client(REMOTE_ADDR="127.0.0.1")
    holds = f"{PUBLIC}/{slug}/holds"
    taken = data["contested"][0]
    first = client.post(holds, taken, content_type="application/json")
    assert first.status_code == 201, first.content
    free = data["contested"][-1]
    queries = [0]

    def counting(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    def won_and_released():
        answer = client.post(holds, free, content_type="application/json")
        hold = json.loads(answer.content)
        client.delete(f"{holds}/{hold['id']}", HTTP_X_CART_TOKEN=hold["cart_token"])
        return answer

    cases = {
        "healthz": lambda: client.get("/api/booking/healthz"),
        "hold lost (409)": lambda: client.post(holds, taken, content_type="application/json"),
        "hold won + DELETE": won_and_released,
        "slots, one day": lambda: client.get(f"{PUBLIC}/{slug}/slots?{data['slots_query']}"),
        "calendar, a month": lambda: client.get(
            f"{PUBLIC}/{slug}/calendar?{data['calendar_query']}"
        ),
    }
    expected = {"healthz": 200, "hold lost (409)": 409, "hold won + DELETE": 201}
    with connection.execute_wrapper(counting):
        for name, call in cases.items():  # warm: imports, snapshot, caches
            for _ in range(5):
                status = call().status_code
            assert status == expected.get(name, 200), (name, status)
        floor = None
        for name, call in cases.items():
            cpu, wall = [], []
            queries[0] = 0
            for _ in range(ROUNDS):
                c0, w0 = time.process_time(), time.perf_counter()
                call()
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            mean = statistics.fmean(cpu)
            floor = floor or mean
            print(
                f"{name:18} CPU {mean:6.3f} ms a request ({mean / floor:4.1f}x healthz), "
                f"wall p50 {statistics.median(wall):6.2f} ms, "
                f"{queries[0] / ROUNDS:.1f} SQL queries"
            )
        if PROFILE:
            profile(cases)


def profile(cases) -> None:
    import cProfile
    import io
    import pstats

    out = io.StringIO()
    for name, call in cases.items():
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(ROUNDS):
            call()
        profiler.disable()
        out.write(f"==== {name}: {ROUNDS} requests, cumulative time\n")
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(45)
    path = Path(__file__).with_name("profiles") / f"{PROFILE}-cprofile.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(out.getvalue())
    print(f"cProfile of each case written to {path}")


if __name__ == "__main__":
    main()
