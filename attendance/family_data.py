"""The absence reports of the family's children, for the family data export (privacy.registry).

Every report of the parent's children, whoever of their guardians made it,
as the parent sees them on the absence page (access.rules.own_absence_reports).
"""

from django.utils.translation import gettext_lazy as _

from attendance.models import AbsenceReport
from privacy.registry import Part, moment, name_of, register


@register("absence_reports", _("Absence reports of your children"), order=40)
def absence_reports(family):
    reports = family.at_schools(
        AbsenceReport.objects.filter(child_id__in=family.child_ids).select_related(
            "child", "school", "class_page", "reported_by", "recovered_reported_by"
        )
    ).order_by("starts_at", "pk")
    return Part(
        [
            {
                "child": str(report.child),
                "school": report.school.title,
                "class_group": report.class_page.title if report.class_page else None,
                "reason": report.get_reason_display(),
                "note": report.note,
                "from": moment(report.starts_at),
                "until": moment(report.ends_at),
                "reported_at": moment(report.reported_at),
                "reported_by": name_of(report.reported_by),
                "reported_late": report.late,
                "recovery_reported_at": moment(report.recovered_reported_at),
                "recovery_reported_by": name_of(report.recovered_reported_by),
            }
            for report in reports
        ]
    )
