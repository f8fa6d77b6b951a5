"""One family data export (AVG right of access): who asked, whose data, its state and its ZIP.

An export is requested by a parent for themselves, or by a director for a
parent of their school (then limited to that school). The task worker builds
the ZIP (`privacy.tasks`); its owner (whoever requested it) downloads it once,
after which the file is deleted; an export not downloaded expires after
`PRIVACY_EXPORT_DAYS` days and its file is deleted then. The ZIP lives in the
export storage (`privacy.storage`), outside the media folder, never at a URL.

One open export (requested, building or ready) per owner and parent: the
constraint makes a double submit find the export it already made.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import SchoolPage
from privacy.registry import SECTIONS


class FamilyExport(models.Model):
    REQUESTED = "requested"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"
    DOWNLOADED = "downloaded"
    EXPIRED = "expired"
    STATUS_CHOICES = [
        (REQUESTED, _("requested")),
        (BUILDING, _("being prepared")),
        (READY, _("ready to download")),
        (FAILED, _("failed")),
        (DOWNLOADED, _("downloaded")),
        (EXPIRED, _("expired")),
    ]
    OPEN = (REQUESTED, BUILDING, READY)

    # In the URLs instead of the id: nobody guesses another export's address.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("parent")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    # Set for a director's export: only this school's data (default language).
    school = models.ForeignKey(
        SchoolPage, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    # The language of the README and the labels inside the ZIP: the requester's at the time.
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default=REQUESTED)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    # The ZIP's name in the export storage; empty once it is deleted.
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    # Which section failed (its name), and the technical error for the logs and the admin.
    failed_section = models.CharField(_("failed part"), max_length=60, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("family data export")
        verbose_name_plural = _("family data exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "parent"],
                condition=Q(status__in=["requested", "building", "ready"]),
                name="one_open_family_export",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="family_export_expiry")]

    def __str__(self):
        return f"{self.parent} · {self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def failed_part(self):
        """The title of the section that failed, in the current language (its name if it is gone)."""
        section = SECTIONS.get(self.failed_section)
        return str(section.title) if section is not None else self.failed_section
