"""Direct unit tests of the family data export rules (access.privacy): own family, own school, own download.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

from types import SimpleNamespace

from access import rules
from access.tests.roles import allowed
from accounts.models import User
from classes.models import Child, Guardianship


def test_only_guardians_export_their_own_data(people):
    assert allowed(people, rules.can_export_own_data) == {"parent_a", "parent_b", "parent_other_school"}


def test_the_children_of_an_export_are_the_parent_s_own_at_the_school_if_given(world):
    parent = world.users["parent_a"]
    zora = Child.objects.create(school=world.other_school, first_name="Zora", last_name="Anders")
    Guardianship.objects.create(child=zora, user=parent, relation=Guardianship.MOTHER)
    assert list(rules.export_children(parent)) == [world.children["Ana"], zora]
    assert list(rules.export_children(parent, world.school)) == [world.children["Ana"]]
    assert list(rules.export_children(parent, world.other_school)) == [zora]
    assert list(rules.export_children(world.users["teacher_a"])) == []


def test_family_exports_are_made_by_the_directors_of_a_school(world, people):
    assert allowed(people, rules.can_export_families) == {"superuser", "director", "director_other_school"}
    found = {name: set(rules.family_export_schools(user)) for name, user in people.items()}
    assert {name: schools for name, schools in found.items() if schools} == {
        "superuser": {world.school, world.other_school},
        "director": {world.school},
        "director_other_school": {world.other_school},
    }


def test_a_director_exports_only_the_parents_of_their_own_school(world, people):
    parent_a, parent_other = world.users["parent_a"], world.users["parent_other_school"]
    assert allowed(people, rules.can_export_family, parent_a, world.school) == {"superuser", "director"}
    assert allowed(people, rules.can_export_family, parent_other, world.other_school) == {
        "superuser",
        "director_other_school",
    }
    # A parent is not exported at a school where they have no child, nor a staff member as a parent.
    assert allowed(people, rules.can_export_family, parent_a, world.other_school) == set()
    assert allowed(people, rules.can_export_family, world.users["teacher_a"], world.school) == set()
    assert allowed(people, rules.can_export_family, None, world.school) == set()
    assert allowed(people, rules.can_export_family, parent_a, None) == set()


def test_the_exportable_parents_are_the_guardians_at_the_directed_school(world):
    users = User.objects.all()
    director = world.users["director"]
    assert set(rules.exportable_parents(director, users, world.school)) == {
        world.users["parent_a"],
        world.users["parent_b"],
    }
    assert list(rules.exportable_parents(director, users, world.other_school)) == []
    assert list(rules.exportable_parents(world.users["teacher_a"], users, world.school)) == []


def test_only_who_requested_an_export_downloads_it(world, people):
    export = SimpleNamespace(requested_by_id=world.users["director"].pk)
    assert allowed(people, rules.can_download_export, export) == {"director"}
    assert allowed(people, rules.can_download_export, None) == set()
