"""The hold race on the embedded SQLite default, run as a script by test_sqlite.py.

A fresh SQLite database under VAR_DIR (no DATABASE_URL), 20 threads holding one start
at once through the real service; prints the outcome counts and the live claims as JSON.
"""

import datetime
import json
import os
import sys
import threading
from collections import Counter

THREADS = 20


def main() -> None:
    assert not os.environ.get("DATABASE_URL"), "this check is about the SQLite default"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from booking.catalog.models import Service, Staff, WorkingHours
    from booking.reservations.errors import SlotUnavailable
    from booking.reservations.models import Reservation
    from booking.reservations.services.holds import hold_create
    from booking.tenants.models import Tenant

    call_command("migrate", verbosity=0)
    tenant = Tenant.objects.create(slug="lite", name="Lite", plan="business", timezone="UTC")
    service = Service.objects.create(tenant=tenant, name="Session", duration_minutes=60)
    staff = Staff.objects.create(tenant=tenant, name="Sam", slot_interval_minutes=30)
    staff.services.add(service)
    for weekday in range(7):
        WorkingHours.objects.create(
            tenant=tenant,
            staff=staff,
            weekday=weekday,
            start_time=datetime.time(8),
            end_time=datetime.time(20),
        )
    day = timezone.now().date() + datetime.timedelta(days=3)
    start = datetime.datetime.combine(day, datetime.time(17), tzinfo=datetime.UTC)
    connection.close()

    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS, timeout=30)

    def hold(index: int) -> None:
        try:
            barrier.wait()
            # Half the racers ask for an overlapping start, as in the PostgreSQL test.
            offset = datetime.timedelta(minutes=30 * (index % 2))
            hold_create(
                tenant=tenant,
                service_id=service.id,
                staff_id=staff.id,
                start=start + offset,
                cart_token=None,
            )
            outcome = "201"
        except SlotUnavailable:
            outcome = "409"
        except Exception as error:
            outcome = f"error: {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=hold, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    live = Reservation.objects.filter(live=True).count()
    sys.stdout.write(json.dumps({"vendor": connection.vendor, "outcomes": outcomes, "live": live}))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
