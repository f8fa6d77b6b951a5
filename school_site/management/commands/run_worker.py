"""The task worker, with the project's self-renewing chains: `manage.py run_worker`.

Use this instead of `manage.py db_worker`, in development (`make run` runs it
through `devserver`) and in production (one or more processes, e.g. a
systemd service `manage.py run_worker --interval 2`). It makes sure each task
chain (`plumbing.task_chains`) exists, and then runs django-tasks-db's
worker with the same options. It lives in the project package, not in an app,
because it starts the chains of several apps:

* scheduled publishing (`schoolcalendar.tasks`), about every minute;
* the admin groups' re-sync for a new school year (`roster.tasks`), every
  1 August at 00:05;
* the notifications outbox's sweeper (`notifications.tasks`), about every
  minute: digests at each school's time, and whatever is due to be sent.
* consent requests and reminders (`policies.consent.tasks`), every hour.
* the retention of personal data (`retention.tasks`), every night at 02:30.
"""

from django_tasks.base import DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from notifications import tasks as notification_tasks
from policies.consent import tasks as consent_tasks
from retention import tasks as retention_tasks
from roster import tasks as class_tasks
from schoolcalendar import tasks as calendar_tasks

# (what the chain does, its task, the function that starts it when missing)
CHAINS = [
    ("scheduled publishing", calendar_tasks.publish_scheduled_pages, calendar_tasks.ensure_chain),
    ("the admin groups' yearly re-sync", class_tasks.sync_admin_groups_for_new_school_year, class_tasks.ensure_chain),
    ("the notifications outbox", notification_tasks.sweep_outbox, notification_tasks.ensure_chain),
    ("consent requests and reminders", consent_tasks.consent_requests, consent_tasks.ensure_chain),
    ("the retention of personal data", retention_tasks.apply_retention, retention_tasks.ensure_chain),
]


class Command(DbWorkerCommand):
    help = "Start the task chains (scheduled publishing, yearly admin group sync, notifications outbox) if missing, then run the database task worker."

    def handle(self, *args, **options):
        queues = (options.get("queue_name") or DEFAULT_TASK_QUEUE_NAME).split(",")
        for label, task, ensure_chain in CHAINS:
            if task.queue_name not in queues and "*" not in queues:
                self.stderr.write(
                    f"Warning: this worker does not process the queue {task.queue_name!r}; "
                    f"{label} needs a worker that does."
                )
            ensure_chain()
        return super().handle(*args, **options)
