"""Readers and a writer at the same time, on real threads: no stale entry survives."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from booking.availability.cache import availability_changed_for_staff

from .conftest import MONDAY, at, reserve, staff_working

URL = "/api/booking/v1/public/studio/slots"


@pytest.mark.django_db(transaction=True)
def test_after_the_writes_settle_every_reader_sees_them(tenant, service):
    anna = staff_working(tenant, service, "Anna", hours=[(9, 0, 17, 0)])
    query = {"service": service.id, "staff": anna.id, "date": MONDAY.isoformat()}
    booked_hours = [9, 11, 13, 15]
    writing = threading.Event()
    writing.set()
    failures = []
    reads = threading.Semaphore(0)

    def reader():
        client = APIClient()
        try:
            while writing.is_set():
                assert client.get(URL, query).status_code == 200
                reads.release()
        except Exception as error:  # reported below: a thread's assert is not the test's
            failures.append(error)
        finally:
            connection.close()

    def writer():
        try:
            for hour in booked_hours:
                # Readers have cached the day as it stands before every write.
                for _ in range(3):
                    assert reads.acquire(timeout=30)
                reserve(anna, service, at(MONDAY, hour))  # autocommit: committed here
                availability_changed_for_staff(
                    tenant_id=tenant.id, staff_id=anna.id, dates=[MONDAY]
                )
        except Exception as error:
            failures.append(error)
        finally:
            writing.clear()
            connection.close()

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    write = threading.Thread(target=writer)
    write.start()
    write.join(60)
    for thread in readers:
        thread.join(60)
    assert not failures

    starts = [s["start"][11:16] for s in APIClient().get(URL, query).json()["slots"]]
    assert starts == ["10:00", "12:00", "14:00", "16:00"]
