"""Direct unit tests of the scope rules (access.scope): who a user is at which school, and their roles.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from classes.models import Child, ClassPage, ClassTeacher
from home.models import SchoolPage, StaffRole

STAFF = {"superuser", "director", "office", "teacher_a", "teacher_b", "director_other_school"}


def test_an_active_user_is_one_who_is_logged_in_with_an_active_account(people):
    assert allowed(people, lambda user: rules.is_active_user(user)) == set(people) - {"inactive", "anonymous"}
    assert not rules.is_active_user(None)


def test_a_superuser_sees_everything_and_nobody_logged_out_or_inactive_sees_anything(world, people):
    assert rules.scope_of(people["superuser"]).everything
    for name in ("anonymous", "inactive"):
        assert rules.scope_of(people[name]) is rules.NO_SCOPE, name
    assert rules.scope_of(None) is rules.NO_SCOPE
    assert not rules.NO_SCOPE.is_member
    for name in set(people) - {"superuser", "anonymous", "inactive"}:
        scope = rules.scope_of(people[name])
        assert not scope.everything and scope.is_member, name


def test_the_scope_of_each_role_names_exactly_its_schools_and_classes(world, people):
    school, other = world.school.translation_key, world.other_school.translation_key
    class_a, class_b = world.class_a.translation_key, world.class_b.translation_key
    expected = {
        # role: (whole school keys, school keys, class keys, taught class keys)
        "director": ({school}, {school}, set(), set()),
        "office": ({school}, {school}, set(), set()),
        "director_other_school": ({other}, {other}, set(), set()),
        "teacher_a": (set(), {school}, {class_a}, {class_a}),
        "teacher_b": (set(), {school}, {class_b}, {class_b}),
        "parent_a": (set(), {school}, {class_a}, set()),
        "parent_b": (set(), {school}, {class_b}, set()),
        "parent_other_school": (set(), {other}, {world.other_class.translation_key}, set()),
    }
    for role, (whole, schools, classes, taught) in expected.items():
        scope = rules.scope_of(people[role])
        assert (
            set(scope.whole_school_keys),
            set(scope.school_keys),
            set(scope.class_keys),
            set(scope.taught_class_keys),
        ) == (
            whole,
            schools,
            classes,
            taught,
        ), role
    # Last year's class group is in nobody's scope (but the director sees it as part of the whole school).
    assert world.class_old.translation_key not in rules.scope_of(people["parent_a"]).class_keys
    assert rules.scope_of(people["teacher_a"]).taught_class_paths == {world.class_a.path}
    assert rules.scope_of(people["director"]).whole_school_paths == {world.school.path}


def test_a_teacher_without_a_role_at_the_school_any_more_teaches_no_class_there(world, people):
    teacher = people["teacher_a"]
    StaffRole.objects.filter(user=teacher).delete()
    scope = rules.scope_of(teacher)
    assert scope.taught_class_keys == frozenset() and scope.class_keys == frozenset() and not scope.is_member


def test_the_scope_is_kept_for_the_request_until_it_is_forgotten(world, people):
    teacher = people["teacher_b"]
    assert not rules.is_director(teacher, world.school)
    StaffRole.objects.create(user=teacher, school=world.school, role=StaffRole.DIRECTOR)
    assert not rules.is_director(teacher, world.school)  # still the cached scope
    rules.forget_scope(teacher)
    assert rules.is_director(teacher, world.school)
    rules.forget_scope(people["parent_a"])  # forgetting a scope never computed is harmless


def test_translation_paths_are_the_paths_of_every_translation_of_the_given_pages(world):
    assert rules.translation_paths(SchoolPage, {world.school.translation_key}) == {world.school.path}
    both = {world.class_a.translation_key, world.class_b.translation_key}
    assert rules.translation_paths(ClassPage, both) == {world.class_a.path, world.class_b.path}
    assert rules.translation_paths(SchoolPage, set()) == frozenset()
    assert rules.SCHOOL_PATH_LENGTH == len(world.school.path)
    assert rules.GROUP_PATH_LENGTH == len(world.class_a.path)
    assert rules.WHOLE_SCHOOL_ROLES == {StaffRole.DIRECTOR, StaffRole.ADMINISTRATION}


def test_roles_at_a_school_are_the_users_staff_roles_there_only(world, people):
    found = {name: set(rules.roles_at(user, world.school)) for name, user in people.items()}
    assert {name: roles for name, roles in found.items() if roles} == {
        "director": {StaffRole.DIRECTOR},
        "office": {StaffRole.ADMINISTRATION},
        "teacher_a": {StaffRole.TEACHER},
        "teacher_b": {StaffRole.TEACHER},
    }
    assert set(rules.roles_at(people["director_other_school"], world.other_school)) == {StaffRole.DIRECTOR}
    assert set(rules.roles_at(people["director"], world.other_school)) == set()


def test_staff_members_are_those_with_a_role_at_any_school_and_superusers(people):
    assert allowed(people, rules.is_staff_member) == STAFF


def test_a_director_is_director_of_their_own_school_only(world, people):
    assert allowed(people, rules.is_director, world.school) == {"superuser", "director"}
    assert allowed(people, rules.is_director, world.other_school) == {"superuser", "director_other_school"}


def test_directors_and_administration_manage_the_roster_of_their_own_school(world, people):
    assert allowed(people, rules.can_manage_roster, world.school) == {"superuser", "director", "office"}
    assert allowed(people, rules.can_manage_roster, world.other_school) == {"superuser", "director_other_school"}


def test_managed_schools_are_those_of_directors_and_administration(world, people):
    found = {name: set(rules.managed_schools(user)) for name, user in people.items()}
    assert found["superuser"] == {world.school, world.other_school}
    assert found["director"] == found["office"] == {world.school}
    assert found["director_other_school"] == {world.other_school}
    for name in ("teacher_a", "teacher_b", "parent_a", "parent_b", "parent_other_school", "inactive", "anonymous"):
        assert found[name] == set(), name


def test_director_schools_are_the_schools_a_user_directs_not_administers(world, people):
    found = {name: set(rules.director_schools(user)) for name, user in people.items()}
    assert found["superuser"] == {world.school, world.other_school}
    assert found["director"] == {world.school}
    assert found["director_other_school"] == {world.other_school}
    for name in ("office", "teacher_a", "parent_a", "parent_other_school", "inactive", "anonymous"):
        assert found[name] == set(), name


def test_visible_children_are_ones_own_ones_pupils_or_the_whole_schools(world, people):
    ana, bram, xena = world.children["Ana"], world.children["Bram"], world.children["Xena"]
    expected = {
        "superuser": set(Child.objects.all()),
        "director": {ana, bram},
        "office": {ana, bram},
        "director_other_school": {xena},
        "teacher_a": {ana},
        "teacher_b": {bram},
        "parent_a": {ana},
        "parent_b": {bram},
        "parent_other_school": {xena},
    }
    for name, children in expected.items():
        assert set(rules.visible_children(people[name])) == children, name


def test_a_teacher_does_not_see_the_pupils_of_last_years_class(world, people):
    pupil = Child.objects.create(school=world.school, first_name="Oud", last_name="Kind")
    pupil.enrollments.create(class_page=world.class_old)
    ClassTeacher.objects.create(page=world.class_old, user=people["teacher_a"])  # they taught it last year
    assert pupil not in set(rules.visible_children(people["teacher_a"]))
    assert pupil in set(rules.visible_children(people["director"]))


def test_own_children_at_a_school_are_a_guardians_active_children_there(world, people):
    ana = world.children["Ana"]
    assert set(rules.own_children_at(people["parent_a"], world.school)) == {ana}
    assert set(rules.own_children_at(people["parent_other_school"], world.other_school)) == {world.children["Xena"]}
    assert not rules.own_children_at(people["parent_a"], world.other_school).exists()
    assert not rules.own_children_at(people["parent_a"], None).exists()
    for name in set(people) - {"parent_a", "parent_b"}:
        assert not rules.own_children_at(people[name], world.school).exists(), name
    ana.left_on = timezone.localdate()
    ana.save()
    assert not rules.own_children_at(people["parent_a"], world.school).exists()
