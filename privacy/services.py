"""Requesting an export and downloading it once: what the parent's and the directors' views share.

Who may do so is decided by the caller through `access.rules` (the
privacy section); this module only keeps the states right: one open export
per owner and parent, however often the form is sent, and one download.
"""

import datetime

from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from privacy import expiry, tasks
from privacy.models import FamilyExport
from privacy.registry import name_of
from privacy.storage import export_storage


def _open_export(requested_by, parent):
    return FamilyExport.objects.filter(requested_by=requested_by, parent=parent, status__in=FamilyExport.OPEN).first()


def _queue(export_id):
    tasks.build_family_export.enqueue(export_id)


def request_export(requested_by, parent, school=None, language=None):
    """The open export of this owner and parent, or a new one queued for building: (export, created).

    A double submit, or a second request while one is being built or waits to
    be downloaded, finds the open one (the unique constraint decides between
    two requests at the same moment).
    """
    expiry.expire_due()
    found = _open_export(requested_by, parent)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            export = FamilyExport.objects.create(
                requested_by=requested_by,
                parent=parent,
                school=school,
                language=language or tasks.language_of(requested_by),
            )
    except IntegrityError:
        return _open_export(requested_by, parent), False
    transaction.on_commit(lambda: _queue(export.pk))
    return export, True


def take_file(export):
    """Open the export's ZIP and mark the export downloaded, once: the open file, or None when it is not ready.

    The file is deleted at once; the open handle still reads it to the end
    (POSIX keeps an unlinked file while it is open), so nothing of it stays
    on disk after the one download.
    """
    if export.status != FamilyExport.READY or not export.file_name:
        return None
    storage = export_storage()
    try:
        handle = storage.open(export.file_name, "rb")
    except FileNotFoundError:
        FamilyExport.objects.filter(pk=export.pk, status=FamilyExport.READY).update(
            status=FamilyExport.FAILED, file_name="", error="The ZIP was no longer on disk."
        )
        return None
    if not FamilyExport.objects.filter(pk=export.pk, status=FamilyExport.READY).update(
        status=FamilyExport.DOWNLOADED, downloaded_at=timezone.now(), file_name=""
    ):
        handle.close()
        return None
    expiry.delete_file(export.file_name)
    return handle


def download_name(export):
    made = timezone.localtime(export.finished_at or timezone.now())
    return f"schoolpoort-{slugify(name_of(export.parent)) or 'gegevens'}-{made:%Y-%m-%d}.zip"


def download(request, export, gone_template, context=None):
    """The ZIP as an attachment, once; afterwards (or expired, failed, not ready) a page saying so, 410."""
    expiry.expire_due()
    export.refresh_from_db()
    handle = take_file(export)
    if handle is None:
        export.refresh_from_db()
        return render(request, gone_template, {"export": export, **(context or {})}, status=410)
    response = FileResponse(handle, as_attachment=True, filename=download_name(export), content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def days_left(export, now=None):
    if export.expires_at is None:
        return None
    left = export.expires_at - (now or timezone.now())
    return max(0, left // datetime.timedelta(days=1))
