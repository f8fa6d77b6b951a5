"""Invitations: the mail, its one-time link, and what an expired link shows."""

import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.invitations import invite, latest_invitation
from accounts.models import Invitation, User, UserSession
from classes.models import Child, Enrollment, Guardianship

NEW_PASSWORD = "Zomer-vakantie-2027"
LINK = re.compile(r"http://testserver(/accounts/invitation/[^/\s\"<]+/[^/\s\"<]+/)")


@pytest.fixture
def new_parent(world):
    """A parent the school just registered: a child at school A, no password yet."""
    parent = User.objects.create_user(
        email="nieuw@test.example", first_name="Noor", last_name="Nieuw", preferred_language="en"
    )
    child = Child.objects.create(school=world.school, first_name="Nina", last_name="Nieuw")
    Enrollment.objects.create(child=child, class_page=world.class_a)
    Guardianship.objects.create(child=child, user=parent, relation=Guardianship.MOTHER)
    return parent


def send_invitation(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invite(user)


def link_in(mailbox, user):
    [message] = mailbox.to(user.email)
    [path] = set(LINK.findall(mailbox.text(message)))
    return path


def set_password(client, link_path, password=NEW_PASSWORD, again=None):
    """Open the link as a parent would, then submit the form."""
    opened = client.get(link_path)
    assert opened.status_code == 302, "a valid link first moves the token out of the URL"
    form_url = opened["Location"]
    assert client.get(form_url).status_code == 200
    return client.post(form_url, {"new_password1": password, "new_password2": again or password})


def test_invitation_mail_has_text_and_html_in_the_users_language(
    world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    invitation = send_invitation(new_parent, django_capture_on_commit_callbacks)

    [message] = mailbox.to("nieuw@test.example")
    assert message["To"] == "nieuw@test.example"
    assert message["Content-Language"] == "en"
    assert message["Subject"] == "Your invitation to Schoolpoort"
    text, html = mailbox.text(message), mailbox.html(message)
    path = link_in(mailbox, new_parent)
    assert f"http://testserver{path}" in html
    assert '<html lang="en">' in html
    assert "Dear Noor," in text
    assert "Windwijzer invites you" in text
    assert "&amp;" not in text  # plain text is not HTML-escaped

    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.accepted_at is None


def test_mail_is_sent_only_when_the_transaction_commits(world, new_parent, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(new_parent)
    assert mailbox.messages == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailbox.to(new_parent.email)) == 1


def test_dutch_user_gets_a_dutch_mail(world, new_parent, mailbox, django_capture_on_commit_callbacks):
    User.objects.filter(pk=new_parent.pk).update(preferred_language="nl")
    new_parent.refresh_from_db()
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    [message] = mailbox.to(new_parent.email)
    assert message["Content-Language"] == "nl"
    assert '<html lang="nl">' in mailbox.html(message)


def test_link_sets_the_password_logs_in_and_works_only_once(
    client, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    path = link_in(mailbox, new_parent)

    response = set_password(client, path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after_login")
    assert client.session["_auth_user_id"] == str(new_parent.pk)
    assert UserSession.objects.filter(user=new_parent, session_key=client.session.session_key).exists()
    # Noor prefers English: her timeline in English.
    assert client.get(response["Location"])["Location"] == "/en/tijdlijn/"

    new_parent.refresh_from_db()
    assert new_parent.check_password(NEW_PASSWORD)
    assert latest_invitation(new_parent).accepted_at is not None

    # The same link again, from another browser: refused with a clear page.
    other = client_class_for(client)
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    again = other.get(path)
    assert again.status_code == 400
    assert "Ask the school for a new invitation." in again.content.decode()
    assert "new_password1" not in again.content.decode()


def client_class_for(client):
    return type(client)()


def test_expired_link_is_refused_and_the_invitation_timeout_decides(
    client, settings, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    settings.INVITATION_TIMEOUT = 1
    settings.PASSWORD_RESET_TIMEOUT = 1
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    path = link_in(mailbox, new_parent)
    time.sleep(2.2)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    assert response.status_code == 400
    content = response.content.decode()
    assert "This invitation link no longer works" in content
    assert "Ask the school for a new invitation." in content

    # The very same link is fine under a longer invitation timeout, even with
    # the password reset timeout still at one second.
    settings.INVITATION_TIMEOUT = 3600
    assert set_password(client, path).status_code == 302


def test_weak_or_mismatched_password_is_refused_and_the_link_stays_valid(
    client, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    path = link_in(mailbox, new_parent)

    weak = set_password(client, path, password="12345678")
    assert weak.status_code == 400
    assert weak.context["form"].errors["new_password2"]
    assert "_auth_user_id" not in client.session

    mismatch = set_password(client, path, again="something-else-2027")
    assert mismatch.status_code == 400
    assert "_auth_user_id" not in client.session

    assert set_password(client, path).status_code == 302


def test_logging_in_otherwise_makes_the_link_invalid(
    client, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    new_parent.set_password(NEW_PASSWORD)
    new_parent.save()
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    path = link_in(mailbox, new_parent)

    other = client_class_for(client)
    assert other.post("/accounts/login/", {"username": new_parent.email, "password": NEW_PASSWORD}).status_code == 302
    assert client.get(path).status_code == 400
    assert latest_invitation(new_parent).accepted_at is not None


def test_accepting_in_a_browser_where_someone_else_is_logged_in(
    client, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    from testing.world import PASSWORD

    client.post("/accounts/login/", {"username": world.users["parent_b"].email, "password": PASSWORD})
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    assert set_password(client, link_in(mailbox, new_parent)).status_code == 302
    assert client.session["_auth_user_id"] == str(new_parent.pk)
    assert UserSession.objects.get(session_key=client.session.session_key).user == new_parent


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/invitation/garbage/garbage/",
        "/accounts/invitation/MQ/1-2-3/",
        "/accounts/invitation/%C3%A9%00/zz-zz/",
        "/accounts/invitation/OTk5OTk5/abc-def/",
    ],
)
def test_mangled_links_get_the_clear_page_not_a_crash(client, world, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "accounts/invitation_accept.html" in [t.name for t in response.templates]


def test_invitation_and_reset_tokens_are_not_interchangeable(
    client, world, new_parent, mailbox, django_capture_on_commit_callbacks
):
    send_invitation(new_parent, django_capture_on_commit_callbacks)
    path = link_in(mailbox, new_parent)
    as_reset = path.replace("/accounts/invitation/", "/accounts/password-reset/")
    assert client.get(as_reset).status_code == 400


def test_inactive_user_is_not_invited(world, mailbox, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    parent.is_active = False
    parent.save()
    assert send_invitation(parent, django_capture_on_commit_callbacks) is None
    assert mailbox.messages == []
    assert not Invitation.objects.filter(user=parent).exists()


def test_every_invitation_is_recorded(world, new_parent, mailbox, django_capture_on_commit_callbacks):
    first = send_invitation(new_parent, django_capture_on_commit_callbacks)
    second = send_invitation(new_parent, django_capture_on_commit_callbacks)
    assert latest_invitation(new_parent) == second
    assert Invitation.objects.filter(user=new_parent).count() == 2
    assert first.pk != second.pk
    assert len(mailbox.to(new_parent.email)) == 2
