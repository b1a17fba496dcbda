"""The webhooks' periodic tasks, so a fresh database has them: publish due attempts every
WEBHOOK_SWEEP_SECONDS, forget deliveries older than WEBHOOK_KEEP_DAYS every hour.

The beat runs django_celery_beat's DatabaseScheduler (config.settings.CELERY).
"""

from django.conf import settings
from django.db import migrations

PUBLISH_DUE = "webhooks: publish due attempts"
FORGET_OLD = "webhooks: forget old deliveries"
QUEUE = "webhooks"


def schedule_create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    seconds = int(getattr(settings, "WEBHOOK_SWEEP_SECONDS", 5))
    sweep, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=3600, period="seconds")
    for name, task, every, expires in (
        # A late run is useless: the next one does the same work.
        (PUBLISH_DUE, "webhooks.publish_due", sweep, max(seconds - 1, 1)),
        (FORGET_OLD, "webhooks.forget_old", hourly, 3000),
    ):
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": every,
                "queue": QUEUE,
                "enabled": True,
                "expire_seconds": expires,
            },
        )


def schedule_delete(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[PUBLISH_DUE, FORGET_OLD]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
