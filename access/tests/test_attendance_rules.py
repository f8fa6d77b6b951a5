"""Direct unit tests of the absence report rules (access.attendance).

Each rule is called itself, for every role of the test world (testing/world.py, where every child has a
dentist's appointment today) plus a superuser, the school's administration, an inactive account (a
director and parent at the school) and an anonymous visitor.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from attendance.models import AbsenceReport, moment
from home.models import StaffRole

STAFF = {"superuser", "director", "office", "teacher_a", "teacher_b", "director_other_school"}


def report_of(world, name):
    """The world's dentist report of one child."""
    return AbsenceReport.objects.get(child=world.children[name])


@pytest.fixture
def sick_ana(world):
    """An open sick report of Ana, made by her mother."""
    return AbsenceReport.objects.create(
        school=world.school,
        child=world.children["Ana"],
        class_page=world.class_a,
        reason=AbsenceReport.SICK,
        starts_at=moment(timezone.localdate(), datetime.time(8, 0)),
        reported_by=world.users["parent_a"],
        submission=uuid.uuid4(),
    )


def test_only_a_guardian_of_an_active_child_at_the_school_reports_absence(world, people):
    assert allowed(people, rules.can_report_absence, world.school) == {"parent_a", "parent_b"}
    assert allowed(people, rules.can_report_absence, world.other_school) == {"parent_other_school"}
    assert allowed(people, rules.can_report_absence, None) == set()


def test_a_parent_whose_child_left_reports_no_absence(world, people):
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate()
    ana.save()
    assert allowed(people, rules.can_report_absence, world.school) == {"parent_b"}


def test_a_parent_sees_the_reports_of_their_own_children_only(world, people):
    reports = AbsenceReport.objects.all()
    assert set(rules.own_absence_reports(people["parent_a"], reports, world.school)) == {report_of(world, "Ana")}
    assert set(rules.own_absence_reports(people["parent_a"], reports)) == {report_of(world, "Ana")}
    assert set(rules.own_absence_reports(people["parent_b"], reports, world.school)) == {report_of(world, "Bram")}
    assert not rules.own_absence_reports(people["parent_a"], reports, world.other_school).exists()
    assert set(rules.own_absence_reports(people["parent_other_school"], reports)) == {report_of(world, "Xena")}


def test_staff_and_logged_out_or_inactive_users_have_no_own_absence_reports(world, people):
    reports = AbsenceReport.objects.all()
    for name in STAFF | {"inactive", "anonymous"}:
        assert not rules.own_absence_reports(people[name], reports, world.school).exists(), name


def test_own_absence_reports_filters_the_callers_queryset(world, people):
    only_bram = AbsenceReport.objects.filter(child=world.children["Bram"])
    assert not rules.own_absence_reports(people["parent_a"], only_bram).exists()


def test_a_guardian_closes_an_open_sick_report_of_their_child(world, people, sick_ana):
    assert allowed(people, rules.can_report_recovered, sick_ana) == {"parent_a"}


def test_nobody_closes_an_appointment_or_an_ended_sick_report(world, people, sick_ana):
    assert allowed(people, rules.can_report_recovered, report_of(world, "Bram")) == set()
    sick_ana.ends_at = sick_ana.starts_at + datetime.timedelta(hours=4)
    assert allowed(people, rules.can_report_recovered, sick_ana) == set()
    assert allowed(people, rules.can_report_recovered, None) == set()


def test_a_parent_whose_child_left_closes_no_report(world, people, sick_ana):
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate()
    ana.save()
    assert allowed(people, rules.can_report_recovered, sick_ana) == set()


def test_the_absence_overview_is_for_staff_of_any_school(people):
    assert allowed(people, rules.can_see_absences) == STAFF


def test_staff_see_the_absences_of_their_own_class_or_school_only(world, people):
    ana, bram, xena = report_of(world, "Ana"), report_of(world, "Bram"), report_of(world, "Xena")
    found = {
        name: set(rules.absence_reports_for_staff(user, AbsenceReport.objects.all())) for name, user in people.items()
    }
    assert found == {
        "superuser": {ana, bram, xena},
        "director": {ana, bram},
        "office": {ana, bram},
        "director_other_school": {xena},
        "teacher_a": {ana},
        "teacher_b": {bram},
        "parent_a": set(),
        "parent_b": set(),
        "parent_other_school": set(),
        "inactive": set(),
        "anonymous": set(),
    }


def test_a_teacher_without_a_role_at_the_school_sees_no_absences_of_their_former_class(world, people):
    StaffRole.objects.filter(user=people["teacher_a"]).delete()
    StaffRole.objects.create(user=people["teacher_a"], school=world.other_school, role=StaffRole.TEACHER)
    assert not rules.absence_reports_for_staff(people["teacher_a"], AbsenceReport.objects.all()).exists()


def test_the_class_teachers_administration_and_active_guardians_are_told_of_an_absence(world, people):
    told = set(rules.told_of_absence(report_of(world, "Ana")))
    # Not the director (they see the school in the admin), not the inactive father, not another class's teacher.
    assert told == {people["teacher_a"], people["office"], people["parent_a"]}
    assert set(rules.told_of_absence(report_of(world, "Bram"))) == {
        people["teacher_b"],
        people["office"],
        people["parent_b"],
    }
    assert set(rules.told_of_absence(report_of(world, "Xena"))) == {people["parent_other_school"]}


def test_a_teacher_who_left_the_school_is_not_told_of_absences_of_their_former_class(world, people):
    StaffRole.objects.filter(user=people["teacher_a"]).delete()
    assert set(rules.told_of_absence(report_of(world, "Ana"))) == {people["office"], people["parent_a"]}
