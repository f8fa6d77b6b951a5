"""Reactions under class posts: who may react, bad input, double submits, removing, switching off, the page's cost.

The world of testing/world.py with the real URL stack; the school allows
reactions only where a test says so (the default is off).
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from access.rules import can_react, can_remove_reaction, can_switch_reactions
from moderation.models import ModerationSettings, Reaction
from moderation.services import reactions_open
from news.models import PostPage
from testing.posts import add_family, make_post, url_of


def allow(world, max_length=500, school=None):
    return ModerationSettings.objects.create(
        school=school or world.school, reactions_allowed=True, max_length=max_length
    )


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def react(client, post, text, submission=None):
    return client.post(
        reverse("moderation:react", args=[post.pk]),
        {"text": text, "submission": str(submission or uuid.uuid4()), "next": url_of(post)},
    )


def translated(message, **params):
    with translation.override("nl"):
        text = gettext(message)
    return escape(text % params if params else text)


@pytest.fixture
def post(world):
    """A class A post written by teacher_a."""
    return make_post(world.class_a, "Schoolreisje", owner=world.users["teacher_a"])


# Reacting ---------------------------------------------------------------------------------


def test_a_parent_reacts_and_everyone_who_sees_the_post_reads_it(world, post):
    allow(world)
    parent = world.users["parent_a"]
    parent.first_name, parent.last_name = "Mira", "Jansen"
    parent.save()
    client = client_as(parent)
    page = client.get(url_of(post)).content.decode()
    assert 'class="reaction-form"' in page and "data-flag-post" in page

    response = react(client, post, "Wat leuk, Ana heeft er zin in!")
    assert response.status_code == 302 and response["Location"] == url_of(post) + "#reactions"
    reaction = Reaction.objects.get()
    assert (reaction.author, reaction.post_id, reaction.by_staff) == (parent, post.pk, False)

    for role in ("parent_a", "teacher_a", "director"):
        html = client_as(world.users[role]).get(url_of(post)).content.decode()
        assert "Wat leuk, Ana heeft er zin in!" in html and "Mira Jansen" in html, role
    # Whoever does not see the post neither reads nor writes there.
    for role in ("parent_b", "teacher_b", "parent_other_school", "director_other_school"):
        assert react(client_as(world.users[role]), post, "Hallo").status_code == 404, role
    assert Reaction.objects.count() == 1


def test_the_teacher_answers_and_is_shown_as_the_school(world, post):
    allow(world)
    response = react(client_as(world.users["teacher_a"]), post, "Graag gedaan!")
    assert response.status_code == 302
    reaction = Reaction.objects.get()
    assert reaction.by_staff
    html = client_as(world.users["parent_a"]).get(url_of(post)).content.decode()
    assert re.search(rf'data-reaction="{reaction.pk}".*?class="badge"', html, re.S)


def test_reactions_are_off_until_the_school_allows_them(world, post):
    client = client_as(world.users["parent_a"])
    html = client.get(url_of(post)).content.decode()
    assert "reaction-form" not in html and "data-reactions" not in html
    assert "data-flag-post" in html  # reporting a post needs no reactions
    response = react(client, post, "Mijn tekst blijft staan")
    assert response.status_code == 400
    body = response.content.decode()
    assert translated("Reactions are closed for this post.") in body
    assert not Reaction.objects.exists()


def test_school_wide_posts_get_no_reactions(world):
    allow(world)
    post = make_post(world.school, "Schoolfeest", owner=world.users["director"])
    client = client_as(world.users["parent_a"])
    assert "reaction-form" not in client.get(url_of(post)).content.decode()
    assert react(client, post, "Leuk!").status_code == 400
    assert not can_react(world.users["parent_a"], post, reactions_open(post))
    assert not can_switch_reactions(world.users["director"], post)
    assert not Reaction.objects.exists()


def test_a_post_that_is_not_live_takes_no_reactions(world, post):
    allow(world)
    PostPage.objects.filter(pk=post.pk).update(live=False)
    post.refresh_from_db()
    assert not can_react(world.users["parent_a"], post, reactions_open(post))


@pytest.mark.parametrize(
    "text, message, params",
    [
        ("", "Write your reaction first.", {}),
        ("   ", "Write your reaction first.", {}),
        ("x" * 31, "A reaction can be at most %(max)s characters; yours has %(length)s.", {"max": 30, "length": 31}),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_text_kept(world, post, text, message, params):
    allow(world, max_length=30)
    response = react(client_as(world.users["parent_a"]), post, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert translated(message, **params) in body
    if text.strip():
        assert f">{text}</textarea>" in body
    assert not Reaction.objects.exists()


def test_a_missing_submission_key_keeps_the_text(world, post):
    allow(world)
    response = client_as(world.users["parent_a"]).post(
        reverse("moderation:react", args=[post.pk]), {"text": "Bijna kwijt"}
    )
    assert response.status_code == 400
    assert ">Bijna kwijt</textarea>" in response.content.decode()
    assert translated("The form was incomplete. Please send your reaction again.") in response.content.decode()


def test_a_double_submit_places_one_reaction(world, post):
    allow(world)
    client = client_as(world.users["parent_a"])
    key = uuid.uuid4()
    assert react(client, post, "Dubbel", key).status_code == 302
    assert react(client, post, "Dubbel", key).status_code == 302
    assert Reaction.objects.count() == 1


def test_get_is_not_allowed(world, post):
    allow(world)
    assert client_as(world.users["parent_a"]).get(reverse("moderation:react", args=[post.pk])).status_code == 405


# Removing --------------------------------------------------------------------------------


def reaction_by(world, post, role="parent_a", text="Een reactie"):
    react(client_as(world.users[role]), post, text)
    return Reaction.objects.filter(author=world.users[role]).latest("pk")


def remove(client, reaction):
    return client.post(reverse("moderation:remove", args=[reaction.pk]))


def test_the_author_removes_a_reaction_it_is_kept_and_hidden_from_parents(world, post):
    allow(world)
    other, _child = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    reaction = reaction_by(world, post, text="Dit hoort hier niet")
    # Another parent, and a teacher of another group, may not remove it.
    assert remove(client_as(other), reaction).status_code == 403
    assert remove(client_as(world.users["teacher_b"]), reaction).status_code == 404
    teacher = world.users["teacher_a"]
    teacher.first_name, teacher.last_name = "Marieke", "Bos"
    teacher.save()
    assert remove(client_as(teacher), reaction).status_code == 302
    reaction.refresh_from_db()
    assert reaction.removed_by == teacher and reaction.removed_at is not None
    for parent in (world.users["parent_a"], other):
        assert "Dit hoort hier niet" not in client_as(parent).get(url_of(post)).content.decode()
    staff_view = client_as(world.users["director"]).get(url_of(post)).content.decode()
    assert "Dit hoort hier niet" in staff_view and "data-removed-by" in staff_view and "Marieke Bos" in staff_view
    # Removing again changes nothing.
    first = reaction.removed_at
    assert remove(client_as(world.users["director"]), reaction).status_code == 302
    reaction.refresh_from_db()
    assert reaction.removed_at == first and reaction.removed_by == teacher


def test_directors_remove_reactions_other_teachers_do_not(world, post):
    allow(world)
    reaction = reaction_by(world, post)
    assert not can_remove_reaction(world.users["teacher_b"], reaction)
    assert not can_remove_reaction(world.users["director_other_school"], reaction)
    assert not can_remove_reaction(world.users["parent_b"], reaction)  # a parent of another group
    assert can_remove_reaction(world.users["director"], reaction)
    assert can_remove_reaction(world.users["teacher_a"], reaction)  # the author
    # A class teacher who did not write the post does not remove (the director's post in class A).
    directors_post = make_post(world.class_a, "Van de directie", owner=world.users["director"])
    other = reaction_by(world, directors_post)
    assert not can_remove_reaction(world.users["teacher_a"], other)


def test_a_parent_removes_their_own_reaction_and_no_one_elses(world, post):
    """Whoever wrote a reaction may take it back; it is kept for the record, like any removed reaction."""
    allow(world)
    other, _child = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    own = reaction_by(world, post, text="Oeps, verkeerde groep")
    parent = client_as(world.users["parent_a"])
    page = parent.get(url_of(post)).content.decode()
    assert f'data-remove-reaction="{own.pk}"' in page
    assert f'data-remove-reaction="{own.pk}"' not in client_as(other).get(url_of(post)).content.decode()
    assert remove(client_as(other), own).status_code == 403
    response = remove(parent, own)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.removed_by == world.users["parent_a"] and own.removed_at is not None
    page = parent.get(response["Location"]).content.decode()
    assert translated("Your reaction is removed.") in page and "Oeps, verkeerde groep" not in page
    assert "Oeps, verkeerde groep" in client_as(world.users["teacher_a"]).get(url_of(post)).content.decode()
    assert not can_remove_reaction(world.users["parent_a"], own)  # removed once is enough


# Switching off ----------------------------------------------------------------------------


def test_the_author_switches_reactions_off_and_on(world, post):
    allow(world)
    reaction_by(world, post, text="Eerste reactie")
    parent = client_as(world.users["parent_a"])
    switch = reverse("moderation:switch", args=[post.pk])
    assert parent.post(switch, {"enabled": "0"}).status_code == 403
    assert client_as(world.users["teacher_b"]).post(switch, {"enabled": "0"}).status_code == 404
    teacher = client_as(world.users["teacher_a"])
    assert 'data-switch-reactions="off"' in teacher.get(url_of(post)).content.decode()
    assert teacher.post(switch, {"enabled": "0"}).status_code == 302
    post.refresh_from_db()
    assert not post.reactions_enabled
    assert not PostPage.objects.get(pk=post.pk).latest_revision.as_object().reactions_enabled
    html = parent.get(url_of(post)).content.decode()
    assert "Eerste reactie" in html and "reaction-form" not in html and "data-reactions-closed" in html
    assert react(parent, post, "Te laat").status_code == 400
    assert client_as(world.users["director"]).post(switch, {"enabled": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.reactions_enabled
    assert react(parent, post, "Nu wel").status_code == 302


def test_the_editor_offers_the_switch_on_class_posts_only(world, post):
    client = client_as(world.users["director"])
    class_form = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert 'name="reactions_enabled"' in class_form
    school_form = client.get(reverse("wagtailadmin_pages:edit", args=[world.school_post.pk])).content.decode()
    assert 'name="reactions_enabled"' not in school_form


# What the page costs -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["parent_a", "teacher_a"])
def test_the_post_page_costs_the_same_with_one_or_many_reactions(
    world, post, role, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    allow(world)
    client = client_as(world.users[role])
    reaction_by(world, post, text="De eerste")
    client.get(url_of(post))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url_of(post)).status_code == 200
    count = len(one.captured_queries)
    for number in range(12):
        parent, _child = add_family(world.school, world.class_a, f"ouder{number}@test.example", f"Kind{number}")
        Reaction.objects.create(post=post, author=parent, text=f"Reactie {number}", submission=uuid.uuid4())
    Reaction.objects.filter(text="Reactie 3").update(removed_by=world.users["teacher_a"])
    client.get(url_of(post))  # the new families changed the roster: the scope is made anew once
    with django_assert_num_queries(count):
        response = client.get(url_of(post))
    assert response.content.decode().count("data-reaction=") == 13


@pytest.mark.parametrize("next_value", ["0", "javascript:alert(1)", "//elders.example/", "https://elders.example/", ""])
def test_a_next_address_that_is_no_path_on_this_site_goes_back_to_the_post(world, post, next_value):
    allow(world)
    response = client_as(world.users["parent_a"]).post(
        reverse("moderation:react", args=[post.pk]),
        {"text": "Leuk!", "submission": str(uuid.uuid4()), "next": next_value},
    )
    assert response.status_code == 302
    assert response["Location"] == url_of(post) + "#reactions"
    assert Reaction.objects.filter(text="Leuk!").count() == 1
