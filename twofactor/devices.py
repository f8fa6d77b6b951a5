"""A user's second factors: one authenticator app (TOTP) and ten single-use recovery codes.

Both are django-otp devices. The app's key is made when the user starts
setting it up and kept in their session until they confirm it with a code,
so an abandoned setup leaves nothing behind. Confirming replaces any earlier
app and gives ten new recovery codes (the old ones stop working).

Codes are checked through django-otp (`django_otp.verify_token`), with its
throttling: after each wrong code the device waits 1, 2, 4, 8, ... seconds
(at most an hour) before it checks another one.
"""

import math
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODE_COUNT = 10
APP_NAME = "authenticator app"
CODES_NAME = "recovery codes"
TOTP_DIGITS = 6


def apps_of(user):
    """The user's confirmed authenticator apps (at most one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def is_enrolled(user):
    """Has the user set up an authenticator app? Then two-factor sign-in is on."""
    return apps_of(user).exists()


def has_device(user):
    """Does the user have any confirmed second factor (app or recovery codes)? Then they verify at login."""
    return django_otp.user_has_device(user)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolled_since(user):
    device = apps_of(user).order_by("created_at").first()
    return device.created_at if device is not None else None


# Setting up ---------------------------------------------------------------


def new_key():
    """A new secret key (20 random bytes, hex), as django-otp makes them."""
    return random_hex(20)


def manual_key(key):
    """The key as the apps take it when typed in: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key):
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key, name=APP_NAME).config_url


def qr_svg(url, title):
    """The QR code of `url` as inline SVG markup (no image file, no data: URI, no style attribute)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=4, title=title, light="#fff"))


def check_setup_code(key, code):
    """The time step of a right code for the key being set up, or None.

    No throttling here: whoever sets up the app holds its key already.
    """
    code = normalized(code)
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return totp.t()
    return None


@transaction.atomic
def enrol(user, key, last_t):
    """Keep the confirmed app (replacing an earlier one) and make new recovery codes: (device, codes)."""
    TOTPDevice.objects.filter(user=user).delete()
    # last_t: the code that confirmed it cannot be used again to sign in.
    device = TOTPDevice.objects.create(user=user, key=key, name=APP_NAME, confirmed=True, last_t=last_t)
    return device, replace_recovery_codes(user)


@transaction.atomic
def replace_recovery_codes(user):
    """Ten new recovery codes; the old ones stop working. Returns the codes (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_all(user):
    """Delete every second factor of the user: two-factor sign-in is off."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Checking a code ------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    device: object = None  # the device that accepted the code
    wait_seconds: int = 0  # > 0: throttled, try again after this many seconds

    @property
    def is_recovery_code(self):
        return isinstance(self.device, StaticDevice)


def normalized(code):
    """A code as typed: without spaces and dashes, lower case (recovery codes are base32)."""
    return "".join((code or "").split()).replace("-", "").lower()


def verify(user, code):
    """Check a code from the app (six digits) or a recovery code against the user's devices.

    A right recovery code is used up. When a device is throttled after wrong
    codes, nothing is checked and the result says how long to wait.
    """
    code = normalized(code)
    if not code:
        return Result()
    is_app_code = code.isdigit() and len(code) == TOTP_DIGITS
    model = TOTPDevice if is_app_code else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed:
            locked_until = (details or {}).get("locked_until")
            seconds = (locked_until - timezone.now()).total_seconds() if locked_until else 1
            return Result(wait_seconds=max(1, math.ceil(seconds)))
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Result(device=verified)
    return Result()
