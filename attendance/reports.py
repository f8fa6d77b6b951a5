"""Making and closing absence reports: the rules of the data, apart from any request.

`submit` turns one validated form into a report per child, `recover` closes
an open sick report. Both are safe to call twice with the same input (a
double submit): the second call changes nothing and says so, so nobody is
told twice. Telling people is an outbox row per person written in the same
transaction (`attendance.notices`); the task worker sends them, at the
school's next working moment.

A child gets at most `settings.ABSENCE_EVENTS_PER_CHILD_PER_DAY` reports
and "better" reports a day, whoever of the guardians makes them; beyond it
`submit` and `recover` raise `TooManyToday` and the form asks the parent to
call the school. Why a refusal, and not mails merged or held back:

* Every report that is accepted is told at once (in working hours): the
  teacher must know at 08:30 who is away, so holding mails back to merge
  them would delay the one report that matters, the first.
* A limit per child bounds what one report tells: at most that many mails
  per person told (teacher, administration, each guardian) per child per
  day, instead of one per click (30 reports once sent 64 mails).
* A parent of a genuinely sick child never meets it: a sick report, a
  correction, "better", sick again after lunch and "better" again stay
  within the default of 5. Whoever needs more is better served by a call.

It is a technical guard against floods (a Django setting), not school
policy: a school has no reason to tune it, and no setting of its own to
forget. The count comes from the reports themselves, so it holds across
processes without a counter of its own. Two reports sent at the very same
moment may both pass the last place; that is one mail per person more.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from attendance import notices
from attendance.models import AbsenceReport, moment, site_timezone
from classes.models import Enrollment
from classes.schoolyear import school_year_of
from schoolcalendar import calendar as school_calendar


class OpenSickReportExists(Exception):
    """A child already has an open sick report (found by the database constraint)."""


class TooManyToday(Exception):
    """The children (a list) had today's number of reports already: the parent should call the school."""

    def __init__(self, children):
        super().__init__(children)
        self.children = children


def events_today(child_ids, now):
    """How many reports and "better" reports each child had today (the site's calendar day): {child id: count}."""
    today = timezone.localtime(now, site_timezone()).date()
    start = moment(today, datetime.time.min)
    end = moment(today + datetime.timedelta(days=1), datetime.time.min)
    counts = dict.fromkeys(child_ids, 0)
    made = Q(reported_at__gte=start, reported_at__lt=end)
    recovered = Q(recovered_reported_at__gte=start, recovered_reported_at__lt=end)
    for child_id, made_today, recovered_today in (
        AbsenceReport.objects.filter(child_id__in=child_ids)
        .filter(made | recovered)
        .values_list("child_id", "reported_at", "recovered_reported_at")
    ):
        counts[child_id] += int(start <= made_today < end)
        counts[child_id] += int(recovered_today is not None and start <= recovered_today < end)
    return counts


def check_daily_limit(children, now):
    """Raise TooManyToday when any of the children had today's reports already."""
    limit = settings.ABSENCE_EVENTS_PER_CHILD_PER_DAY
    counts = events_today([child.pk for child in children], now)
    over = [child for child in children if counts[child.pk] >= limit]
    if over:
        raise TooManyToday(over)


@dataclass
class Submission:
    reports: list
    created: bool  # False: this token was submitted before; nothing new was made


def first_school_day(calendar, first_day, last_day):
    """The first school day from first_day to last_day (None when there is none)."""
    day = first_day
    while day <= last_day:
        if calendar.is_school_day(day):
            return day
        day += datetime.timedelta(days=1)
    return None


def is_late(calendar, starts_at, ends_at, reported_at):
    """Was the school told after the child was due at school?

    The child is due on the first school day of the absence (weekends,
    holidays and closed days of the school's calendar skipped) at the
    school's start time (`school_starts_at`, a per-school setting), or later
    that day when the absence itself starts later (an appointment at 14:00).
    A report after that moment is accepted, and marked late. An absence
    that touches no school day is never late.
    """
    start = timezone.localtime(starts_at, site_timezone())
    reported_day = timezone.localtime(reported_at, site_timezone()).date()
    last_day = timezone.localtime(ends_at, site_timezone()).date() if ends_at else max(start.date(), reported_day)
    day = first_school_day(calendar, start.date(), last_day)
    if day is None:
        return False
    due = moment(day, calendar.school_starts_at)
    if day == start.date():
        due = max(due, starts_at)
    return reported_at > due


def class_group_of(child, day):
    """The child's class group in the school year of `day` (None when not enrolled that year)."""
    enrollment = (
        Enrollment.objects.filter(child=child, school_year=school_year_of(day)).select_related("class_page").first()
    )
    return enrollment.class_page if enrollment else None


def submit(*, school, user, children, reason, note, starts_at, ends_at, token, now=None):
    """Make one report per child; or, for a token seen before, return its reports.

    Raises OpenSickReportExists when an open-ended sick report meets one the
    child has already (a race the form's own check did not see), and
    TooManyToday when a child had the day's number of reports already (a
    submit sent twice is found above and never counts twice).
    """
    now = now or timezone.now()
    existing = list(AbsenceReport.objects.filter(submission=token, reported_by=user).select_related("child"))
    if existing:
        return Submission(existing, created=False)
    check_daily_limit(children, now)
    calendar = school_calendar.load(school, timezone.localtime(starts_at, site_timezone()).date())
    late = is_late(calendar, starts_at, ends_at, now)
    day = timezone.localtime(starts_at, site_timezone()).date()
    try:
        with transaction.atomic():
            reports = [
                AbsenceReport.objects.create(
                    school=child.school,
                    child=child,
                    class_page=class_group_of(child, day),
                    reason=reason,
                    note=note,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    late=late,
                    reported_at=now,
                    reported_by=user,
                    submission=token,
                )
                for child in children
            ]
            notices.tell(reports, notices.REPORTED)
    except IntegrityError:
        # Sent twice at the same moment: the other request made the reports.
        existing = list(AbsenceReport.objects.filter(submission=token, reported_by=user).select_related("child"))
        if existing:
            return Submission(existing, created=False)
        raise OpenSickReportExists from None
    return Submission(reports, created=True)


def recover(report, *, user, ends_at, now=None):
    """Close an open sick report: the child is better from `ends_at` on.

    Returns False (and changes nothing) when the report was closed already,
    for instance by the other guardian or by a second click. Raises
    TooManyToday when the child had the day's number of reports already.
    """
    now = now or timezone.now()
    if report.is_open:
        check_daily_limit([report.child], now)
    with transaction.atomic():
        closed = AbsenceReport.objects.filter(pk=report.pk, reason=AbsenceReport.SICK, ends_at__isnull=True).update(
            ends_at=ends_at, recovered_reported_at=now, recovered_reported_by=user
        )
        if closed:
            notices.tell(
                AbsenceReport.objects.filter(pk=report.pk).select_related("school", "class_page"), notices.RECOVERED
            )
    return bool(closed)
