"""The user's language: stored by the language switch, applied at login and in mails."""

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from accounts.models import User
from testing.world import PASSWORD

LOGIN = "/accounts/login/"
SWITCH = "/i18n/setlang/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def log_in(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def english_school(world):
    """A published English translation of school A."""
    english = world.school.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    return english


def test_login_applies_the_users_language(client, world, english_school):
    parent = world.users["parent_a"]
    User.objects.filter(pk=parent.pk).update(preferred_language="en")
    client.cookies[COOKIE] = "nl"

    response = log_in(client, parent)
    assert response.cookies[COOKIE].value == "en"
    start = client.get(response["Location"])
    assert start.status_code == 302
    assert start["Location"] == "/en/tijdlijn/"
    assert client.get(start["Location"]).status_code == 200


def test_dutch_user_starts_on_the_dutch_pages(client, world, english_school):
    client.cookies[COOKIE] = "en"
    response = log_in(client, world.users["parent_a"])
    assert response.cookies[COOKIE].value == "nl"
    assert client.get(response["Location"])["Location"] == "/tijdlijn/"


def test_language_switch_stores_the_choice_for_the_user_and_the_admin(client, world):
    teacher = world.users["teacher_a"]
    log_in(client, teacher)

    response = client.post(SWITCH, {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "en"
    teacher.refresh_from_db()
    assert teacher.preferred_language == "en"
    assert UserProfile.get_for_user(teacher).preferred_language == "en"

    client.post(SWITCH, {"language": "nl", "next": "/"})
    teacher.refresh_from_db()
    assert teacher.preferred_language == "nl"
    assert UserProfile.get_for_user(teacher).preferred_language == "nl"


def test_stored_choice_is_used_at_the_next_login(world):
    parent = world.users["parent_b"]
    first = Client()
    log_in(first, parent)
    first.post(SWITCH, {"language": "en", "next": "/"})

    second = Client()
    assert log_in(second, parent).cookies[COOKIE].value == "en"


def test_anonymous_visitor_can_switch_the_login_page(client, world):
    response = client.post(SWITCH, {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    assert response["Location"] == LOGIN  # not bounced to the login page with ?next=
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en">' in client.get(LOGIN).content.decode()

    client.post(SWITCH, {"language": "nl", "next": LOGIN})
    assert '<html lang="nl">' in client.get(LOGIN).content.decode()


def test_unknown_language_is_a_bad_request(client, world):
    log_in(client, world.users["parent_a"])
    response = client.post(SWITCH, {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert User.objects.get(pk=world.users["parent_a"].pk).preferred_language == "nl"


def test_switch_refuses_a_foreign_next_url(client, world):
    response = client.post(SWITCH, {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] in {"/", "/en/"}


def test_language_chosen_in_the_admin_becomes_the_portal_language(world):
    teacher = world.users["teacher_a"]
    profile = UserProfile.get_for_user(teacher)
    profile.preferred_language = "en"
    profile.save()
    teacher.refresh_from_db()
    assert teacher.preferred_language == "en"

    # An empty choice ("use the default") leaves the portal language alone.
    profile.preferred_language = ""
    profile.save()
    teacher.refresh_from_db()
    assert teacher.preferred_language == "en"
