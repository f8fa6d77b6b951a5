"""Keys and checks shared by the push API, the subscription views and the system checks.

* VAPID key pair from settings (`vapid_keys`), base64url as browsers use them.
* `check_endpoint`: only the browsers' push services (settings
  WEBPUSH_ENDPOINT_HOSTS), over https, are ever contacted.
* `check_device_keys`: a subscription's p256dh must be a point on P-256 and
  its auth secret 16 bytes, or encryption for it would fail later.
"""

import base64
import binascii
import re
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError when it is not base64url."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*={0,2}", text):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def public_key_from_point(point: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from its uncompressed point (65 bytes, 0x04 first); ValueError otherwise."""
    if len(point) != 65 or point[0] != 4:
        raise ValueError("not an uncompressed P-256 point")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)


def public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def vapid_keys():
    """(private key, public key as base64url) from settings; ImproperlyConfigured if unusable.

    The public key in the settings must belong to the private key: browsers
    subscribe with the public key, push services check signatures with it.
    """
    private_text = settings.WEBPUSH_VAPID_PRIVATE_KEY
    public_text = settings.WEBPUSH_VAPID_PUBLIC_KEY
    if not private_text or not public_text or not settings.WEBPUSH_VAPID_SUBJECT:
        raise ImproperlyConfigured("Set WEBPUSH_VAPID_PUBLIC_KEY, WEBPUSH_VAPID_PRIVATE_KEY and WEBPUSH_VAPID_SUBJECT.")
    try:
        raw = b64url_decode(private_text)
        if len(raw) != 32:
            raise ValueError("the private key is not 32 bytes")
        private_key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
        public_key = public_key_from_point(b64url_decode(public_text))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The VAPID keys in the settings are not a base64url P-256 key pair: {error}"
        ) from error
    if public_point(private_key.public_key()) != public_point(public_key):
        raise ImproperlyConfigured("WEBPUSH_VAPID_PUBLIC_KEY does not belong to WEBPUSH_VAPID_PRIVATE_KEY.")
    return private_key, b64url_encode(public_point(public_key))


def generate_key_pair():
    """A new VAPID key pair as (public, private), base64url, for the settings."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url_encode(public_point(key.public_key())), b64url_encode(private)


def _host_allowed(host, allowed):
    host = (host or "").lower().rstrip(".")
    return any(host == entry or host.endswith("." + entry) for entry in allowed)


def check_endpoint(endpoint):
    """ValueError unless the endpoint is an https URL of a known push service (see the settings)."""
    if not isinstance(endpoint, str) or len(endpoint) > 2048:
        raise ValueError("endpoint too long")
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as error:
        raise ValueError("not a URL") from error
    if parts.username or parts.password or not parts.hostname:
        raise ValueError("not a push service URL")
    host = parts.hostname
    if not _host_allowed(host, settings.WEBPUSH_ENDPOINT_HOSTS):
        raise ValueError("not a known push service")
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and _host_allowed(host, settings.WEBPUSH_INSECURE_ENDPOINT_HOSTS):
        return
    raise ValueError("push services are reached over https only")


def check_device_keys(p256dh, auth):
    """ValueError unless p256dh is a P-256 point and auth a 16-byte secret (both base64url)."""
    public_key_from_point(b64url_decode(p256dh))
    if len(b64url_decode(auth)) != 16:
        raise ValueError("the auth secret is not 16 bytes")


BROWSERS = [
    ("Edge", r"\bEdg(A|iOS)?/"),
    ("Opera", r"\bOPR/"),
    ("Samsung Internet", r"\bSamsungBrowser/"),
    ("Firefox", r"\b(Firefox|FxiOS)/"),
    ("Chrome", r"\b(Chrome|CriOS)/"),
    ("Safari", r"\bSafari/"),
]
SYSTEMS = [
    ("Android", r"\bAndroid\b"),
    ("iOS", r"\b(iPhone|iPad|iPod)\b"),
    ("Windows", r"\bWindows\b"),
    ("ChromeOS", r"\bCrOS\b"),
    ("macOS", r"\bMac OS X\b"),
    ("Linux", r"\bLinux\b"),
]


def device_label(user_agent):
    """A short, recognisable name for a device from its User-Agent: "Firefox · Android"."""
    user_agent = user_agent or ""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    return " · ".join(part for part in (browser, system) if part)[:100]
