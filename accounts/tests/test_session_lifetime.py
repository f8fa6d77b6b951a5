"""How long a session lasts, and which sessions end when a password changes.

Real logins and requests through the test client; the `clock` fixture moves
time (Django's sessions and accounts.sessions read the same clock).
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from accounts.models import User, UserSession
from accounts.sessions import SEEN_AT
from testing.world import PASSWORD

LOGIN = "/accounts/login/"
TIMELINE = "/tijdlijn/"
ADMIN = "/admin/"
START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
NEW_PASSWORD = "Herfst-vakantie-2027"


def logged_in(user, password=PASSWORD):
    client = Client()
    response = client.post(LOGIN, {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def key_of(client):
    return client.cookies["sessionid"].value


def session_exists(key):
    return Session.objects.filter(session_key=key).exists()


IDLE_MESSAGE = "You were logged out because you had not used Schoolpoort for a while. Please log in again."
MAX_AGE_MESSAGE = "For your safety you are logged out after some time. Please log in again."


def assert_logged_out(response, message=None):
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    if message:
        # The message waits for the login page, in the site's language (Dutch).
        with translation.override("nl"):
            expected = gettext(message)
        assert any(expected == str(m) for m in response.wsgi_request._messages), list(response.wsgi_request._messages)


def later(clock, **delta):
    clock.set(clock.now + datetime.timedelta(**delta))


# Idle timeout and maximum age ------------------------------------------------


@pytest.fixture
def at_start(clock):
    clock.set(START)
    return clock


def test_a_parent_stays_logged_in_for_days_without_use_but_not_for_two_weeks(world, at_start):
    client = logged_in(world.users["parent_a"])
    later(at_start, days=13, hours=23)
    assert client.get(TIMELINE).status_code == 200
    # Counted from that last visit: another 13 days are fine again.
    later(at_start, days=13)
    assert client.get(TIMELINE).status_code == 200
    key = key_of(client)
    later(at_start, days=14)
    assert_logged_out(client.get(TIMELINE), IDLE_MESSAGE)
    assert not session_exists(key)
    assert not UserSession.objects.filter(session_key=key).exists()
    # And stays logged out.
    assert_logged_out(client.get(TIMELINE))


def test_a_parent_who_uses_the_app_daily_logs_in_again_after_thirty_days(world, at_start):
    client = logged_in(world.users["parent_a"])
    for _day in range(29):
        later(at_start, days=1)
        assert client.get(TIMELINE).status_code == 200
    later(at_start, days=1)
    assert_logged_out(client.get(TIMELINE), MAX_AGE_MESSAGE)


def test_staff_are_logged_out_after_two_idle_hours(world, at_start):
    client = logged_in(world.users["teacher_a"])
    later(at_start, hours=1, minutes=59)
    assert client.get(ADMIN).status_code == 200
    later(at_start, hours=1, minutes=59)
    assert client.get(ADMIN).status_code == 200
    later(at_start, hours=2)
    assert_logged_out(client.get(ADMIN), IDLE_MESSAGE)


def test_staff_log_in_again_after_a_working_day_however_busy(world, at_start):
    client = logged_in(world.users["director"])
    for _hour in range(11):
        later(at_start, hours=1)
        assert client.get(ADMIN).status_code == 200
    later(at_start, minutes=59)
    assert client.get(ADMIN).status_code == 200
    later(at_start, minutes=1)
    assert_logged_out(client.get(ADMIN), MAX_AGE_MESSAGE)


@override_settings(SESSION_STAFF_IDLE_TIMEOUT=600, SESSION_STAFF_MAX_AGE=3600)
def test_the_limits_are_settings(world, at_start):
    client = logged_in(world.users["teacher_a"])
    later(at_start, minutes=9)
    assert client.get(ADMIN).status_code == 200
    later(at_start, minutes=10)
    assert_logged_out(client.get(ADMIN))


def test_the_last_activity_is_written_at_most_once_a_minute(world, at_start):
    client = logged_in(world.users["parent_a"])
    key = key_of(client)

    def stored_seen():
        return SessionStore(key).load()[SEEN_AT]

    logged_in_at = stored_seen()
    later(at_start, seconds=30)
    assert client.get(TIMELINE).status_code == 200
    assert stored_seen() == logged_in_at
    later(at_start, seconds=31)
    assert client.get(TIMELINE).status_code == 200
    assert stored_seen() == logged_in_at + 61


# The session key at login ---------------------------------------------------


def test_logging_in_gives_the_session_a_new_key(world):
    client = Client()
    # A visitor's session, as a planted cookie would give one (session fixation).
    visitor = client.session
    visitor["planted"] = True
    visitor.save()
    planted_key = visitor.session_key
    client.cookies["sessionid"] = planted_key
    response = client.post(LOGIN, {"username": world.users["parent_a"].email, "password": PASSWORD})
    assert response.status_code == 302
    assert key_of(client) != planted_key
    assert not session_exists(planted_key)
    assert UserSession.objects.filter(session_key=key_of(client), user=world.users["parent_a"]).exists()
    # The planted key does not give the user's session.
    stranger = Client()
    stranger.cookies["sessionid"] = planted_key
    assert_logged_out(stranger.get(TIMELINE))


# Password changes ----------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the first form with method=post that contains `marker`, with their current values."""

    def __init__(self, marker):
        super().__init__()
        self.marker = marker
        self.forms = []
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.forms.append({})
        elif not self.forms:
            return
        fields = self.forms[-1] if self.forms else None
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file"):
                fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and ("selected" in attrs or self.select not in fields):
            fields[self.select] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            fields[attrs["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None

    def fields(self, html):
        self.feed(html)
        return next(form for form in self.forms if any(self.marker in name for name in form))


def change_own_password(client):
    """Through Wagtail's account page, as a teacher would."""
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    data = FormFields("password-new_password1").fields(page.content.decode())
    data.update(
        {
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        }
    )
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302, re.findall(r'class="error-message">([^<]*)', response.content.decode())


def assert_only_the_changing_session_goes_on(teacher, laptop, laptop_key, phone, phone_key, bystander):
    teacher.refresh_from_db()
    assert teacher.check_password(NEW_PASSWORD)
    # The laptop goes on, under a new key that is tracked; the phone is logged out.
    assert key_of(laptop) != laptop_key
    assert laptop.get(ADMIN).status_code == 200
    assert set(UserSession.objects.filter(user=teacher).values_list("session_key", flat=True)) == {key_of(laptop)}
    assert not session_exists(laptop_key)
    assert not session_exists(phone_key)
    assert_logged_out(phone.get(ADMIN))
    # Another user's session is not touched.
    assert bystander.get(ADMIN).status_code == 200


def test_changing_the_own_password_in_the_admin_ends_the_other_sessions_only(world, django_capture_on_commit_callbacks):
    teacher = world.users["teacher_a"]
    laptop, phone, bystander = logged_in(teacher), logged_in(teacher), logged_in(world.users["teacher_b"])
    laptop_key, phone_key = key_of(laptop), key_of(phone)
    with django_capture_on_commit_callbacks(execute=True):
        change_own_password(laptop)
    assert_only_the_changing_session_goes_on(teacher, laptop, laptop_key, phone, phone_key, bystander)


@pytest.mark.django_db(transaction=True)
def test_the_own_password_change_committed_during_the_request_keeps_that_session(world):
    """Committed for real: the other sessions end while the request still runs, its own is renewed."""
    teacher = world.users["teacher_a"]
    laptop, phone, bystander = logged_in(teacher), logged_in(teacher), logged_in(world.users["teacher_b"])
    laptop_key, phone_key = key_of(laptop), key_of(phone)
    change_own_password(laptop)
    assert_only_the_changing_session_goes_on(teacher, laptop, laptop_key, phone, phone_key, bystander)


def reset_link(user):
    """The link of the reset mail (the token depends on the last login: read it afresh)."""
    user = User.objects.get(pk=user.pk)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def reset_password(client, user):
    response = client.get(reset_link(user))
    assert response.status_code == 302  # to the form, the token moved into the session
    form_url = response["Location"]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_a_password_reset_through_the_link_ends_every_session(world, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    laptop, phone = logged_in(parent), logged_in(parent)
    keys = [key_of(laptop), key_of(phone)]
    with django_capture_on_commit_callbacks(execute=True):
        response = reset_password(Client(), parent)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=parent).exists()
    assert_logged_out(laptop.get(TIMELINE))
    assert_logged_out(phone.get(TIMELINE))
    # The new password works.
    assert logged_in(User.objects.get(pk=parent.pk), NEW_PASSWORD).get(TIMELINE).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_reset_in_a_browser_that_is_logged_in_ends_that_session_too(world):
    """Committed for real: the sessions end while the request that resets still runs, as in production."""
    parent = world.users["parent_a"]
    browser, phone = logged_in(parent), logged_in(parent)
    response = reset_password(browser, parent)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert browser.get(response["Location"]).status_code == 200
    assert_logged_out(browser.get(TIMELINE))
    assert_logged_out(phone.get(TIMELINE))
    assert not UserSession.objects.filter(user=parent).exists()


def test_saving_a_user_without_a_new_password_keeps_the_sessions(world, django_capture_on_commit_callbacks):
    parent = User.objects.get(pk=world.users["parent_a"].pk)
    client = logged_in(parent)
    parent.first_name = "Anna"
    with django_capture_on_commit_callbacks(execute=True):
        parent.save()
    assert client.get(TIMELINE).status_code == 200
