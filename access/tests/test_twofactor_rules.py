"""Direct unit tests of the two-factor rules (access.twofactor): who must use it, who may reset whose.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

import datetime

from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from accounts.models import User
from classes.models import Guardianship
from home.models import StaffRole
from testing.world import make_user


def test_superusers_directors_and_administration_must_use_two_factor(people):
    assert allowed(people, rules.must_use_two_factor) == {
        "superuser",
        "director",
        "director_other_school",
        "office",
    }


def test_the_boards_setting_adds_the_teachers_never_the_parents(people):
    assert allowed(people, rules.must_use_two_factor, True) == {
        "superuser",
        "director",
        "director_other_school",
        "office",
        "teacher_a",
        "teacher_b",
    }


def test_the_reset_page_is_for_directors_and_superusers(people):
    assert allowed(people, rules.can_reset_any_two_factor) == {"superuser", "director", "director_other_school"}


def test_a_director_resets_the_staff_and_parents_of_their_own_school_only(world, people):
    resettable = {
        name
        for name, user in people.items()
        if name != "anonymous" and rules.can_reset_two_factor(people["director"], user)
    }
    # The inactive director-and-parent is one of the school's people too.
    assert resettable == {"parent_a", "parent_b", "teacher_a", "teacher_b", "office", "inactive"}
    other = {
        name
        for name, user in people.items()
        if name != "anonymous" and rules.can_reset_two_factor(people["director_other_school"], user)
    }
    assert other == {"parent_other_school"}


def test_nobody_resets_themselves_and_directors_never_a_superuser(world, people):
    assert not rules.can_reset_two_factor(people["director"], people["director"])
    assert not rules.can_reset_two_factor(people["superuser"], people["superuser"])
    root_parent = make_user("root.parent@test.example", is_superuser=True)
    Guardianship.objects.create(child=world.children["Ana"], user=root_parent, relation=Guardianship.FATHER)
    assert not rules.can_reset_two_factor(people["director"], root_parent)


def test_a_superuser_resets_anyone_else(people):
    others = {name for name, user in people.items() if name not in ("anonymous", "superuser")}
    assert {name for name in others if rules.can_reset_two_factor(people["superuser"], people[name])} == others


def test_teachers_administration_and_parents_reset_nobody(people):
    for name in ("teacher_a", "office", "parent_a", "inactive", "anonymous"):
        assert not rules.two_factor_resettable(people[name], User.objects.all()).exists(), name


def test_a_parent_whose_child_left_is_no_longer_the_directors_to_reset(world, people):
    child = world.children["Ana"]
    child.left_on = timezone.localdate() - datetime.timedelta(days=1)
    child.save()
    assert not rules.can_reset_two_factor(people["director"], people["parent_a"])
    # Staff stay the director's as long as they have a role at the school.
    StaffRole.objects.filter(user=people["teacher_a"]).delete()
    assert not rules.can_reset_two_factor(people["director"], people["teacher_a"])
