"""The rules of `access.rules`, checked page by page and as one SQL filter."""

import pytest
from wagtail.models import Page

from access.rules import can_view_page, visible_pages
from classes.models import Child


def names(world):
    return {
        "school": world.school,
        "school_info": world.school_info,
        "class_a": world.class_a,
        "class_a_info": world.class_a_info,
        "class_b": world.class_b,
        "class_b_info": world.class_b_info,
        "class_old": world.class_old,
        "other_school": world.other_school,
        "other_class": world.other_class,
        "other_info": world.other_info,
    }


EXPECTED = {
    "parent_a": {"school", "school_info", "class_a", "class_a_info"},
    "parent_b": {"school", "school_info", "class_b", "class_b_info"},
    "parent_other_school": {"other_school", "other_class", "other_info"},
    "teacher_a": {"school", "school_info", "class_a", "class_a_info"},
    "teacher_b": {"school", "school_info", "class_b", "class_b_info"},
    "director": {"school", "school_info", "class_a", "class_a_info", "class_b", "class_b_info", "class_old"},
    "director_other_school": {"other_school", "other_class", "other_info"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_pages(world, role):
    user = world.users[role]
    pages = names(world)
    seen_one_by_one = {name for name, page in pages.items() if can_view_page(user, page)}
    assert seen_one_by_one == EXPECTED[role]

    visible_ids = set(visible_pages(user, Page.objects.all()).values_list("id", flat=True))
    seen_in_listing = {name for name, page in pages.items() if page.id in visible_ids}
    assert seen_in_listing == EXPECTED[role]


def test_root_and_unknown_pages_are_hidden(world):
    root = Page.get_first_root_node()
    for user in world.users.values():
        assert not can_view_page(user, root)


def test_parent_loses_class_when_child_leaves(world):
    from django.utils import timezone

    user = world.users["parent_a"]
    Child.objects.filter(first_name="Ana").update(left_on=timezone.localdate())
    assert not can_view_page(user, world.class_a)
    assert not can_view_page(user, world.school)
    assert visible_pages(user).count() == 0


def test_translation_of_a_class_is_visible_like_its_source(world):
    from wagtail.models import Locale

    en = Locale.objects.get(language_code="en")
    school_en = world.school.copy_for_translation(en)
    school_en.save_revision().publish()
    class_a_en = world.class_a.copy_for_translation(en)
    class_b_en = world.class_b.copy_for_translation(en)
    parent = world.users["parent_a"]
    assert can_view_page(parent, school_en)
    assert can_view_page(parent, class_a_en)
    assert not can_view_page(parent, class_b_en)
    listed = set(visible_pages(parent).values_list("id", flat=True))
    assert class_a_en.id in listed and class_b_en.id not in listed
