"""Direct unit tests of the reaction and report rules (access.moderation).

Posts are made with testing.posts.make_post, reports with the app's own service (moderation.services.create_flag).
Each rule is called itself, for every role of the test world (testing/world.py) plus the
extra people of access/tests/conftest.py.
"""

import uuid

import pytest
from django.utils import timezone

from access import rules
from access.tests.roles import allowed
from classes.models import Guardianship
from home.models import StaffRole
from moderation import services
from moderation.models import Flag, ModerationSettings, Reaction
from testing.posts import make_post
from testing.world import make_user

MODERATORS = {"superuser", "director", "teacher_a"}


@pytest.fixture
def post(world):
    """A class A post written by teacher_a, at a school that allows reactions."""
    ModerationSettings.objects.create(school=world.school, reactions_allowed=True)
    return make_post(world.class_a, "Schoolreisje", owner=world.users["teacher_a"])


@pytest.fixture
def school_post(world):
    """A school-wide post written by teacher_b."""
    return make_post(world.school, "Studiedag", owner=world.users["teacher_b"])


@pytest.fixture
def reaction(world, post):
    return Reaction.objects.create(post=post, author=world.users["parent_a"], text="Wat leuk!", submission=uuid.uuid4())


def test_the_author_of_a_post_is_its_owner_while_they_work_at_its_school(world, people, post):
    assert allowed(people, rules.is_post_author, post) == {"teacher_a"}
    assert allowed(people, rules.is_post_author, world.class_a_post) == set()  # a post of nobody
    assert allowed(people, rules.is_post_author, None) == set()
    StaffRole.objects.filter(user=people["teacher_a"]).delete()
    rules.forget_scope(people["teacher_a"])
    assert not rules.is_post_author(people["teacher_a"], post)


def test_a_class_post_sits_in_a_class_group(world):
    assert rules.is_class_post(world.class_a_post)
    assert not rules.is_class_post(world.school_post)
    assert not rules.is_class_post(None)


def test_the_author_and_the_schools_directors_moderate_a_post(world, people, post, school_post):
    assert allowed(people, rules.can_moderate_post, post) == MODERATORS  # not the administration, not other teachers
    assert allowed(people, rules.can_moderate_post, school_post) == {"superuser", "director", "teacher_b"}
    assert allowed(people, rules.can_moderate_post, world.other_post) == {"superuser", "director_other_school"}
    assert allowed(people, rules.can_moderate_post, None) == set()


def test_the_posts_parents_and_its_staff_react_while_reactions_are_open(world, people, post):
    assert allowed(people, rules.can_react, post, True) == {"parent_a", "superuser", "director", "office", "teacher_a"}
    assert allowed(people, rules.can_react, post, False) == set()


def test_can_react_uses_the_callers_answer_of_who_sees_as_parent(world, people, post):
    assert not rules.can_react(people["parent_a"], post, True, sees_as_parent=False)
    assert not rules.can_react(people["parent_b"], post, True, sees_as_parent=True)  # still may not see the post
    assert rules.can_react(people["teacher_a"], post, True, sees_as_parent=False)


def test_a_reaction_is_removed_by_its_writer_and_the_posts_moderators(world, people, post, reaction):
    assert allowed(people, rules.can_remove_reaction, reaction) == MODERATORS | {"parent_a"}
    assert not rules.can_remove_reaction(people["director"], reaction, may_moderate=False)
    assert rules.can_remove_reaction(people["parent_b"], reaction, may_moderate=True)  # the caller's answer counts
    reaction.removed_at = timezone.now()
    assert allowed(people, rules.can_remove_reaction, reaction) == set()
    assert allowed(people, rules.can_remove_reaction, None) == set()


def test_removed_reactions_are_seen_by_moderators_and_the_classs_staff(world, people, post, school_post):
    assert allowed(people, rules.can_see_removed_reactions, post) == MODERATORS | {"office"}
    assert allowed(people, rules.can_see_removed_reactions, school_post) == {
        "superuser",
        "director",
        "office",
        "teacher_b",
    }


def test_reactions_are_switched_for_class_posts_by_their_moderators(world, people, post, school_post):
    assert allowed(people, rules.can_switch_reactions, post) == MODERATORS
    assert allowed(people, rules.can_switch_reactions, school_post) == set()


def test_only_the_posts_parents_report_a_live_post(world, people, post):
    assert allowed(people, rules.can_flag, post) == {"parent_a"}
    assert allowed(people, rules.can_flag, world.school_post) == {"parent_a", "parent_b"}
    assert allowed(people, rules.can_flag, None) == set()
    post.unpublish()
    post.refresh_from_db()
    assert allowed(people, rules.can_flag, post) == set()


def test_a_parent_reports_a_shown_reaction_of_someone_else(world, people, post, reaction):
    neighbour = make_user("buur@test.example")
    Guardianship.objects.create(child=world.children["Ana"], user=neighbour, relation=Guardianship.MOTHER)
    assert not rules.can_flag(people["parent_a"], post, reaction)  # one's own
    assert rules.can_flag(neighbour, post, reaction)
    assert not rules.can_flag(people["parent_b"], post, reaction)
    reaction.removed_at = timezone.now()
    assert not rules.can_flag(neighbour, post, reaction)
    assert not rules.can_flag(neighbour, post, None, sees_as_parent=False)


def test_a_report_is_handled_by_the_posts_author_and_its_schools_directors(world, people, post):
    flag, _created = services.create_flag(post, people["parent_a"], "Niet aardig")
    assert allowed(people, rules.can_handle_flag, flag) == MODERATORS
    assert allowed(people, rules.can_handle_flag, None) == set()


def test_each_staff_member_lists_the_reports_they_handle(world, people, post):
    flag, _ = services.create_flag(post, people["parent_a"], "Niet aardig")
    other_post = make_post(world.other_class, "Other trip", owner=people["director_other_school"])
    other_flag, _ = services.create_flag(other_post, people["parent_other_school"], "Doubt")
    found = {name: set(rules.flags_for(user, Flag.objects.all())) for name, user in people.items()}
    assert {name: flags for name, flags in found.items() if flags} == {
        "superuser": {flag, other_flag},
        "director": {flag},
        "teacher_a": {flag},
        "director_other_school": {other_flag},
    }
    assert not rules.flags_for(people["director"], Flag.objects.exclude(pk=flag.pk)).exists()
