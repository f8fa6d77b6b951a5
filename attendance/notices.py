"""Telling people of absence reports, through the notifications outbox.

`attendance.reports` calls `tell` inside the transaction that makes a report
(or closes it). Who is told is `access.rules.told_of_absence`: the child's
class teachers, the school's administration and every guardian. Each of
them gets one outbox row per channel (`notifications.outbox.notify`), so the
news waits for the school's working hours like every other notification: a
parent reporting at 21:00 does not pull the teacher into work that evening,
and the teacher hears of it at the next working moment.

Each recipient reads only about the reports that concern them: a guardian of
their own children, a teacher of their own pupils. So nobody reads about a
child of another family, even when one submission covers children with
different guardians. The e-mail is written when it is sent (`render`), from
the reports as they are then.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from access.rules import absence_reports_for_staff, told_of_absence
from attendance.models import AbsenceReport, AbsenceReportPage
from classes.models import Guardianship
from notifications import outbox, rendering
from notifications.models import Notification

REPORTED = "reported"
RECOVERED = "recovered"
TEMPLATES = {REPORTED: "attendance/email/absence_reported", RECOVERED: "attendance/email/absence_recovered"}
KEY_PREFIX = "absence-"


def tell(reports, event):
    """Write the outbox rows for `reports` (one submission: one family, one school). Returns the people told."""
    if event not in TEMPLATES:
        raise ValueError(f"unknown absence event {event!r}")
    reports = list(reports)
    if not reports:
        return 0
    per_user = {}
    for report in reports:
        for user in told_of_absence(report):
            per_user.setdefault(user.pk, (user, []))[1].append(report)
    for user, user_reports in per_user.values():
        outbox.notify(
            user,
            Notification.ABSENCE,
            user_reports[0],
            school=user_reports[0].school,
            dedupe_key=_dedupe_key(event, user_reports),
        )
    return len(per_user)


def _dedupe_key(event, reports):
    """One notification per event and submission (reported) or per report (recovered), per person."""
    if event == REPORTED:
        return f"{KEY_PREFIX}{REPORTED}:{reports[0].submission}"
    return f"{KEY_PREFIX}{RECOVERED}:{reports[0].pk}"


def _event_of(row):
    """The event a row tells of, read back from its dedupe key."""
    key = row.dedupe_key.split("#", 1)[0]
    event = key[len(KEY_PREFIX) :].split(":", 1)[0] if key.startswith(KEY_PREFIX) else ""
    return event if event in TEMPLATES else None


def _reports_for(row, event):
    """The reports of the row's submission (or the one recovered report) that the recipient is told of."""
    first = AbsenceReport.objects.filter(pk=row.object_id).first() if row.object_id.isdigit() else None
    if first is None:
        return []
    reports = AbsenceReport.objects.filter(pk=first.pk)
    if event == REPORTED:
        reports = AbsenceReport.objects.filter(submission=first.submission)
    reports = reports.select_related("child", "class_page", "school", "reported_by", "recovered_reported_by").order_by(
        "child__first_name", "pk"
    )
    return [report for report in reports if told_of_absence(report).filter(pk=row.recipient_id).exists()]


def render(renderer, row, language):
    """The e-mail (and push) about an absence report, in the recipient's language; None when the reports are gone."""
    event = _event_of(row)
    reports = _reports_for(row, event) if event else []
    if not reports:
        return None
    context = {
        "user": row.recipient,
        "site_name": settings.WAGTAIL_SITE_NAME,
        **_context(row.recipient, reports, language),
    }
    subject, text, html = rendering.render_templates(TEMPLATES[event], context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    names = ", ".join(context["children_names"])
    return rendering.Message(subject, text, html, url=context["link"] or "", push_title=subject, push_body=names)


def _context(user, reports, language):
    school = reports[0].school
    is_guardian = Guardianship.objects.filter(user=user, child__in=[report.child_id for report in reports]).exists()
    if is_guardian:
        link = _page_url(school, language)
    elif absence_reports_for_staff(user, AbsenceReport.objects.all()).exists():
        base = (school.get_site().root_url if school.get_site() else "") or settings.WAGTAILADMIN_BASE_URL
        link = base.rstrip("/") + reverse("attendance_absences")
    else:
        link = None
    return {
        "reports": reports,
        "school": school,
        "is_guardian": is_guardian,
        "link": link,
        "children_names": [f"{report.child.first_name} {report.child.last_name}" for report in reports],
    }


def _page_url(school, language):
    """The school's absence page in `language` (the Dutch page when it has no translation)."""
    page = AbsenceReportPage.objects.live().child_of(school).order_by("path").first()
    if page is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    if translated is not None and translated.live:
        page = translated
    with translation.override(language):
        return page.get_full_url()


def register():
    rendering.register(Notification.ABSENCE, render)
