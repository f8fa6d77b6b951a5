"""Password reset: same answer for every address, mail only for members, link works once."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from home.models import StaffRole
from testing.world import PASSWORD

RESET = "/accounts/password-reset/"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/\s\"<]+/[^/\s\"<]+/)")
NEW_PASSWORD = "Herfst-vakantie-2027"


def ask_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(RESET, {"email": email})


def answer(client, response):
    """What a visitor sees: where they were sent and that page's text."""
    page = client.get(response["Location"])
    # The CSRF token is masked afresh on every page; it says nothing about the address.
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    return response.status_code, response["Location"], page.status_code, content


def test_known_and_unknown_address_get_the_same_answer_only_known_gets_mail(
    client, world, mailbox, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    known = ask_reset(client, "parent.a@test.example", django_capture_on_commit_callbacks)
    unknown = ask_reset(client, "nobody@test.example", django_capture_on_commit_callbacks)

    assert known.status_code == 302
    assert known["Location"] == reverse("accounts:password_reset_done")
    assert answer(client, known) == answer(client, unknown)
    assert "If the address belongs to an account" in client.get(known["Location"]).content.decode()

    assert [m["To"] for m in mailbox.messages] == ["parent.a@test.example"]
    assert mailbox.to("nobody@test.example") == []


def test_reset_mail_is_sent_by_a_task_after_the_request(client, world, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(RESET, {"email": "parent.a@test.example"})
    assert response.status_code == 302
    assert mailbox.messages == []  # nothing was sent inside the request
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailbox.to("parent.a@test.example")) == 1


def test_unknown_address_enqueues_the_same_work(client, world, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(RESET, {"email": "nobody@test.example"})
    assert len(callbacks) == 1


def test_reset_link_sets_a_new_password_once(client, world, mailbox, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    User.objects.filter(pk=parent.pk).update(preferred_language="en")
    ask_reset(client, "PARENT.A@test.example", django_capture_on_commit_callbacks)
    [message] = mailbox.to(parent.email)
    assert message["Subject"] == "Choose a new password for Schoolpoort"
    assert message["Content-Language"] == "en"
    [path] = set(LINK.findall(mailbox.text(message)))
    assert f"http://testserver{path}" in mailbox.html(message)

    opened = client.get(path)
    assert opened.status_code == 302
    done = client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert client.get(done["Location"]).status_code == 200

    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    assert client.post("/accounts/login/", {"username": parent.email, "password": NEW_PASSWORD}).status_code == 302

    fresh = type(client)()
    fresh.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    again = fresh.get(path)
    assert again.status_code == 400
    assert "This link no longer works" in again.content.decode()


def test_reset_link_is_not_an_invitation(client, world, mailbox, django_capture_on_commit_callbacks):
    ask_reset(client, "parent.a@test.example", django_capture_on_commit_callbacks)
    [path] = set(LINK.findall(mailbox.text(mailbox.messages[0])))
    as_invitation = path.replace("/accounts/password-reset/", "/accounts/invitation/")
    assert client.get(as_invitation).status_code == 400


def test_inactive_user_gets_nothing(client, world, mailbox, django_capture_on_commit_callbacks):
    User.objects.filter(email="parent.a@test.example").update(is_active=False)
    response = ask_reset(client, "parent.a@test.example", django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailbox.messages == []


def test_user_without_a_role_gets_nothing(client, world, mailbox, django_capture_on_commit_callbacks):
    User.objects.create_user(email="loose@test.example", password=PASSWORD)
    StaffRole.objects.filter(user=world.users["teacher_a"]).delete()
    for email in ["loose@test.example", "teacher.a@test.example"]:
        response = ask_reset(client, email, django_capture_on_commit_callbacks)
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailbox.messages == []


def test_staff_member_gets_a_link(client, world, mailbox, django_capture_on_commit_callbacks):
    ask_reset(client, "director@test.example", django_capture_on_commit_callbacks)
    assert len(mailbox.to("director@test.example")) == 1


def test_invited_parent_without_a_password_can_use_reset(client, world, mailbox, django_capture_on_commit_callbacks):
    """A lost invitation mail is the common case; the reset mail goes to the same address."""
    parent = world.users["parent_b"]
    parent.set_unusable_password()
    parent.save()
    ask_reset(client, parent.email, django_capture_on_commit_callbacks)
    assert len(mailbox.to(parent.email)) == 1


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@test.example"])
def test_malformed_address_is_a_clear_bad_request(client, world, mailbox, email, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = ask_reset(client, email, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert mailbox.messages == []
