"""Direct unit tests of the leave request rules (access.leave).

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from classes.models import Guardianship
from classes.schoolyear import current_school_year
from leave import rules as leave_rules
from leave.models import LeaveRequest


def leave_request(school, requested_by, children):
    request = LeaveRequest.objects.create(
        school=school,
        requested_by=requested_by,
        kind=leave_rules.HOLIDAY,
        first_day=datetime.date(2026, 11, 23),
        last_day=datetime.date(2026, 11, 24),
        school_days=2,
        school_year=current_school_year(),
        submission_key=uuid.uuid4(),
    )
    request.children.set(children)
    return request


@pytest.fixture
def ana_leave(world):
    """parent_a asks leave for Ana."""
    return leave_request(world.school, world.users["parent_a"], [world.children["Ana"]])


@pytest.fixture
def xena_leave(world):
    return leave_request(world.other_school, world.users["parent_other_school"], [world.children["Xena"]])


def test_only_a_parent_with_an_active_child_at_the_school_asks_for_leave(world, people):
    assert allowed(people, rules.can_request_leave, world.school) == {"parent_a", "parent_b"}
    assert allowed(people, rules.can_request_leave, world.other_school) == {"parent_other_school"}
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate()
    ana.save()
    assert allowed(people, rules.can_request_leave, world.school) == {"parent_b"}


def test_a_request_is_seen_by_the_parent_who_asked_and_the_schools_management(world, people, ana_leave, xena_leave):
    # Not the child's other (inactive) guardian, not teachers, not another school's director.
    assert allowed(people, rules.can_view_leave_request, ana_leave) == {"parent_a", "superuser", "director", "office"}
    assert allowed(people, rules.can_view_leave_request, xena_leave) == {
        "parent_other_school",
        "superuser",
        "director_other_school",
    }
    assert allowed(people, rules.can_view_leave_request, None) == set()


def test_the_review_queue_is_for_directors_and_administration_of_any_school(people):
    assert allowed(people, rules.can_review_leave) == {"superuser", "director", "office", "director_other_school"}


def test_the_review_queue_holds_the_requests_of_ones_own_schools_only(world, people, ana_leave, xena_leave):
    found = {
        name: set(rules.reviewable_leave_requests(user, LeaveRequest.objects.all())) for name, user in people.items()
    }
    assert found == {
        "superuser": {ana_leave, xena_leave},
        "director": {ana_leave},
        "office": {ana_leave},
        "director_other_school": {xena_leave},
        "teacher_a": set(),
        "teacher_b": set(),
        "parent_a": set(),
        "parent_b": set(),
        "parent_other_school": set(),
        "inactive": set(),
        "anonymous": set(),
    }


def test_only_the_schools_directors_decide_a_request(world, people, ana_leave, xena_leave):
    assert allowed(people, rules.can_decide_leave, ana_leave) == {"superuser", "director"}
    assert allowed(people, rules.can_decide_leave, xena_leave) == {"superuser", "director_other_school"}
    assert allowed(people, rules.can_decide_leave, None) == set()


def test_a_director_does_not_decide_their_own_request(world, people):
    director = people["director"]
    Guardianship.objects.create(child=world.children["Bram"], user=director, relation=Guardianship.FATHER)
    own = leave_request(world.school, director, [world.children["Bram"]])
    assert allowed(people, rules.can_decide_leave, own) == {"superuser"}
    assert rules.can_view_leave_request(director, own)


def test_the_parent_who_asked_withdraws_a_request_while_it_waits(world, people, ana_leave):
    assert allowed(people, rules.can_withdraw_leave, ana_leave) == {"parent_a"}
    ana_leave.status = leave_rules.APPROVED
    assert allowed(people, rules.can_withdraw_leave, ana_leave) == set()
    assert allowed(people, rules.can_withdraw_leave, None) == set()
