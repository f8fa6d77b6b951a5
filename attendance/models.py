"""Absence reports (absentiemeldingen): a parent tells the school that a child is away.

`AbsenceReportPage` is a Wagtail page directly under a school: editors place
it and describe it (its introduction), and it serves the report form, the
parent's own reports and the "recovered" (beter) report through its routes
(`attendance.views`). What it writes are `AbsenceReport` rows, one per
child per report.

Who may report, see and is told is decided by `access.rules` (the absence
section there); this module only holds the data.

Times are moments (aware datetimes); forms and listings show them on the
site's clock, Europe/Amsterdam (settings.TIME_ZONE).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from classes.models import Child, ClassPage
from home.models import SchoolPage

NOTE_MAX_LENGTH = 2000


def site_timezone():
    """Europe/Amsterdam: the clock parents, teachers and the school start time use."""
    return timezone.get_default_timezone()


def moment(day, time):
    """The aware moment of a wall-clock time on a day, on the site's clock."""
    return timezone.make_aware(datetime.datetime.combine(day, time), site_timezone())


def day_start(day):
    return moment(day, datetime.time.min)


def _views():
    """attendance.views, imported when a route runs: it imports this module's models, so it cannot be imported here."""
    from attendance import views

    return views


class AbsenceReportPage(RoutablePageMixin, Page):
    """The absence report form of one school, with the parent's own reports."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the form: when and how to report, who to call for anything urgent."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    # Directly under a school, so access.rules finds its school from its path
    # and every parent of the school sees it.
    parent_page_types = ["home.SchoolPage"]
    subpage_types = []
    max_count_per_parent = 1

    template = "attendance/absence_report_page.html"

    class Meta:
        verbose_name = _("absence report form")
        verbose_name_plural = _("absence report forms")

    @path("")
    def index_route(self, request):
        """The form (GET), a report (POST), and the parent's own reports."""
        return _views().index(self, request)

    @path("beter/<int:report_id>/")
    def recovered_route(self, request, report_id):
        """Close an open sick report: the child is better (beter melding)."""
        return _views().recovered(self, request, report_id)

    def get_school(self):
        """The school this page belongs to (the page's parent, in the page's language)."""
        return SchoolPage.objects.get(path=self.path[: SchoolPage.steplen * 2])


class AbsenceReportQuerySet(models.QuerySet):
    def overlapping(self, first_day=None, last_day=None):
        """Absences that touch any day from first_day to last_day (both included; None: open-ended).

        An open sick report (no end yet) lasts until it is closed.
        """
        reports = self
        if last_day is not None:
            reports = reports.filter(starts_at__lt=day_start(last_day + datetime.timedelta(days=1)))
        if first_day is not None:
            reports = reports.filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=day_start(first_day)))
        return reports

    def on_day(self, day=None):
        """Absences that touch one day (default: today on the site's clock)."""
        day = day or timezone.localdate(timezone=site_timezone())
        return self.overlapping(day, day)

    def open_sick(self):
        return self.filter(reason=AbsenceReport.SICK, ends_at__isnull=True)


class AbsenceReport(models.Model):
    """One child's absence, as reported by a guardian.

    A sick report may stay open (no `ends_at`) until a guardian reports the
    child recovered; a child has at most one open sick report. An
    appointment always has an end. `late` is set when the report came in
    after the school's start time on the first school day of the absence
    (see `attendance.reports.is_late`).
    """

    SICK = "sick"
    DOCTOR = "doctor"
    DENTIST = "dentist"
    HOSPITAL = "hospital"
    OTHER = "other"
    APPOINTMENTS = (DOCTOR, DENTIST, HOSPITAL)
    REASON_CHOICES = [
        (SICK, _("Sick")),
        (
            _("Appointment"),
            [
                (DOCTOR, _("Doctor")),
                (DENTIST, _("Dentist or orthodontist")),
                (HOSPITAL, _("Hospital or specialist")),
            ],
        ),
        (OTHER, _("Other")),
    ]

    school = models.ForeignKey(
        SchoolPage, on_delete=models.PROTECT, related_name="absence_reports", verbose_name=_("school")
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="absence_reports", verbose_name=_("child"))
    # The child's class group in the school year of the absence, kept so the
    # report stays with that group (and its teachers) when the child moves up.
    class_page = models.ForeignKey(
        ClassPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absence_reports",
        verbose_name=_("class group"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=REASON_CHOICES)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    late = models.BooleanField(_("reported late"), default=False)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # The form's idempotency token: a submit sent twice finds its reports.
    submission = models.UUIDField(_("submission"), editable=False)
    recovered_reported_at = models.DateTimeField(_("recovery reported at"), null=True, blank=True)
    recovered_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recovery reported by"),
    )

    objects = AbsenceReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence report")
        verbose_name_plural = _("absence reports")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "starts_at"]),
            models.Index(fields=["class_page", "starts_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submission", "child"], name="one_report_per_child_per_submission"),
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(reason="sick", ends_at__isnull=True),
                name="one_open_sick_report_per_child",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="absence_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.child} · {self.get_reason_display()} · {timezone.localtime(self.starts_at, site_timezone()):%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        """A sick report without an end: the child is not better yet."""
        return self.reason == self.SICK and self.ends_at is None

    @property
    def is_appointment(self):
        return self.reason in self.APPOINTMENTS

    @property
    def is_recovered(self):
        return self.reason == self.SICK and self.recovered_reported_at is not None
