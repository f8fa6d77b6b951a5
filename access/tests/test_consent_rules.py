"""Direct unit tests of the consent and photo rules (access.consent).

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
The consent facts (is a photo hidden, does the school allow downloads) are the caller's callables.
"""

from django.utils import timezone

from access import rules
from access.tests.roles import allowed

STAFF = {"superuser", "director", "office", "teacher_a", "teacher_b", "director_other_school"}
PARENTS = {"parent_a", "parent_b", "parent_other_school"}


def answer(value):
    return lambda: value


def never_asked():
    raise AssertionError("the consent data was looked up for staff")


def test_a_guardian_answers_consent_for_their_own_children_who_have_not_left(world, people):
    found = {name: list(rules.consent_children(user)) for name, user in people.items()}
    assert {name: children for name, children in found.items() if children} == {
        "parent_a": [world.children["Ana"]],
        "parent_b": [world.children["Bram"]],
        "parent_other_school": [world.children["Xena"]],
    }
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate()
    ana.save()
    assert not rules.consent_children(people["parent_a"]).exists()


def test_the_consent_overview_is_for_directors_and_administration_of_their_school(world, people):
    found = {name: set(rules.consent_overview_schools(user)) for name, user in people.items()}
    assert {name: schools for name, schools in found.items() if schools} == {
        "superuser": {world.school, world.other_school},
        "director": {world.school},
        "office": {world.school},
        "director_other_school": {world.other_school},
    }
    assert allowed(people, rules.can_see_consent_overview) == {
        "superuser",
        "director",
        "office",
        "director_other_school",
    }


def test_staff_see_hidden_photos_and_parents_never(people):
    assert allowed(people, rules.sees_hidden_photos) == STAFF


def test_staff_always_download_originals_and_parents_when_the_school_allows(people):
    assert allowed(people, rules.photo_downloads_allowed, answer(False)) == STAFF
    assert allowed(people, rules.photo_downloads_allowed, answer(True)) == STAFF | PARENTS
    for name in STAFF:
        assert rules.photo_downloads_allowed(people[name], never_asked), name


def test_a_hidden_photo_is_refused_to_parents_originals_and_renditions_alike(people):
    for original in (True, False):
        assert allowed(people, rules.can_view_photo_file, original, answer(True), answer(True)) == STAFF


def test_a_shown_photos_original_is_for_parents_only_where_the_school_allows_downloads(people):
    # A rendition of a shown photo follows the page (checked by can_view_collection, not here).
    everyone = set(people)
    assert allowed(people, rules.can_view_photo_file, False, answer(False), answer(False)) == everyone
    assert allowed(people, rules.can_view_photo_file, True, answer(False), answer(True)) == everyone
    assert allowed(people, rules.can_view_photo_file, True, answer(False), answer(False)) == STAFF


def test_staff_get_a_photo_file_without_a_look_at_the_consent_data(people):
    for name in STAFF:
        assert rules.can_view_photo_file(people[name], True, never_asked, never_asked), name
