"""Logging in by e-mail address and password, and logging out."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User, UserSession
from testing.world import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture
def english(client):
    """Read the pages in English: the msgids, whatever the Dutch catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_is_open_to_anonymous_visitors(client, world):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert reverse("accounts:password_reset").encode() in response.content


def test_login_with_right_password_goes_to_the_start_page(client, world):
    parent = world.users["parent_a"]
    response = log_in(client, parent.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after_login")
    assert logged_in_user_id(client) == str(parent.pk)
    # The start page sends a parent on to their timeline.
    assert client.get(response["Location"])["Location"] == "/tijdlijn/"
    assert client.get("/tijdlijn/").status_code == 200


def test_email_address_is_case_insensitive(client, world):
    parent = world.users["parent_a"]
    response = log_in(client, "  Parent.A@TEST.example ")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(parent.pk)


@pytest.mark.parametrize(
    "email, password",
    [("parent.a@test.example", "wrong-password"), ("nobody@test.example", PASSWORD)],
    ids=["wrong password", "unknown address"],
)
def test_wrong_password_and_unknown_address_get_the_same_clear_error(english, world, email, password):
    response = log_in(english, email, password)
    assert response.status_code == 400
    assert logged_in_user_id(english) is None
    content = response.content.decode()
    assert "This e-mail address and password do not match." in content
    assert 'role="alert"' in content


def test_malformed_address_is_a_bad_request_not_a_crash(english, world):
    response = log_in(english, "not an address", "x")
    assert response.status_code == 400
    assert logged_in_user_id(english) is None


def test_switched_off_account_cannot_log_in(english, world):
    parent = world.users["parent_a"]
    User.objects.filter(pk=parent.pk).update(is_active=False)
    response = log_in(english, parent.email)
    assert response.status_code == 400
    assert logged_in_user_id(english) is None
    assert "do not match" in response.content.decode()


def test_account_without_a_school_is_told_so(english, db):
    User.objects.create_user(email="loose@test.example", password=PASSWORD)
    response = log_in(english, "loose@test.example")
    assert response.status_code == 400
    assert logged_in_user_id(english) is None
    assert "does not give access to a school" in response.content.decode()


def test_login_records_the_session_and_logout_forgets_it(client, world):
    parent = world.users["parent_a"]
    log_in(client, parent.email)
    key = client.session.session_key
    assert list(UserSession.objects.filter(user=parent).values_list("session_key", flat=True)) == [key]

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert logged_in_user_id(client) is None
    assert not UserSession.objects.filter(user=parent).exists()


def test_logout_needs_post(client, world):
    log_in(client, world.users["parent_a"].email)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in_user_id(client) is not None


def test_logged_in_user_on_the_login_page_is_sent_on(client, world):
    log_in(client, world.users["parent_a"].email)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after_login")
