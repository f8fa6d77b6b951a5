"""Helpers of the two-factor tests: real TOTP codes computed from a device's key, and logging in with the forms."""

import re
import time
from base64 import b32decode
from binascii import hexlify, unhexlify

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_otp.oath import TOTP

from testing.world import PASSWORD
from twofactor import devices


def code_for(key, steps_ahead=0):
    """The code an authenticator app shows for this (hex) key now, or `steps_ahead` 30-second steps later.

    A code is accepted once: a second sign-in within the same 30 seconds
    uses the next step's code (the server accepts one step of clock drift).
    """
    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code_for(key):
    """Six digits that are not a code of this key anywhere near now."""
    near = {code_for(key, steps) for steps in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in near)


def key_from_page(response):
    """The key as the setup page shows it for typing in (base32, in groups), as hex: what the app would store."""
    text = re.search(rb"data-twofactor-key>([A-Z2-7 ]+)<", response.content).group(1).decode()
    compact = text.replace(" ", "")
    return hexlify(b32decode(compact + "=" * (-len(compact) % 8))).decode()


def codes_from_page(response):
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def dutch(message):
    """An interface message as a Dutch page shows it, HTML-escaped (its msgid until the catalogue has it)."""
    with translation.override("nl"):
        return escape(gettext(message))


def log_in(client, user):
    """The password step of the login form (accounts:login), as a browser does it."""
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def set_up(client, steps_ahead=0):
    """Set up an authenticator app through the pages: scan (read the key), confirm with a code. Returns (key, codes)."""
    page = client.get(reverse("twofactor:setup"))
    assert page.status_code == 200
    key = key_from_page(page)
    response = client.post(reverse("twofactor:setup"), {"code": code_for(key, steps_ahead)})
    assert response.status_code == 302, response.content[:1000]
    assert response["Location"].startswith(reverse("twofactor:recovery_codes"))
    codes = codes_from_page(client.get(response["Location"]))
    return key, codes


@pytest.fixture
def enrolled():
    """Give a user an authenticator app (and recovery codes) directly: (key, codes)."""

    def enrol(user):
        key = devices.new_key()
        _device, codes = devices.enrol(user, key, -1)
        return key, codes

    return enrol


@pytest.fixture
def enforced(settings):
    """Those who must use two-factor sign-in are sent to set it up, as in production."""
    settings.TWOFACTOR_ENFORCED = True
    return settings
