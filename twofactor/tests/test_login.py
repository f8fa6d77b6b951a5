"""The second step of a login: a code from the app or a recovery code after the password."""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import UserSession
from twofactor import devices
from twofactor.tests.conftest import code_for, dutch, log_in, wrong_code_for


def verify_url(next_path):
    return reverse("twofactor:verify") + "?" + urlencode({"next": next_path})


def test_after_the_password_a_user_with_an_app_gives_a_code_before_anything_else(client, world, enrolled):
    parent = world.users["parent_a"]
    key, _codes = enrolled(parent)
    response = log_in(client, parent)
    start = client.get(response["Location"])
    assert start.status_code == 302 and start["Location"] == verify_url(reverse("accounts:after_login"))
    for path in (
        "/tijdlijn/",
        urlsplit(world.class_a.url).path,
        reverse("notifications:preferences"),
        reverse("twofactor:manage"),
    ):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"] == verify_url(path), path
    # A POST elsewhere is refused with the same redirect (without a next).
    posted = client.post(reverse("notifications:preferences"), {"posts": "none"})
    assert posted.status_code == 302 and posted["Location"] == reverse("twofactor:verify")

    page = client.get(verify_url("/tijdlijn/"))
    assert page.status_code == 200
    # The page knows the password only: nothing of the user's groups or children.
    assert world.class_a.title not in page.content.decode() and "Ana" not in page.content.decode()
    verified = client.post(reverse("twofactor:verify"), {"code": code_for(key), "next": "/tijdlijn/"})
    assert verified.status_code == 302 and verified["Location"] == "/tijdlijn/"
    assert client.get("/tijdlijn/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY]


def test_a_director_with_an_app_reaches_the_admin_only_after_the_code(client, world, enrolled):
    director = world.users["director"]
    key, _codes = enrolled(director)
    log_in(client, director)
    blocked = client.get("/admin/")
    assert blocked.status_code == 302 and blocked["Location"] == verify_url("/admin/")
    client.post(reverse("twofactor:verify"), {"code": code_for(key)})
    assert client.get("/admin/").status_code == 200


def test_the_session_gets_a_new_key_when_the_code_is_given(client, world, enrolled):
    parent = world.users["parent_a"]
    key, _codes = enrolled(parent)
    log_in(client, parent)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert UserSession.objects.filter(user=parent, session_key=before).exists()
    client.post(reverse("twofactor:verify"), {"code": code_for(key)})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    # The old key no longer opens anything, and the new one is tracked (so a reset ends it).
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get("/tijdlijn/")["Location"].startswith(reverse("accounts:login"))
    assert list(UserSession.objects.filter(user=parent).values_list("session_key", flat=True)) == [after]


def test_a_wrong_code_gets_a_message_and_repeated_wrong_codes_are_throttled(client, world, enrolled, clock):
    parent = world.users["parent_a"]
    key, _codes = enrolled(parent)
    log_in(client, parent)
    wrong = client.post(reverse("twofactor:verify"), {"code": wrong_code_for(key)})
    assert wrong.status_code == 400
    assert dutch("This code is not right. Check it and try again.") in wrong.content.decode()
    # At once after a wrong code even the right one waits (django-otp's throttling).
    right = code_for(key)
    waiting = client.post(reverse("twofactor:verify"), {"code": right})
    assert waiting.status_code == 429
    assert dutch("Too many wrong codes. Wait %(seconds)d second and try again.") % {"seconds": 1} in (
        waiting.content.decode()
    )
    assert client.get("/tijdlijn/").status_code == 302
    clock.set(clock.now + datetime.timedelta(seconds=2))
    assert client.post(reverse("twofactor:verify"), {"code": right}).status_code == 302
    assert client.get("/tijdlijn/").status_code == 200


def test_an_empty_or_nonsense_code_is_a_400_with_a_message(client, world, enrolled):
    parent = world.users["parent_a"]
    enrolled(parent)
    log_in(client, parent)
    empty = client.post(reverse("twofactor:verify"), {"code": "  "})
    assert empty.status_code == 400
    assert dutch("Enter the code from your app or a recovery code.") in empty.content.decode()
    nonsense = client.post(reverse("twofactor:verify"), {"code": "x" * 500})
    assert nonsense.status_code == 400


def test_a_recovery_code_signs_in_once_and_guides_to_setting_up_the_app_again(client, world, enrolled, clock):
    parent = world.users["parent_a"]
    _key, codes = enrolled(parent)
    log_in(client, parent)
    # Typed with a space and in capitals, as someone copies it from paper.
    typed = (codes[0][:4] + " " + codes[0][4:]).upper()
    response = client.post(reverse("twofactor:verify"), {"code": typed, "next": "/tijdlijn/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:manage") + "?" + urlencode({"next": "/tijdlijn/"})
    guide = client.get(response["Location"])
    assert guide.status_code == 200
    assert reverse("twofactor:setup").encode() in guide.content
    assert b'data-codes-left="9"' in guide.content
    assert devices.recovery_codes_left(parent) == 9

    again = Client()
    log_in(again, parent)
    used = again.post(reverse("twofactor:verify"), {"code": codes[0]})
    assert used.status_code == 400
    clock.set(clock.now + datetime.timedelta(seconds=2))
    assert again.post(reverse("twofactor:verify"), {"code": codes[1]}).status_code == 302


def test_logging_out_and_the_language_switch_stay_open_before_the_code(client, world, enrolled):
    parent = world.users["parent_a"]
    enrolled(parent)
    log_in(client, parent)
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("twofactor:verify")})
    assert switched.status_code == 302 and switched["Location"] == reverse("twofactor:verify")
    parent.refresh_from_db()
    assert parent.preferred_language == "en"
    assert "Sign-in code" in client.get(reverse("twofactor:verify")).content.decode()
    logged_out = client.post(reverse("accounts:logout"))
    assert logged_out.status_code == 302 and logged_out["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_next_to_another_site_is_not_followed(client, world, enrolled):
    parent = world.users["parent_a"]
    key, _codes = enrolled(parent)
    log_in(client, parent)
    response = client.post(reverse("twofactor:verify"), {"code": code_for(key), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:after_login")


def test_a_user_without_a_second_factor_logs_in_with_the_password_only(client, world):
    log_in(client, world.users["parent_a"])
    assert client.get("/tijdlijn/").status_code == 200
    assert client.get(reverse("twofactor:verify"))["Location"] == reverse("accounts:after_login")
