"""Answering a post's event invitation: yes, no or maybe, and with how many people.

The answer is a POST to the post itself, so the page's access check applies
to it like to any visit. Real database, real middleware (CSRF included).
"""

import re

import pytest
from django.test import Client
from wagtail.models import Locale

from news.forms import PEOPLE_RANGE_MESSAGE
from news.models import EventResponse, PostPage
from news.responses import totals
from schoolcalendar.publishing import without_working_hours
from testing.posts import add_family, event_fields, make_post, url_of

RANGE = object()  # "Give a number of people from 0 to 20.", as news.forms words it


@pytest.fixture
def invitation(world):
    return make_post(world.class_a, "Kijkmiddag", **event_fields())


def answer(client, user, post, url=None, **data):
    client.force_login(user)
    return client.post(url or url_of(post), data)


def test_a_parent_answers_and_is_sent_back_with_a_message(client, world, invitation):
    parent = world.users["parent_a"]
    response = answer(client, parent, invitation, answer="yes", people="3")
    assert response.status_code == 302
    assert response["Location"] == url_of(invitation) + "#event"
    saved = EventResponse.objects.get(post=invitation, user=parent)
    assert (saved.answer, saved.people) == ("yes", 3)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'class="messages"' in html  # "Thank you, your answer has been saved."
    assert 'data-your-answer="yes"' in html
    # The form shows the current answer, ready to be changed.
    assert re.search(r'<input type="radio" name="answer" value="yes"[^>]*checked', html)
    assert re.search(r'name="people" value="3"', html)


def test_a_later_answer_replaces_the_first_and_a_double_submit_makes_one_row(client, world, invitation):
    parent = world.users["parent_a"]
    for _ in range(2):
        assert answer(client, parent, invitation, answer="maybe", people="2").status_code == 302
    assert answer(client, parent, invitation, answer="no", people="4").status_code == 302
    rows = EventResponse.objects.filter(post=invitation, user=parent)
    assert rows.count() == 1
    # "No" brings nobody, whatever was typed.
    assert (rows.get().answer, rows.get().people) == ("no", 0)


def test_no_needs_no_number(client, world, invitation):
    assert answer(client, world.users["parent_a"], invitation, answer="no", people="").status_code == 302
    assert EventResponse.objects.get(post=invitation).people == 0


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"people": "2"}, "answer", "Choose yes, no or maybe."),
        ({"answer": "perhaps", "people": "2"}, "answer", "Choose yes, no or maybe."),
        ({"answer": "yes", "people": "21"}, "people", RANGE),
        ({"answer": "yes", "people": "-1"}, "people", RANGE),
        ({"answer": "maybe", "people": "twee"}, "people", RANGE),
        ({"answer": "yes", "people": ""}, "people", "Say with how many people you come."),
        (
            {"answer": "yes", "people": "0"},
            "people",
            "You answered yes: say with how many people you come, at least 1.",
        ),
    ],
)
def test_bad_input_shows_the_form_again_with_a_clear_message(client, world, invitation, data, field, message):
    from django.utils import translation

    response = answer(client, world.users["parent_a"], invitation, **data)
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override(response["Content-Language"]):
        expected = str(PEOPLE_RANGE_MESSAGE) if message is RANGE else translation.gettext(message)
    assert expected in html.replace("&#x27;", "'")
    assert 'role="alert"' in html
    assert not EventResponse.objects.exists()
    # Nothing the parent typed is lost.
    if data.get("people"):
        assert f'name="people" value="{data["people"]}"' in html
    if data.get("answer") in ("yes", "maybe"):
        assert re.search(rf'<input type="radio" name="answer" value="{data["answer"]}"[^>]*checked', html)


def test_a_parent_of_another_class_cannot_answer(client, world, invitation):
    response = answer(client, world.users["parent_b"], invitation, answer="yes", people="1")
    assert response.status_code == 404
    assert "Kijkmiddag" not in response.content.decode()
    assert not EventResponse.objects.exists()


