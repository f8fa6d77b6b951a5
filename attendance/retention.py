"""How long absence reports are kept: 5 years after the child left the school (the Leerplichtwet).

Registered with the retention mechanism (`retention.registry`). A report
of a child still at school is kept whatever its age: the period starts
when the child leaves. The reports are deleted, not anonymised: a report
is about one child, and the figures of "Portal use" only count recent
months.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from attendance.models import AbsenceReport, site_timezone
from retention.periods import shift_years
from retention.registry import DELETE, Rule, delete_all, register


def due(school, years, moment):
    """Reports of the school's children who left more than `years` years before `moment`'s day."""
    today = timezone.localdate(moment, timezone=site_timezone())
    return AbsenceReport.objects.filter(
        school=school, child__left_on__isnull=False, child__left_on__lt=shift_years(today, -years)
    ).select_related("child")


def expires(report, years):
    return shift_years(report.child.left_on, years) + datetime.timedelta(days=1)


def describe(report):
    return gettext("Absence report of %(day)s (%(reason)s)") % {
        "day": formats.date_format(timezone.localtime(report.starts_at, site_timezone()).date(), "j F Y"),
        "reason": report.get_reason_display(),
    }


register(
    Rule(
        key="attendance.absence_reports",
        label=_("Absence reports of children who left"),
        setting="absence_years",
        action=DELETE,
        due=due,
        expires=expires,
        describe=describe,
        apply=delete_all,
        order=10,
    )
)
