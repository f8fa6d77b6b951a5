"""Password reset under load: a few mails per address a day, a few requests per client an hour, no hints.

Real requests through the test client, the reset task running when the
request's transaction commits (as the worker would), and a real SMTP server.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RESET = "/accounts/password-reset/"
KNOWN = "parent.a@test.example"
UNKNOWN = "nobody@test.example"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def ask(client, email, capture, address="203.0.113.10"):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def seen(client, response):
    """What the visitor sees: the status, where they were sent and that page (without the per-page CSRF token)."""
    location = response.get("Location", "")
    page = client.get(location) if location else response
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    return response.status_code, location, page.status_code, content


def test_twenty_requests_for_one_address_send_three_mails(client, world, mailbox, django_capture_on_commit_callbacks):
    """From twenty different client addresses, so only the limit per address is at work."""
    for n in range(20):
        response = ask(client, KNOWN, django_capture_on_commit_callbacks, address=f"198.51.100.{n + 1}")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailbox.to(KNOWN)) == settings.THROTTLE_LIMITS["reset_mail_address"]["allowed"] == 3
    assert len(mailbox.messages) == 3


def test_a_capped_known_address_and_an_unknown_one_get_the_same_answer(
    english, world, mailbox, django_capture_on_commit_callbacks
):
    answers_known = [seen(english, ask(english, KNOWN, django_capture_on_commit_callbacks)) for _ in range(5)]
    answers_unknown = [seen(english, ask(english, UNKNOWN, django_capture_on_commit_callbacks)) for _ in range(5)]
    # Before, at and beyond the cap: the very same answer, for the known address and the unknown one.
    assert len(set(answers_known + answers_unknown)) == 1
    assert len(mailbox.to(KNOWN)) == 3
    assert mailbox.to(UNKNOWN) == []


def test_the_address_gets_mail_again_a_day_later(client, world, mailbox, clock, django_capture_on_commit_callbacks):
    for n in range(4):
        ask(client, KNOWN, django_capture_on_commit_callbacks, address=f"198.51.100.{n + 1}")
    assert len(mailbox.to(KNOWN)) == 3
    clock.set(clock.now + datetime.timedelta(hours=24, minutes=1))
    ask(client, KNOWN, django_capture_on_commit_callbacks)
    assert len(mailbox.to(KNOWN)) == 4


def test_the_addresses_are_capped_one_by_one(client, world, mailbox, django_capture_on_commit_callbacks):
    for n in range(4):
        ask(client, KNOWN, django_capture_on_commit_callbacks, address=f"198.51.100.{n + 1}")
    ask(client, "parent.b@test.example", django_capture_on_commit_callbacks, address="198.51.100.99")
    assert len(mailbox.to("parent.b@test.example")) == 1


def test_one_client_asking_too_often_waits_whatever_the_address(
    english, world, mailbox, clock, django_capture_on_commit_callbacks
):
    addresses = [KNOWN, UNKNOWN, "parent.b@test.example", "director@test.example", "someone@test.example"]
    for n in range(10):
        assert ask(english, addresses[n % 5], django_capture_on_commit_callbacks).status_code == 302
    sent = len(mailbox.messages)

    refused_known = ask(english, KNOWN, django_capture_on_commit_callbacks)
    refused_unknown = ask(english, UNKNOWN, django_capture_on_commit_callbacks)
    assert refused_known.status_code == refused_unknown.status_code == 429
    assert refused_known["Retry-After"] == "3600"
    assert "Wait 60 minutes and try again." in refused_known.content.decode()
    assert len(mailbox.messages) == sent
    # Another client is not affected, and the client has a place again after the hour.
    assert ask(english, UNKNOWN, django_capture_on_commit_callbacks, address="192.0.2.1").status_code == 302
    clock.set(clock.now + datetime.timedelta(hours=1, seconds=1))
    assert ask(english, KNOWN, django_capture_on_commit_callbacks).status_code == 302


def test_malformed_addresses_do_not_use_up_the_clients_requests(
    client, world, mailbox, django_capture_on_commit_callbacks
):
    for _ in range(15):
        assert ask(client, "not-an-address", django_capture_on_commit_callbacks).status_code == 400
    assert ask(client, KNOWN, django_capture_on_commit_callbacks).status_code == 302
    assert len(mailbox.to(KNOWN)) == 1


@pytest.mark.parametrize("route", ["accounts:password_reset_confirm", "accounts:accept_invitation"])
def test_a_wrong_link_looks_the_same_for_an_existing_and_a_missing_account(english, world, route):
    existing = urlsafe_base64_encode(force_bytes(world.users["parent_a"].pk))
    missing = urlsafe_base64_encode(force_bytes(987654321))
    answers = []
    for uid in (existing, missing):
        response = english.get(reverse(route, kwargs={"uidb64": uid, "token": "cz1a2b-0123456789abcdef0123"}))
        # The page's own address (in the language switch) and the CSRF token differ by nature.
        content = response.content.decode().replace(uid, "UID")
        content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
        answers.append((response.status_code, content))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert "link no longer works" in answers[0][1]
