"""Web Push (webapp.push.send) against a push service the test runs on localhost.

The message arrives encrypted (tests/pushservice.py); the test decrypts it
with the device's private key and checks the VAPID signature; 404/410 remove
the subscription (SubscriptionGone), other failures raise PushFailed and
keep it.
"""

import json
import socket

import pytest
from cryptography.exceptions import InvalidSignature
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from tests.pushservice import b64url, new_device, verify_vapid
from tests.world import make_user
from webapp import push
from webapp.checks import vapid_settings
from webapp.models import PushSubscription


@pytest.fixture(autouse=True)
def dutch():
    """Requests leave their language active in the thread; every test here starts in Dutch."""
    with translation.override("nl"):
        yield


@pytest.fixture
def user(db):
    return make_user("push.parent@test.example")


# webapp.push.send -----------------------------------------------------------


def test_the_device_decrypts_the_message_and_the_vapid_signature_holds(push_service, user):
    subscription = push_service.device(user)
    payload = {"title": "Groep 3", "body": "Nieuw bericht: schoolreis naar de dierentuin", "url": "/groep-3/schoolreis/", "tag": "post-12"}

    assert push.send(subscription, payload, ttl=3600, urgency="high", topic="post12") is None

    [message] = push_service.received
    assert message.payload() == payload
    claims = message.vapid_claims()
    assert claims["aud"] == push_service.origin
    assert message.headers["ttl"] == "3600"
    assert message.headers["urgency"] == "high"
    assert message.headers["topic"] == "post12"
    assert message.headers["content-type"] == "application/octet-stream"
    subscription.refresh_from_db()
    assert subscription.last_success is not None


def test_every_message_is_encrypted_afresh(push_service, user):
    subscription = push_service.device(user)
    push.send(subscription, {"title": "Same"})
    push.send(subscription, {"title": "Same"})
    first, second = push_service.received
    assert first.body != second.body
    assert first.payload() == second.payload() == {"title": "Same"}
    assert b"Same" not in first.body


def test_another_device_cannot_read_the_message(push_service, user):
    subscription = push_service.device(user)
    push.send(subscription, {"title": "Alleen voor jou"})
    [message] = push_service.received
    message.device = new_device(subscription.endpoint)  # other keys, same endpoint
    with pytest.raises(Exception):
        message.payload()


def test_the_vapid_check_of_this_test_refuses_a_forged_token(push_service, user):
    push.send(push_service.device(user), {"title": "x"})
    [message] = push_service.received
    header = message.headers["authorization"]
    token = header.split("t=")[1].split(",")[0]
    head, claims, signature = token.split(".")
    forged_claims = b64url(json.dumps({"aud": push_service.origin, "exp": 9999999999, "sub": "mailto:x@y.z"}).encode())
    with pytest.raises((InvalidSignature, AssertionError)):
        verify_vapid(header.replace(claims, forged_claims), push_service.origin)


def test_default_ttl_and_urgency(push_service, user, settings):
    push.send(push_service.device(user), {"title": "x"})
    [message] = push_service.received
    assert message.headers["ttl"] == str(settings.WEBPUSH_TTL)
    assert message.headers["urgency"] == "normal"
    assert "topic" not in message.headers


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_device_is_removed(push_service, user, status):
    subscription = push_service.device(user, status=status)
    other = push_service.device(user)
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert PushSubscription.objects.filter(pk=other.pk).exists()
    assert len(push_service.received) == 1


@pytest.mark.parametrize("status", [500, 503, 400, 401, 403, 413, 301])
def test_other_answers_raise_push_failed_and_keep_the_device(push_service, user, status):
    subscription = push_service.device(user, status=status)
    with pytest.raises(push.PushFailed) as failure:
        push.send(subscription, {"title": "x"})
    assert failure.value.status == status
    assert not isinstance(failure.value, push.SubscriptionGone)
    subscription.refresh_from_db()
    assert subscription.last_success is None
    # A redirect is not followed: exactly one request.
    assert len(push_service.received) == 1


def test_too_many_requests_tells_when_to_retry(push_service, user):
    with pytest.raises(push.PushFailed) as failure:
        push.send(push_service.device(user, status=429), {"title": "x"})
    assert (failure.value.status, failure.value.retry_after) == (429, 120)


def test_a_slow_push_service_times_out(push_service, user):
    subscription = push_service.device(user, status="slow")
    with pytest.raises(push.PushFailed) as failure:
        push.send(subscription, {"title": "x"}, timeout=0.3)
    assert failure.value.status is None
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_push_service_that_is_down(user, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    device = new_device(f"http://127.0.0.1:{port}/push/201/nobody-listens")
    subscription = PushSubscription.objects.create(user=user, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth)
    with pytest.raises(push.PushFailed):
        push.send(subscription, {"title": "x"})
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_an_endpoint_that_is_no_push_service_is_never_contacted(user):
    device = new_device("http://127.0.0.1:9/push/201/x")
    subscription = PushSubscription.objects.create(
        user=user, endpoint="https://intranet.school.example/admin/", p256dh=device.p256dh, auth=device.auth
    )
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_unusable_keys_remove_the_subscription(push_service, user):
    subscription = push_service.device(user)
    PushSubscription.objects.filter(pk=subscription.pk).update(p256dh=b64url(b"\x04" + b"\x01" * 64))
    subscription.refresh_from_db()
    with pytest.raises(push.SubscriptionGone):
        push.send(subscription, {"title": "x"})
    assert push_service.received == []


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "Foto's", "image": "/bestanden/original_images/kind.jpg"},
        {"title": "x", "children": "Ana"},
        {"body": "no title"},
        {"title": ""},
        {"title": 3},
        {"title": "x", "url": "javascript:alert(1)"},
        {"title": "x", "url": "//elsewhere.example/"},
        "just a string",
    ],
)
def test_payloads_carry_only_a_title_short_text_and_a_url(push_service, user, payload):
    with pytest.raises(ValueError):
        push.send(push_service.device(user), payload)
    assert push_service.received == []


def test_long_texts_are_cut(push_service, user):
    push.send(push_service.device(user), {"title": "T" * 500, "body": "B " * 1000, "url": "https://other.school.example/nieuws/"})
    [message] = push_service.received
    sent = message.payload()
    assert len(sent["title"]) == push.TITLE_LENGTH and sent["title"].endswith("…")
    assert len(sent["body"]) <= push.BODY_LENGTH
    assert sent["url"] == "https://other.school.example/nieuws/"
    assert len(message.body) < 4096


def test_missing_vapid_settings_are_a_configuration_error(push_service, user, settings):
    subscription = push_service.device(user)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        push.send(subscription, {"title": "x"})


def test_the_system_check_wants_a_matching_key_pair(settings):
    assert vapid_settings(None) == []
    from webapp.keys import generate_key_pair

    other_public, _other_private = generate_key_pair()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = other_public
    assert [error.id for error in vapid_settings(None)] == ["webapp.E001"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = "not a key"
    assert [error.id for error in vapid_settings(None)] == ["webapp.E001"]
