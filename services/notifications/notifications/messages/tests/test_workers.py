"""Real worker processes on the real Redis broker, sending to a real SMTP server.

Each test starts its own `celery -A config worker` processes (short time limits, see
conftest.WORKER_ENV) on this test's PostgreSQL database and publishes tasks by name,
as the booking service does.
"""

import time
from dataclasses import asdict

import redis
from config.celery import app
from contracts import notifications as contract
from contracts import queues
from django.core.management import call_command

from notifications.messages.models import FailedTask, SentMessage

from . import factories
from .conftest import wait_for

RECIPIENTS = ["max@client.test", "anna@studio.test", "owner@studio.test"]


def publish(name: str, payload) -> str:
    return app.send_task(name, kwargs=asdict(payload)).id


def succeeded(*workers) -> int:
    return sum(w.log().count(" succeeded in ") for w in workers)


def assert_nothing_more(sink, count: int, seconds: float = 2.0) -> None:
    """After the expected emails, nothing else arrives (a late duplicate would)."""
    time.sleep(seconds)
    assert len(sink.paths()) == count


def test_a_task_delivered_twice_sends_one_email_per_recipient(workers, sink):
    worker = workers.start(queues.NOTIFICATIONS_BULK)
    message = factories.booking_message()

    publish(contract.SEND_BOOKING_CONFIRMATION, message)
    publish(contract.SEND_BOOKING_CONFIRMATION, message)

    wait_for(lambda: succeeded(worker) == 2, timeout=30, what="both deliveries")
    assert_nothing_more(sink, 3)
    assert sorted(m["To"] for m in sink.messages()) == sorted(RECIPIENTS)


def test_two_deliveries_at_once_on_two_workers_send_one_email_per_recipient(workers, sink):
    # A slow server keeps the first delivery mid-send while the second arrives.
    sink.set_delay(1.0)
    first = workers.start(queues.NOTIFICATIONS_BULK, name="bulk-a")
    second = workers.start(queues.NOTIFICATIONS_BULK, name="bulk-b")
    message = factories.booking_message()

    publish(contract.SEND_BOOKING_CONFIRMATION, message)
    publish(contract.SEND_BOOKING_CONFIRMATION, message)

    wait_for(lambda: succeeded(first, second) == 2, timeout=45, what="both deliveries")
    assert_nothing_more(sink, 3)
    assert sorted(m["To"] for m in sink.messages()) == sorted(RECIPIENTS)
    # They did overlap: one waited for the other's claim instead of sending.
    assert "MessageBusy" in first.log() + second.log()


def test_a_worker_killed_mid_task_leaves_exactly_one_email_per_recipient(workers, sink):
    # Given a slow SMTP server (2 s to accept each recipient) and a bulk worker
    sink.set_delay(2.0)
    doomed = workers.start(queues.NOTIFICATIONS_BULK, name="doomed")
    message = factories.booking_message()
    publish(contract.SEND_BOOKING_CONFIRMATION, message)

    # When the worker is killed with SIGKILL while it sends the second email
    def second_email_in_flight():
        rows = dict(
            SentMessage.objects.filter(dedupe_key=message.dedupe_key).values_list(
                "recipient", "state"
            )
        )
        return rows.get("max@client.test") == "sent" and rows.get("anna@studio.test") == "sending"

    wait_for(second_email_in_flight, timeout=30, what="the second email in flight", every=0.05)
    doomed.kill()
    assert [m["To"] for m in sink.messages()] == ["max@client.test"]

    # Then a new worker gets the unacknowledged task from Redis and finishes it
    rescuer = workers.start(queues.NOTIFICATIONS_BULK, name="rescuer")
    wait_for(lambda: succeeded(rescuer) == 1, timeout=60, what="the redelivered task")
    assert_nothing_more(sink, 3)
    assert sorted(m["To"] for m in sink.messages()) == sorted(RECIPIENTS)
    staff = SentMessage.objects.get(dedupe_key=message.dedupe_key, recipient="anna@studio.test")
    assert (staff.state, staff.attempts) == ("sent", 2)
    assert staff.worker.startswith("rescuer")


def test_mail_sent_while_smtp_is_down_arrives_once_it_is_back(workers, sink):
    sink.stop()
    worker = workers.start(queues.NOTIFICATIONS_URGENT)
    message = factories.verification_code()

    publish(contract.SEND_VERIFICATION_CODE, message)

    def tried_twice():
        row = SentMessage.objects.filter(dedupe_key=message.dedupe_key).first()
        return row is not None and row.state == "failed" and row.attempts >= 2

    wait_for(tried_twice, timeout=30, what="two failed attempts")
    sink.start()
    wait_for(lambda: succeeded(worker) == 1, timeout=30, what="the retry to get through")
    assert_nothing_more(sink, 1)
    (email,) = sink.messages()
    assert email["Subject"] == "482913 is your code for Studio Lumen"
    assert "Retry in" in worker.log()


def test_an_enterprise_tenants_mail_goes_through_its_own_queue(workers, sink):
    enterprise_worker = workers.start(queues.NOTIFICATIONS_ENTERPRISE)
    enterprise = factories.tenant(plan="enterprise", owner_email="")
    confirmation = factories.booking_message(tenant=enterprise)
    code = factories.verification_code(tenant=enterprise, email="eva@client.test")
    basic_tenants = factories.booking_message()

    publish(contract.SEND_BOOKING_CONFIRMATION, confirmation)
    publish(contract.SEND_VERIFICATION_CODE, code)
    publish(contract.SEND_BOOKING_CONFIRMATION, basic_tenants)

    wait_for(lambda: succeeded(enterprise_worker) == 2, timeout=30, what="enterprise mail")
    assert_nothing_more(sink, 3, seconds=1)
    rows = SentMessage.objects.filter(tenant_id=enterprise.id)
    assert {r.recipient for r in rows} == {"max@client.test", "anna@studio.test", "eva@client.test"}
    assert {r.queue for r in rows} == {queues.NOTIFICATIONS_ENTERPRISE}
    assert all(r.worker.startswith("enterprise") for r in rows)
    # The other tenant's confirmation waits on the bulk lane, which nobody serves here.
    assert redis.Redis.from_url(workers.redis_url).llen(queues.NOTIFICATIONS_BULK) == 1


def test_a_task_failing_after_its_retries_is_recorded_and_retry_failed_sends_it(
    workers, sink, capsys
):
    sink.stop()
    workers.start(queues.NOTIFICATIONS_URGENT, NOTIFICATIONS_MAX_RETRIES="2")
    message = factories.verification_code()

    task_id = publish(contract.SEND_VERIFICATION_CODE, message)

    failed = wait_for(FailedTask.objects.first, timeout=30, what="the failed task record")
    assert (failed.task_name, failed.task_id, failed.retries) == (
        contract.SEND_VERIFICATION_CODE,
        task_id,
        2,
    )
    assert failed.payload == asdict(message)
    assert "Connection refused" in failed.error

    sink.start()
    call_command("retry_failed")

    sink.wait_count(1, timeout=30)
    failed.refresh_from_db()
    assert failed.retried_at is not None
    assert "1 failed task(s) published again" in capsys.readouterr().out
    assert_nothing_more(sink, 1)
    call_command("retry_failed")  # already retried: nothing is published twice
    assert_nothing_more(sink, 1, seconds=1)
