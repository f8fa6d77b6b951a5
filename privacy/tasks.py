"""Background work of the family data export: building the ZIP, and expiring it.

Tasks take the export's id and read everything else when they run, so the ZIP
holds the data as it is at that moment. The build is never done inside a
request: it reads every area and copies every attachment.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from privacy import expiry
from privacy.builder import SectionFailed, write_zip
from privacy.models import FamilyExport
from privacy.registry import READY_NOTICES
from privacy.storage import export_storage

logger = logging.getLogger(__name__)


def export_days():
    return getattr(settings, "PRIVACY_EXPORT_DAYS", 7)


def language_of(user):
    language = getattr(user, "preferred_language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_path(export, language):
    """Where the owner fetches the export: the parent's own page, or the directors' page in the admin."""
    if export.school_id is None:
        with translation.override(language):
            return reverse("privacy:index")
    return reverse("privacy_family_exports")


def _fail(export, section, error):
    FamilyExport.objects.filter(pk=export.pk, status=FamilyExport.BUILDING).update(
        status=FamilyExport.FAILED, finished_at=timezone.now(), failed_section=section, error=error[:2000]
    )


def _tell_ready(export):
    """Every registered notice (accounts mails the owner); a failing one does not undo the export."""
    user = export.requested_by
    context = {"path": page_path(export, language_of(user)), "days": export_days(), "export": export}
    for notice in READY_NOTICES:
        try:
            notice(user, "privacy/email/export_ready", context)
        except Exception:
            logger.exception("Could not tell %s that family data export %s is ready.", user.pk, export.pk)


def _schedule_expiry(moment):
    """With a backend that defers (the database worker), expire the export on time even if nobody visits."""
    if expire_family_exports.get_backend().supports_defer:
        expire_family_exports.using(run_after=moment).enqueue()


@task()
def build_family_export(export_id):
    """Build the ZIP of a requested export and mark it ready (or failed, naming the part that failed)."""
    now = timezone.now()
    if not FamilyExport.objects.filter(pk=export_id, status=FamilyExport.REQUESTED).update(
        status=FamilyExport.BUILDING, started_at=now
    ):
        return False
    export = FamilyExport.objects.select_related("parent", "requested_by", "school").get(pk=export_id)
    storage = export_storage()
    try:
        with tempfile.TemporaryFile() as temporary:
            write_zip(export, temporary)
            size = temporary.tell()
            temporary.seek(0)
            name = storage.save(f"{export.token.hex}.zip", File(temporary, name=f"{export.token.hex}.zip"))
    except SectionFailed as failure:
        logger.exception("Family data export %s failed in section %s.", export.pk, failure.section.name)
        _fail(export, failure.section.name, repr(failure.error))
        return False
    except Exception as error:
        logger.exception("Family data export %s failed.", export.pk)
        _fail(export, "", repr(error))
        return False
    finished = timezone.now()
    expires = finished + datetime.timedelta(days=export_days())
    if not FamilyExport.objects.filter(pk=export.pk, status=FamilyExport.BUILDING).update(
        status=FamilyExport.READY, finished_at=finished, expires_at=expires, file_name=name, size=size
    ):
        # Marked failed meanwhile (it took too long): nothing may stay behind.
        expiry.delete_file(name)
        return False
    _tell_ready(export)
    _schedule_expiry(expires)
    return True


@task()
def expire_family_exports():
    """Delete the ZIPs of exports whose time is up."""
    return expiry.expire_due()
