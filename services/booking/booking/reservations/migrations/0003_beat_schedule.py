"""The booking beat's periodic tasks, so a fresh database has them.

The beat runs django_celery_beat's DatabaseScheduler (config.settings.CELERY).
"""

from django.db import migrations

EVERY_MINUTE = [
    ("booking: send due reminders", "booking.maintenance.send_due_reminders"),
    ("booking: tidy expired holds and bookings", "booking.maintenance.tidy_expired"),
]
QUEUE = "booking.maintenance"


def schedule_create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    for name, task in EVERY_MINUTE:
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": every_minute,
                "queue": QUEUE,
                "enabled": True,
                # A late run is useless: the next one a minute later does the same work.
                "expire_seconds": 55,
            },
        )


def schedule_delete(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _ in EVERY_MINUTE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reservations", "0002_bookings_clients_idempotency"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
