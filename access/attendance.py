"""Absence reports (the attendance app).

* A parent reports absences of their own active children at a school, and
  sees and closes ("recovered") their own children's reports. Being staff
  does not let anyone report for a family.
* Staff see reports in the admin: teachers those of the class groups they
  teach this school year, directors and administration their whole
  school. Nobody sees another school's reports.
* Told of a report: the teachers of the child's class group, the school's
  administration and every guardian of the child.

Reports are handed in by the caller (`AbsenceReport.objects...`): this
module imports nothing of the attendance app, which sits above it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from access.scope import is_active_user, is_staff_member, own_children_at, scope_of
from classes.models import ClassTeacher, Guardianship
from home.models import StaffRole


def can_report_absence(user, school):
    """May the user report an absence at this school? Only a guardian of an active child there."""
    return own_children_at(user, school).exists()


def own_absence_reports(user, reports, school=None):
    """Filter `reports` down to those of the user's own children (at one school, if given): what a parent sees.

    Only children the user is guardian of, whoever reported; never another
    family's. A lazy queryset.
    """
    if not is_active_user(user):
        return reports.none()
    reports = reports.filter(child__guardianships__user=user)
    if school is not None:
        reports = reports.filter(school__translation_key=school.translation_key)
    return reports


def can_report_recovered(user, report):
    """May the user close this sick report as recovered?

    A guardian of the child, while the child is at the school and the report
    is still open. Staff do not close parents' reports.
    """
    if report is None or not report.is_open:
        return False
    return own_children_at(user, report.school).filter(pk=report.child_id).exists()


def can_see_absences(user):
    """May the user open the absence overview in the admin (list, export, dashboard panel)?

    Staff of any school (and superusers); what they see in it is
    `absence_reports_for_staff`. Parents never: they see their own reports on
    the absence page.
    """
    return is_staff_member(user)


def absence_reports_for_staff(user, reports):
    """Filter absence reports down to what the user sees as staff, in one SQL query.

    Directors and administration: every report of their school. Teachers:
    the reports of the class groups they teach this school year (as stored
    on the report: the child's group in the year of the absence). Superusers:
    everything. Anyone else: nothing, even for their own children (they use
    `own_absence_reports`).
    """
    scope = scope_of(user)
    if scope.everything:
        return reports
    if not scope.roles:
        return reports.none()
    return reports.filter(
        Q(school__translation_key__in=scope.whole_school_keys)
        | Q(class_page__translation_key__in=scope.taught_class_keys, school__translation_key__in=list(scope.roles))
    )


def told_of_absence(report):
    """Who is told of a report (and of its recovery): a lazy queryset of active users.

    * the teachers of the child's class group (as stored on the report), as
      long as they still have a role at the school;
    * the school's administration;
    * every guardian of the child.

    Directors are not mailed (they see the whole school in the admin).
    """
    school_key = report.school.translation_key
    staff_here = StaffRole.objects.filter(school__translation_key=school_key)
    administration = staff_here.filter(role=StaffRole.ADMINISTRATION).values("user_id")
    condition = Q(pk__in=administration) | Q(
        pk__in=Guardianship.objects.filter(child_id=report.child_id).values("user_id")
    )
    if report.class_page_id is not None:
        teachers = ClassTeacher.objects.filter(
            page__translation_key=report.class_page.translation_key, user__in=staff_here.values("user_id")
        ).values("user_id")
        condition |= Q(pk__in=teachers)
    return get_user_model().objects.filter(condition, is_active=True)