def test_a_parent_of_another_school_cannot_answer_a_school_post(client, world):
    post = make_post(world.school, "Schoolfeest", **event_fields())
    response = answer(client, world.users["parent_other_school"], post, answer="yes", people="1")
    assert response.status_code == 404
    assert not EventResponse.objects.exists()
    # Every parent of the school can.
    for role in ("parent_a", "parent_b"):
        assert answer(client, world.users[role], post, answer="yes", people="1").status_code == 302
    assert EventResponse.objects.filter(post=post).count() == 2


@pytest.mark.parametrize("role", ["teacher_a", "director"])
def test_staff_do_not_answer(client, world, invitation, role):
    response = answer(client, world.users[role], invitation, answer="yes", people="1")
    assert response.status_code == 403
    assert not EventResponse.objects.exists()
    html = client.get(url_of(invitation)).content.decode()
    assert "answer-form" not in html


def test_anonymous_users_are_sent_to_the_login_form(client, world, invitation):
    response = client.post(url_of(invitation), {"answer": "yes", "people": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not EventResponse.objects.exists()


def test_a_parent_whose_child_left_cannot_answer(client, world, invitation):
    from django.utils import timezone

    world.children["Ana"].left_on = timezone.localdate()
    world.children["Ana"].save()
    client.force_login(world.users["parent_a"])
    response = client.post(url_of(invitation), {"answer": "yes", "people": "1"})
    assert response.status_code in (302, 403)  # logged out (no school left) or refused
    assert not EventResponse.objects.exists()


def test_csrf_is_required(world, invitation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["parent_a"])
    response = client.post(url_of(invitation), {"answer": "yes", "people": "1"})
    assert response.status_code == 403
    assert not EventResponse.objects.exists()
    # With the token from the page it works.
    page = client.get(url_of(invitation)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url_of(invitation), {"answer": "yes", "people": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert EventResponse.objects.count() == 1


def test_no_answers_without_an_invitation_or_after_the_event(client, world):
    plain = make_post(world.class_a, "Gewoon nieuws")
    closed = make_post(world.class_a, "Sportdag", **event_fields(rsvp=False))
    past = make_post(world.class_a, "Vorige week", **event_fields(days_ahead=-1))
    for post in (plain, closed, past):
        response = answer(client, world.users["parent_a"], post, answer="yes", people="1")
        assert response.status_code == 400, post.title
        assert 'role="alert"' in response.content.decode()
    assert not EventResponse.objects.exists()
    html = client.get(url_of(past)).content.decode()
    assert "answer-form" not in html
    # Today's event can still be answered.
    today = make_post(world.class_a, "Vandaag", **event_fields(days_ahead=0))
    assert answer(client, world.users["parent_a"], today, answer="yes", people="1").status_code == 302


def test_answering_the_translation_stores_the_answer_on_the_dutch_post(client, world, invitation):
    en = Locale.objects.get(language_code="en")
    with without_working_hours():
        for page in (world.school, world.class_a):
            page.copy_for_translation(en).save_revision().publish()
        english = invitation.copy_for_translation(en)
        english.save_revision().publish()
    english = PostPage.objects.get(pk=english.pk)
    parent = world.users["parent_a"]
    assert answer(client, parent, english, answer="yes", people="2").status_code == 302
    assert answer(client, parent, invitation, answer="yes", people="3").status_code == 302
    assert list(EventResponse.objects.values_list("post_id", "people")) == [(invitation.pk, 3)]
    assert client.get(url_of(english)).content.decode().count('data-your-answer="yes"') == 1


def test_staff_see_the_counts(client, world, invitation):
    other_parent, _child = add_family(world.school, world.class_a, "tweede@test.example", "Tim")
    answer(client, world.users["parent_a"], invitation, answer="yes", people="3")
    answer(client, other_parent, invitation, answer="maybe", people="2")
    result = totals(invitation)
    assert (result.parents, result.yes, result.yes_people, result.maybe, result.maybe_people, result.no) == (
        2,
        1,
        3,
        1,
        2,
        0,
    )
    assert result.not_answered == 0
    client.force_login(world.users["teacher_a"])
    html = client.get(url_of(invitation)).content.decode()
    summary = re.search(r'<section class="answer-summary".*?</section>', html, re.S).group(0)
    assert "Tim" in summary and "Ana" in summary
