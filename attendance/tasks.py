"""Telling people of absence reports: mail sent by the task worker, never inside a request.

`attendance.reports` enqueues `tell_about_absence` when a report (or its
recovery) is committed. Who is told is `access.rules.told_of_absence`: the
child's class teachers, the school's administration and every guardian.

Each recipient gets one mail, in their own language (accounts.mail), about
the reports of that submission that concern them: a guardian only of their
own children, a teacher only of their own pupils. So nobody reads about a
child of another family, even when one submission covers children with
different guardians.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.models import Locale

from access.rules import absence_reports_for_staff, told_of_absence
from accounts.mail import absolute_url, send_account_mail
from attendance.models import AbsenceReport, AbsenceReportPage
from classes.models import Guardianship

logger = logging.getLogger(__name__)

EVENTS = {"reported": "attendance/email/absence_reported", "recovered": "attendance/email/absence_recovered"}


@task()
def tell_about_absence(report_ids, event):
    """Mail everyone told of these reports (one submission: one family, one school). Returns the mails sent."""
    template = EVENTS.get(event)
    if template is None:
        raise ValueError(f"unknown absence event {event!r}")
    reports = list(
        AbsenceReport.objects.filter(pk__in=report_ids)
        .select_related("child", "class_page", "school", "reported_by", "recovered_reported_by")
        .order_by("child__first_name", "pk")
    )
    if not reports:
        logger.info("Absence reports %s are gone; nobody told.", report_ids)
        return 0
    per_user = {}
    for report in reports:
        for user in told_of_absence(report):
            per_user.setdefault(user.pk, (user, []))[1].append(report)
    sent = 0
    for user, user_reports in per_user.values():
        send_account_mail(user, template, _context(user, user_reports))
        sent += 1
    return sent


def _context(user, reports):
    school = reports[0].school
    is_guardian = Guardianship.objects.filter(user=user, child__in=[report.child_id for report in reports]).exists()
    if is_guardian:
        link = _page_url(school, user)
    else:
        link = absolute_url(reverse("attendance_absences")) if absence_reports_for_staff(user).exists() else None
    return {
        "reports": reports,
        "school": school,
        "is_guardian": is_guardian,
        "link": link,
        "children_names": [f"{report.child.first_name} {report.child.last_name}" for report in reports],
    }


def _page_url(school, user):
    """The school's absence page in the recipient's language (the Dutch page when it has no translation)."""
    pages = AbsenceReportPage.objects.live().child_of(school).order_by("path")
    page = pages.first()
    if page is None:
        return None
    language = user.preferred_language or settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    if translated is not None and translated.live:
        page = translated
    with translation.override(language):
        return page.get_full_url()
