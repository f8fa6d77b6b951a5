"""Direct unit tests of the policy rules (access.policies): who is asked to accept, who sees the overview.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

from access import rules
from access.tests.roles import allowed
from classes.models import Guardianship
from policies.models import PolicyVersion


def version(page, school, number=1):
    return PolicyVersion.objects.create(page=page, school=school, number=number, requires_acceptance=True)


def test_parents_without_a_staff_role_are_asked_to_accept_policies(people):
    assert allowed(people, rules.is_asked_to_accept_policies) == {"parent_a", "parent_b", "parent_other_school"}


def test_a_staff_member_who_is_also_a_parent_is_not_asked_to_accept(world, people):
    Guardianship.objects.create(child=world.children["Bram"], user=people["teacher_a"], relation=Guardianship.FATHER)
    rules.forget_scope(people["teacher_a"])
    assert not rules.is_asked_to_accept_policies(people["teacher_a"])
    assert set(rules.asked_to_accept_policy(world.school_policy)) == {people["parent_a"], people["parent_b"]}


def test_a_policy_is_asked_of_its_schools_active_parents_only(world, people):
    # Not the inactive father, not staff, not another school's parents.
    assert set(rules.asked_to_accept_policy(world.school_policy)) == {people["parent_a"], people["parent_b"]}
    assert set(rules.asked_to_accept_policy(world.other_policy)) == {people["parent_other_school"]}


def test_a_superuser_who_is_a_parent_is_not_asked_to_accept(world, people):
    Guardianship.objects.create(child=world.children["Bram"], user=people["superuser"], relation=Guardianship.FATHER)
    assert set(rules.asked_to_accept_policy(world.school_policy)) == {people["parent_a"], people["parent_b"]}


def test_the_acceptance_overview_is_for_directors_and_administration(people):
    assert allowed(people, rules.can_see_policy_overview) == {
        "superuser",
        "director",
        "office",
        "director_other_school",
    }


def test_staff_see_the_policy_versions_of_the_schools_they_manage(world, people):
    ours = version(world.school_policy, world.school)
    theirs = version(world.other_policy, world.other_school)
    found = {
        name: set(rules.policy_versions_for_staff(user, PolicyVersion.objects.all())) for name, user in people.items()
    }
    assert {name: versions for name, versions in found.items() if versions} == {
        "superuser": {ours, theirs},
        "director": {ours},
        "office": {ours},
        "director_other_school": {theirs},
    }
    assert not rules.policy_versions_for_staff(people["director"], PolicyVersion.objects.filter(pk=theirs.pk)).exists()
