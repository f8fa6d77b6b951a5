"""Web Push to the installed web app: the API for the notifications outbox.

Sending one message to one device::

    from webapp import push
    from webapp.models import PushSubscription

    for subscription in PushSubscription.objects.filter(user=parent):
        try:
            push.send(subscription, {"title": "Groep 3", "body": "Nieuw bericht: Schoolreis", "url": "/groep-3/schoolreis/"})
        except push.SubscriptionGone:
            pass  # the device no longer takes push; its row is already deleted: do not retry it
        except push.PushFailed as failure:
            ...  # retry this device later; failure.status (None if no answer) and failure.retry_after (seconds or None)

`send(subscription, payload, ttl=None, *, urgency="normal", topic=None, session=None, timeout=None)`

* `payload` is a dict with only these keys, all strings: `title` (required),
  `body`, `url` (a path on the site, "/tijdlijn/", or an absolute http(s) URL
  of another school's site) and `tag` (notifications with the same tag
  replace each other on the device). Anything else raises ValueError: a push
  message never carries photos, attachments or data about children beyond
  the short title and text the caller chose. Title and body are cut to
  TITLE_LENGTH and BODY_LENGTH characters. The service worker
  (templates/webapp/sw.js) shows it with showNotification and opens `url`
  when the notification is clicked.
* `ttl`: seconds the push service keeps the message while the device is
  offline (default settings.WEBPUSH_TTL, a day). `urgency`: "very-low",
  "low", "normal" or "high" (RFC 8030). `topic`: a push service keeps only
  the newest undelivered message per topic (at most 32 base64url characters).
* `session`: a requests.Session to reuse connections over a batch.
  `timeout`: seconds (default settings.WEBPUSH_TIMEOUT), for connecting and
  for the answer alike.

The message is encrypted for the device (RFC 8291, "aes128gcm" content
encoding of RFC 8188; pywebpush / http_ece do the encryption) and POSTed to
the device's push service with a VAPID Authorization header (RFC 8292,
py_vapid signs it with the key pair from the settings). Redirects are not
followed.

Outcomes:

* the push service accepted it (200/201/202): returns None, and the
  subscription's `last_success` is set;
* 404 or 410 (the device unsubscribed or the subscription expired), or a
  subscription that can never be delivered (its endpoint is no longer an
  allowed push service, its keys are unusable): the subscription is deleted
  and `SubscriptionGone` is raised. Not retryable;
* anything else (a timeout, no connection, 429, 5xx, 401/403 for a VAPID
  problem, 413): `PushFailed`, retryable; `status` and `retry_after` (from a
  Retry-After header in seconds, if any) say more. Nothing is changed.

Missing or mismatched VAPID settings raise ImproperlyConfigured (a
configuration error, not a failure of this message).
"""

import json
import logging
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone
from py_vapid import Vapid02
from pywebpush import WebPusher, WebPushException

from webapp.keys import check_device_keys, check_endpoint, vapid_keys
from webapp.models import PushSubscription

logger = logging.getLogger(__name__)

PAYLOAD_KEYS = {"title", "body", "url", "tag"}
TITLE_LENGTH = 80
BODY_LENGTH = 180
TAG_LENGTH = 64
URL_LENGTH = 1000
URGENCIES = {"very-low", "low", "normal", "high"}
# A VAPID token is valid for 12 hours (RFC 8292 allows at most 24).
VAPID_LIFETIME = 12 * 3600


class PushFailed(Exception):
    """The push service did not take the message; try again later."""

    def __init__(self, message, status=None, retry_after=None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class SubscriptionGone(Exception):
    """The device no longer takes push messages; its subscription has been deleted."""


def _cut(text, length):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def clean_payload(payload):
    """The payload as it is sent: only the allowed keys, short texts; ValueError otherwise."""
    if not isinstance(payload, dict):
        raise ValueError("a push payload is a dict")
    unknown = set(payload) - PAYLOAD_KEYS
    if unknown:
        raise ValueError(f"a push payload has only {sorted(PAYLOAD_KEYS)}, not {sorted(unknown)}")
    for key, value in payload.items():
        if not isinstance(value, str):
            raise ValueError(f"payload[{key!r}] must be a string")
    title = _cut(payload.get("title", ""), TITLE_LENGTH)
    if not title:
        raise ValueError("a push payload needs a title")
    cleaned = {"title": title}
    if payload.get("body"):
        cleaned["body"] = _cut(payload["body"], BODY_LENGTH)
    url = payload.get("url", "")
    if url:
        parts = urlsplit(url)
        relative = not parts.scheme and not parts.netloc and url.startswith("/") and not url.startswith("//")
        absolute = parts.scheme in ("http", "https") and parts.netloc
        if len(url) > URL_LENGTH or not (relative or absolute) or "\\" in url:
            raise ValueError("payload['url'] must be a path on the site or an http(s) URL")
        cleaned["url"] = url
    if payload.get("tag"):
        cleaned["tag"] = payload["tag"][:TAG_LENGTH]
    return cleaned


def vapid_headers(endpoint):
    """The Authorization header for one push service (RFC 8292: `vapid t=<JWT>, k=<public key>`)."""
    private_key, _public = vapid_keys()
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + VAPID_LIFETIME,
        "sub": settings.WEBPUSH_VAPID_SUBJECT,
    }
    return Vapid02(private_key).sign(claims)


def _forget(subscription, reason):
    PushSubscription.objects.filter(pk=subscription.pk).delete()
    logger.info("push subscription %s of user %s removed: %s", subscription.pk, subscription.user_id, reason)
    raise SubscriptionGone(reason)


def _retry_after(response):
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isascii() and value.isdigit() else None


def send(subscription, payload, ttl=None, *, urgency="normal", topic=None, session=None, timeout=None):
    """Encrypt `payload` for the device and hand it to its push service. See the module docstring."""
    body = json.dumps(clean_payload(payload), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ttl = settings.WEBPUSH_TTL if ttl is None else int(ttl)
    if ttl < 0:
        raise ValueError("ttl must not be negative")
    if urgency not in URGENCIES:
        raise ValueError(f"urgency is one of {sorted(URGENCIES)}")
    timeout = settings.WEBPUSH_TIMEOUT if timeout is None else timeout
    try:
        # Checked when subscribing too; the settings may have changed since.
        check_endpoint(subscription.endpoint)
        check_device_keys(subscription.p256dh, subscription.auth)
        encrypted = WebPusher(subscription.subscription_info).encode(body, "aes128gcm")["body"]
    except (ValueError, WebPushException) as error:
        _forget(subscription, f"can never be delivered ({error})")
    headers = vapid_headers(subscription.endpoint)
    headers.update(
        {
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(ttl),
            "Urgency": urgency,
        }
    )
    if topic:
        headers["Topic"] = topic
    host = urlsplit(subscription.endpoint).hostname
    try:
        response = (session or requests).post(
            subscription.endpoint, data=encrypted, headers=headers, timeout=timeout, allow_redirects=False
        )
    except requests.RequestException as error:
        raise PushFailed(f"push service {host} not reached: {type(error).__name__}") from error
    status = response.status_code
    if status in (200, 201, 202):
        subscription.last_success = timezone.now()
        PushSubscription.objects.filter(pk=subscription.pk).update(last_success=subscription.last_success)
        return None
    if status in (404, 410):
        _forget(subscription, f"push service {host} answered {status}")
    raise PushFailed(f"push service {host} answered {status}", status=status, retry_after=_retry_after(response))
