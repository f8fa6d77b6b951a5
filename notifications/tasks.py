"""The outbox's background work: delivery, digests, and the sweeper chain.

* `deliver_notifications`: sends what is due (`notifications.delivery`).
  Queued when a transaction that wrote rows commits (`queue_delivery`, at
  most one waiting run), and by the sweeper.
* `build_digest`: one school's daily or weekly digest (`notifications.digests`).
* `sweep_outbox`: a self-renewing chain (`plumbing.task_chains`), about
  every minute, started by `manage.py run_worker`: it starts the digests
  whose time has come and delivers whatever is due, so rows whose enqueue
  was lost, that wait for working hours, or wait for a retry are sent.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from notifications import delivery, digests
from plumbing import task_chains

logger = logging.getLogger(__name__)

INTERVAL = datetime.timedelta(seconds=60)
KEEP_SUCCESSFUL = datetime.timedelta(days=1)
KEEP_FAILED = datetime.timedelta(days=14)


@task()
def deliver_notifications():
    """Send the due notifications (for at most `delivery.DEFAULT_BUDGET`). Returns counts per outcome."""
    stats = delivery.deliver_due()
    if stats.get("budget_used"):
        # More is due than one run sends: another run continues (the sweeper would too).
        queue_delivery()
    return stats


def queue_delivery():
    """Queue a delivery run now, unless one is waiting already. With the tests' immediate backend it runs at once."""
    if (
        task_chains.uses_database_backend(deliver_notifications)
        and task_chains.waiting_runs(deliver_notifications).exists()
    ):
        return None
    return deliver_notifications.enqueue()


@task()
def build_digest(run_id):
    """Make one school's digest for one period, then queue the delivery."""
    return digests.build_digest(run_id)


@task()
def sweep_outbox():
    """Start due digests and deliver what is due, then queue the next run."""
    try:
        for run_id in digests.start_due_digests():
            build_digest.enqueue(run_id)
        return delivery.deliver_due()
    finally:
        # Queue the next run even when this one failed: the chain must not stop.
        schedule_next_sweep(INTERVAL)
        task_chains.prune_finished_runs(sweep_outbox, KEEP_SUCCESSFUL, KEEP_FAILED)
        task_chains.prune_finished_runs(deliver_notifications, KEEP_SUCCESSFUL, KEEP_FAILED)
        task_chains.prune_finished_runs(build_digest, KEEP_SUCCESSFUL, KEEP_FAILED)


def waiting_sweeps():
    return task_chains.waiting_runs(sweep_outbox)


def schedule_next_sweep(delay=INTERVAL):
    return task_chains.enqueue_unless_waiting(sweep_outbox, timezone.now() + delay)


def ensure_chain():
    """Start the sweeper now if no run is waiting (called when a worker starts)."""
    return schedule_next_sweep(datetime.timedelta(0))
