"""Scheduled publishing that runs by itself: a task that runs Wagtail's
`publish_scheduled` and queues its own next run.

Wagtail publishes a scheduled page (and unpublishes an expired one) only when
its `publish_scheduled` command runs. Rather than a cron job someone has to
remember, the task worker keeps a chain going: every run queues the next one
about `INTERVAL` later. `manage.py run_worker` (used by `make run`, and the
worker command to use in production) starts the chain when there is none.

Exactly one chain: see `plumbing.task_chains`, which keeps this chain
and the yearly one of `roster.tasks`.
"""

import datetime
import io
import logging

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from plumbing import task_chains

logger = logging.getLogger(__name__)

INTERVAL = datetime.timedelta(seconds=60)
# Finished runs are deleted after this long (one row a minute adds up).
KEEP_SUCCESSFUL = datetime.timedelta(days=1)
KEEP_FAILED = datetime.timedelta(days=14)


@task()
def publish_scheduled_pages():
    """Publish what is due and unpublish what expired, then queue the next run."""
    try:
        output = io.StringIO()
        call_command("publish_scheduled", stdout=output)
        return output.getvalue().strip()
    finally:
        # Queue the next run even when this one failed: the chain must not stop.
        schedule_next_run(INTERVAL)
        _prune_old_runs()


def waiting_runs():
    """Queued, not yet started runs of the chain (django_tasks_db rows)."""
    return task_chains.waiting_runs(publish_scheduled_pages)


def schedule_next_run(delay=INTERVAL):
    """Queue a run `delay` from now unless one is already waiting; return its result or None.

    Only with a backend that can run tasks later (the database backend): with
    the immediate backend of the tests a chain would call itself for ever.
    """
    return task_chains.enqueue_unless_waiting(publish_scheduled_pages, timezone.now() + delay)


def ensure_chain():
    """Start the chain now if no run is waiting (called when a worker starts)."""
    return schedule_next_run(datetime.timedelta(0))


def _prune_old_runs():
    task_chains.prune_finished_runs(publish_scheduled_pages, KEEP_SUCCESSFUL, KEEP_FAILED)
