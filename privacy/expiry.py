"""Exports do not linger: a ready ZIP expires after PRIVACY_EXPORT_DAYS days and its file is deleted.

`expire_due` runs on every visit of the export pages, before every download
and in a task queued for the moment an export expires (with a worker that can
defer tasks), so a file is gone on time even when nobody looks. An export that
was never built (no worker for hours) is marked failed, so a new one can be
requested.
"""

import datetime
import logging

from django.utils import timezone

from privacy.models import FamilyExport
from privacy.storage import export_storage

logger = logging.getLogger(__name__)

# Longer than any build takes: a request still waiting then has lost its worker.
STALE_AFTER = datetime.timedelta(hours=6)


def delete_file(name):
    if name:
        try:
            export_storage().delete(name)
        except OSError:
            logger.exception("Could not delete the family data export %s.", name)


def expire_due(now=None):
    """Expire every ready export whose time is up (deleting its ZIP); fail stale requests. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for pk, name in FamilyExport.objects.filter(status=FamilyExport.READY, expires_at__lte=now).values_list(
        "pk", "file_name"
    ):
        if FamilyExport.objects.filter(pk=pk, status=FamilyExport.READY).update(
            status=FamilyExport.EXPIRED, file_name=""
        ):
            delete_file(name)
            expired += 1
    FamilyExport.objects.filter(
        status__in=(FamilyExport.REQUESTED, FamilyExport.BUILDING), created_at__lte=now - STALE_AFTER
    ).update(status=FamilyExport.FAILED, finished_at=now, error="Not built in time: is the task worker running?")
    return expired
