"""Direct unit tests of the page rules (access.posts): seeing pages and media, and the audience of a page.

Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Collection, Page

from access import rules
from access.tests.roles import allowed
from classes.models import Enrollment, Guardianship
from privatemedia.collections import collection_for_page


def test_a_class_post_is_seen_by_its_parents_teachers_and_the_schools_management(world, people):
    expected = {"superuser", "director", "office", "teacher_a", "parent_a"}
    assert allowed(people, rules.can_view_page, world.class_a_post) == expected
    listed = {
        name for name, user in people.items() if rules.visible_pages(user).filter(pk=world.class_a_post.pk).exists()
    }
    assert listed == expected


def test_a_school_wide_post_is_seen_by_every_member_of_that_school_only(world, people):
    expected = {"superuser", "director", "office", "teacher_a", "teacher_b", "parent_a", "parent_b"}
    assert allowed(people, rules.can_view_page, world.school_post) == expected
    assert allowed(people, rules.can_view_page, world.other_post) == {
        "superuser",
        "director_other_school",
        "parent_other_school",
    }


def test_last_years_class_is_for_the_whole_school_staff_only(world, people):
    assert allowed(people, rules.can_view_page, world.class_old) == {"superuser", "director", "office"}


def test_visible_pages_filters_the_callers_queryset(world, people):
    posts = Page.objects.filter(pk__in=[world.school_post.pk, world.class_b_post.pk, world.other_post.pk])
    assert set(rules.visible_pages(people["parent_b"], posts)) == {
        world.school_post.page_ptr,
        world.class_b_post.page_ptr,
    }
    assert set(rules.visible_pages(people["superuser"], posts)) == set(posts)
    for name in ("anonymous", "inactive"):
        assert not rules.visible_pages(people[name], posts).exists(), name


def test_visible_schools_are_those_whose_school_wide_group_the_user_sees(world, people):
    found = {name: set(rules.visible_schools(user)) for name, user in people.items()}
    assert found["superuser"] == {world.school, world.other_school}
    for name in ("director", "office", "teacher_a", "teacher_b", "parent_a", "parent_b"):
        assert found[name] == {world.school}, name
    assert found["director_other_school"] == found["parent_other_school"] == {world.other_school}
    assert found["anonymous"] == found["inactive"] == set()


def test_visible_classes_are_ones_own_class_groups_or_the_whole_schools(world, people):
    found = {name: set(rules.visible_classes(user)) for name, user in people.items()}
    assert found["director"] == found["office"] == {world.class_a, world.class_b, world.class_old}
    assert found["teacher_a"] == found["parent_a"] == {world.class_a}
    assert found["teacher_b"] == found["parent_b"] == {world.class_b}
    assert found["director_other_school"] == found["parent_other_school"] == {world.other_class}
    assert found["anonymous"] == found["inactive"] == set()


def test_a_collections_media_are_as_visible_as_its_group(world, people):
    class_a_media = collection_for_page(world.class_a)
    school_media = collection_for_page(world.school)
    assert class_a_media is not None and school_media is not None
    assert allowed(people, rules.can_view_collection, class_a_media) == {
        "superuser",
        "director",
        "office",
        "teacher_a",
        "parent_a",
    }
    assert allowed(people, rules.can_view_collection, class_a_media.pk) == {
        "superuser",
        "director",
        "office",
        "teacher_a",
        "parent_a",
    }
    assert allowed(people, rules.can_view_collection, school_media) == {
        "superuser",
        "director",
        "office",
        "teacher_a",
        "teacher_b",
        "parent_a",
        "parent_b",
    }


def test_a_collection_of_no_group_is_for_superusers_only(people):
    assert allowed(people, rules.can_view_collection, Collection.get_first_root_node()) == {"superuser"}
    assert allowed(people, rules.can_view_collection, None) == {"superuser"}


def test_the_children_of_a_page_are_its_class_groups_pupils_or_the_whole_schools(world):
    ana, bram = world.children["Ana"], world.children["Bram"]
    assert set(rules.children_of_page(world.class_a_post)) == {ana}
    assert set(rules.children_of_page(world.class_b)) == {bram}
    assert set(rules.children_of_page(world.school_post)) == {ana, bram}
    assert set(rules.children_of_page(world.other_post)) == {world.children["Xena"]}
    assert not rules.children_of_page(world.class_old).exists()  # another school year
    assert not rules.children_of_page(Page.get_first_root_node()).exists()
    assert not rules.children_of_page(None).exists()


def test_a_child_who_left_is_no_longer_a_child_of_the_page(world):
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate()
    ana.save()
    assert set(rules.children_of_page(world.school_post)) == {world.children["Bram"]}


def test_the_parents_who_see_a_page_are_the_active_guardians_of_its_children(world, people):
    assert set(rules.parents_who_see(world.class_a_post)) == {people["parent_a"]}  # not the inactive father
    assert set(rules.parents_who_see(world.school_post)) == {people["parent_a"], people["parent_b"]}
    assert set(rules.parents_who_see(world.other_post)) == {people["parent_other_school"]}
    assert allowed(people, rules.is_parent_who_sees, world.class_a_post) == {"parent_a"}
    assert allowed(people, rules.is_parent_who_sees, world.school_post) == {"parent_a", "parent_b"}


def test_a_staff_member_who_is_also_a_guardian_is_one_of_the_pages_parents(world, people):
    Guardianship.objects.create(child=world.children["Bram"], user=people["teacher_a"], relation=Guardianship.FATHER)
    assert rules.is_parent_who_sees(people["teacher_a"], world.class_b_post)
    assert not rules.is_parent_who_sees(people["teacher_a"], world.class_a_post)


def test_the_class_teachers_and_management_follow_up_on_a_class_post(world, people):
    assert allowed(people, rules.can_follow_up, world.class_a_post) == {"superuser", "director", "office", "teacher_a"}
    assert allowed(people, rules.can_follow_up, world.class_b_post) == {"superuser", "director", "office", "teacher_b"}


def test_only_management_follows_up_on_a_school_wide_post(world, people):
    assert allowed(people, rules.can_follow_up, world.school_post) == {"superuser", "director", "office"}
    assert allowed(people, rules.can_follow_up, world.other_post) == {"superuser", "director_other_school"}
    assert allowed(people, rules.can_follow_up, world.school) == {"superuser"}  # a school page itself: depth 2
    assert allowed(people, rules.can_follow_up, None) == {"superuser"}


def test_other_teachers_of_the_school_see_response_totals_of_school_wide_posts_only(world, people):
    followers = {"superuser", "director", "office"}
    assert allowed(people, rules.can_see_response_totals, world.school_post) == followers | {"teacher_a", "teacher_b"}
    assert allowed(people, rules.can_see_response_totals, world.class_a_post) == followers | {"teacher_a"}
    assert allowed(people, rules.can_see_response_totals, world.class_b_post) == followers | {"teacher_b"}
    assert allowed(people, rules.can_see_response_totals, world.other_post) == {"superuser", "director_other_school"}


def test_being_one_of_the_posts_parents_follows_the_roster_and_the_day_though_kept_in_the_cache(world, clock):
    """The answer is cached under the roster token and the day; each user object below is a new request's."""

    def parent_a():
        return get_user_model().objects.get(pk=world.users["parent_a"].pk)

    assert rules.is_parent_who_sees(parent_a(), world.class_a_post)
    enrollment = Enrollment.objects.get(child=world.children["Ana"], class_page=world.class_a)
    enrollment.class_page = world.class_b
    enrollment.save()
    assert not rules.is_parent_who_sees(parent_a(), world.class_a_post)
    assert rules.is_parent_who_sees(parent_a(), world.class_b_post)
    ana = world.children["Ana"]
    ana.left_on = timezone.localdate() + datetime.timedelta(days=1)
    ana.save()
    assert rules.is_parent_who_sees(parent_a(), world.class_b_post)
    clock.set(clock.now + datetime.timedelta(days=2))
    assert not rules.is_parent_who_sees(parent_a(), world.class_b_post)
