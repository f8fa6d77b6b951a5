"""The admin groups follow the school year by themselves: a yearly task chain.

A teacher edits a class group only in its own school year: `access.rules`
reads `current_school_year()`, and the generated admin groups
(`roster.admin_groups`) carry the page permissions. Signals keep the groups
current while people edit the roster, but nothing is edited when the year
rolls over on 1 August, so last year's class teachers would keep their page
permissions until someone ran `manage.py sync_admin_groups`.

This task runs that sync at 00:05 local time (TIME_ZONE, Europe/Amsterdam,
the clock `current_school_year()` reads) on 1 August, and then queues its
own run for the next 1 August: a chain as in `plumbing.task_chains`, one
run waiting at any time. `manage.py run_worker` starts it; when there was no
chain (a first start, or a lost chain), the first run is at once, which
catches up on a rollover that passed without one.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from classes.models import AdminGroup
from classes.schoolyear import FIRST_MONTH
from plumbing import task_chains
from roster.admin_groups import sync_all

SYNC_TIME = datetime.time(0, 5)


def next_sync_moment(after=None):
    """The first 1 August, 00:05 local time, strictly after `after` (default: now)."""
    zone = timezone.get_default_timezone()
    local = (after or timezone.now()).astimezone(zone)
    moment = datetime.datetime.combine(datetime.date(local.year, FIRST_MONTH, 1), SYNC_TIME, tzinfo=zone)
    if moment <= local:
        moment = moment.replace(year=moment.year + 1)
    return moment


@task()
def sync_admin_groups_for_new_school_year():
    """Rebuild the generated admin groups for the school year that began, then queue next year's run."""
    try:
        sync_all()
        return f"{AdminGroup.objects.count()} generated admin groups in sync."
    finally:
        # Queue the next run even when this one failed: the chain must not stop.
        schedule_next_sync()


def waiting_runs():
    """Queued, not yet started runs of the chain (django_tasks_db rows)."""
    return task_chains.waiting_runs(sync_admin_groups_for_new_school_year)


def schedule_next_sync():
    """Queue the run of the next 1 August unless one is waiting; its result or None."""
    return task_chains.enqueue_unless_waiting(sync_admin_groups_for_new_school_year, next_sync_moment())


def ensure_chain():
    """Start the chain (with a sync now) if no run is waiting; called when a worker starts."""
    return task_chains.enqueue_unless_waiting(sync_admin_groups_for_new_school_year, timezone.now())
