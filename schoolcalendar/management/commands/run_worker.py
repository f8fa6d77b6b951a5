"""The task worker, with scheduled publishing: `manage.py run_worker`.

Use this instead of `manage.py db_worker`, in development (`make run` runs it
through `devserver`) and in production (one or more processes, e.g. a
systemd service `manage.py run_worker --interval 2`). It makes sure the
scheduled-publishing chain (`schoolcalendar.tasks`) exists and then runs
django-tasks-db's worker with the same options.
"""

from django_tasks.base import DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from schoolcalendar.tasks import ensure_chain, publish_scheduled_pages


class Command(DbWorkerCommand):
    help = "Start scheduled publishing if it is not running, then run the database task worker."

    def handle(self, *args, **options):
        queues = (options.get("queue_name") or DEFAULT_TASK_QUEUE_NAME).split(",")
        if publish_scheduled_pages.queue_name not in queues and "*" not in queues:
            self.stderr.write(
                f"Warning: this worker does not process the queue {publish_scheduled_pages.queue_name!r}; "
                "scheduled publishing needs a worker that does."
            )
        ensure_chain()
        return super().handle(*args, **options)
