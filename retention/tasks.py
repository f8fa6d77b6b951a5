"""The daily retention run: a self-renewing task chain (`plumbing.task_chains`).

Every night at 02:30 local time (TIME_ZONE, Europe/Amsterdam) every rule is
applied to every school (`retention.runner.apply_all`), and the run queues
the next night's. `manage.py run_worker` starts the chain; when there was
none, the first run is at once.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from plumbing import task_chains
from retention.runner import apply_all

RUN_TIME = datetime.time(2, 30)
KEEP_SUCCESSFUL = datetime.timedelta(days=7)
KEEP_FAILED = datetime.timedelta(days=30)


def next_run_moment(after=None):
    """The first 02:30 local time strictly after `after` (default: now)."""
    zone = timezone.get_default_timezone()
    local = (after or timezone.now()).astimezone(zone)
    moment = datetime.datetime.combine(local.date(), RUN_TIME, tzinfo=zone)
    if moment <= local:
        moment = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), RUN_TIME, tzinfo=zone)
    return moment


@task()
def apply_retention():
    """Apply every retention rule to every school, then queue tomorrow's run."""
    try:
        entries = apply_all()
        gone = sum(entry.count for entry in entries)
        failed = sum(1 for entry in entries if entry.failed)
        return f"{gone} items removed or anonymised, {failed} rules failed"
    finally:
        # Queue the next run even when this one failed: the chain must not stop.
        schedule_next_run()
        task_chains.prune_finished_runs(apply_retention, KEEP_SUCCESSFUL, KEEP_FAILED)


def schedule_next_run():
    return task_chains.enqueue_unless_waiting(apply_retention, next_run_moment())


def ensure_chain():
    """Start the chain (with a run now) if no run is waiting; called when a worker starts."""
    return task_chains.enqueue_unless_waiting(apply_retention, timezone.now())
