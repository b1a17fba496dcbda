"""Sends the tasks that failed after all their retries again, once the cause is fixed.

    python manage.py retry_failed            # every failed task not retried yet
    python manage.py retry_failed --id 7 9   # just these
    python manage.py retry_failed --list     # show them, send nothing

Each is published again by name to its queue; its dedupe key keeps recipients who
already got the email from getting it twice.
"""

from django.core.management.base import BaseCommand

from notifications.messages.models import FailedTask
from notifications.messages.services import failed_task_retry


class Command(BaseCommand):
    help = "Publishes failed notification tasks again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--id", type=int, nargs="+", dest="ids", help="only these ids")
        parser.add_argument(
            "--include-retried", action="store_true", help="also those retried before"
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="list them, send nothing"
        )

    def handle(self, *args, ids=None, include_retried=False, list_only=False, **options) -> None:
        failed = FailedTask.objects.all()
        if ids:
            failed = failed.filter(pk__in=ids)
        if not include_retried:
            failed = failed.filter(retried_at__isnull=True)
        count = 0
        for task in failed:
            if list_only:
                when = f"{task.created_at:%Y-%m-%d %H:%M:%S}"
                self.stdout.write(f"{task.pk} {task.task_name} {when} {task.error}")
                continue
            new_id = failed_task_retry(failed=task)
            self.stdout.write(f"{task.pk} {task.task_name} published again as {new_id}")
            count += 1
        if not list_only:
            self.stdout.write(f"{count} failed task(s) published again")
