"""The service's beat sweeps the outbox, so a fresh database has the schedule.

The task name, its queue and the interval come from the service's settings
(OUTBOX_RELAY_TASK, OUTBOX_RELAY_QUEUE, OUTBOX_SWEEP_SECONDS): each service sweeps its own
outbox on a queue its own worker consumes.
"""

from django.conf import settings
from django.db import migrations

NAME = "outbox: publish pending messages"


def schedule_create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    seconds = int(getattr(settings, "OUTBOX_SWEEP_SECONDS", 5))
    every, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": settings.OUTBOX_RELAY_TASK,
            "interval": every,
            "queue": settings.OUTBOX_RELAY_QUEUE,
            "enabled": True,
            # A late sweep is useless: the next one does the same work.
            "expire_seconds": max(seconds - 1, 1),
        },
    )


def schedule_delete(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
