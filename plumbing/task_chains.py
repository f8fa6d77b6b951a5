"""Self-renewing task chains: background work that runs by itself, without cron.

A chain is a task that, at the end of every run, queues its own next run for
later (`enqueue_unless_waiting` with the moment of the next run). The task
worker (`manage.py run_worker`) starts each chain when it starts. Chains of
the project: scheduled publishing (`schoolcalendar.tasks`, every minute) and
the admin groups' re-sync for a new school year (`roster.tasks`, 1 August).

Exactly one chain per task: a run is queued only when no run of the task is
waiting (status READY). Two workers starting together may still both queue
one; the chain then heals itself, because a run that finds another one
waiting queues no successor.

Only a backend that can run a task later (django-tasks-db's database
backend) keeps a chain: with the immediate backend of the tests a chain would
call itself for ever, so nothing is queued there and tests call the task.
"""

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def uses_database_backend(task):
    return isinstance(task.get_backend(), DatabaseBackend)


def waiting_runs(task):
    """Queued, not yet started runs of the task (django_tasks_db rows)."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        status=TaskResultStatus.READY,
        backend_name=task.backend,
    )


def enqueue_unless_waiting(task, run_after):
    """Queue a run of the task at `run_after` unless one is already waiting; its result or None."""
    if not task.get_backend().supports_defer:
        return None
    if uses_database_backend(task) and waiting_runs(task).exists():
        return None
    return task.using(run_after=run_after).enqueue()


def prune_finished_runs(task, keep_successful, keep_failed):
    """Delete finished runs older than the given ages (timedeltas)."""
    if not uses_database_backend(task):
        return

    now = timezone.now()
    runs = DBTaskResult.objects.filter(task_path=task.module_path)
    runs.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - keep_successful).delete()
    runs.filter(status=TaskResultStatus.FAILED, finished_at__lt=now - keep_failed).delete()
