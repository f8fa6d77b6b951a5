"""A push service for tests: `push_service` runs one on localhost and keeps what arrives.

It stands in for a browser's push service (FCM, Mozilla's autopush) and for
the browser itself: `push_service.device(user)` makes a browser-side key pair
and auth secret and stores a PushSubscription whose endpoint is this server;
`message.payload()` decrypts what the server received with the device's
private key (RFC 8291 / RFC 8188, written out here with `cryptography`, not
with the library that encrypted it), and `message.vapid_claims()` checks the
VAPID Authorization header (RFC 8292): the JWT's ES256 signature against the
public key in the settings.

    def test_something(push_service):
        subscription = push_service.device(user)
        push.send(subscription, {"title": "Hi"})
        [message] = push_service.received
        assert message.payload() == {"title": "Hi"}

The answer per request follows the endpoint's path: /push/<status>/<token>
answers <status> (a device made with `status=410` is "gone");
/push/slow/<token> answers 201 after `SLOW_SECONDS`.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SLOW_SECONDS = 2.0


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def point(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


@dataclass
class Device:
    """The browser side of a subscription: its private key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    endpoint: str

    @property
    def p256dh(self):
        return b64url(point(self.private_key.public_key()))

    @property
    def auth(self):
        return b64url(self.auth_secret)

    def subscription_json(self):
        """What the browser's PushSubscription.toJSON() gives."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


def new_device(endpoint):
    return Device(ec.generate_private_key(ec.SECP256R1()), os.urandom(16), endpoint)


def hkdf(salt, ikm, info, length):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt(body: bytes, device: Device) -> bytes:
    """Decrypt an aes128gcm message (RFC 8188) for a Web Push device (RFC 8291)."""
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    assert id_length == 65, "the key id of a Web Push message is the sender's P-256 public key"
    sender_public = body[21 : 21 + id_length]
    ciphertext = body[21 + id_length :]
    assert len(ciphertext) <= record_size, "one record expected"
    shared = device.private_key.exchange(
        ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    )
    receiver_public = point(device.private_key.public_key())
    ikm = hkdf(device.auth_secret, shared, b"WebPush: info\x00" + receiver_public + sender_public, 32)
    key = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    padded = AESGCM(key).decrypt(nonce, ciphertext, None)
    data, delimiter = padded.rstrip(b"\x00")[:-1], padded.rstrip(b"\x00")[-1:]
    assert delimiter == b"\x02", "the last (only) record ends with the delimiter 0x02"
    return data


def verify_vapid(authorization: str, audience: str) -> dict:
    """The claims of a valid RFC 8292 Authorization header for `audience`; AssertionError otherwise."""
    scheme, _space, parameters = authorization.partition(" ")
    assert scheme.lower() == "vapid", authorization
    values = dict(part.strip().split("=", 1) for part in parameters.split(","))
    assert values["k"] == settings.WEBPUSH_VAPID_PUBLIC_KEY, "k is the server's public key from the settings"
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), unb64url(settings.WEBPUSH_VAPID_PUBLIC_KEY)
    )
    header_b64, claims_b64, signature_b64 = values["t"].split(".")
    assert json.loads(unb64url(header_b64))["alg"] == "ES256"
    signature = unb64url(signature_b64)
    assert len(signature) == 64, "JWS ES256: r and s, 32 bytes each"
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))  # raises InvalidSignature
    claims = json.loads(unb64url(claims_b64))
    assert claims["aud"] == audience
    assert claims["sub"] == settings.WEBPUSH_VAPID_SUBJECT
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    device: Device | None
    audience: str

    def payload(self):
        assert self.headers.get("content-encoding") == "aes128gcm"
        return json.loads(decrypt(self.body, self.device))

    def vapid_claims(self):
        return verify_vapid(self.headers["authorization"], self.audience)


@dataclass
class PushService:
    host: str
    port: int
    received: list = field(default_factory=list)
    devices: dict = field(default_factory=dict)  # endpoint -> Device
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _count: int = 0

    @property
    def origin(self):
        return f"http://{self.host}:{self.port}"

    def endpoint(self, status=201):
        with self._lock:
            self._count += 1
            return f"{self.origin}/push/{status}/device-{self._count}"

    def new_device(self, status=201):
        device = new_device(self.endpoint(status))
        self.devices[device.endpoint] = device
        return device

    def device(self, user, status=201, label="Firefox · Android"):
        """A stored PushSubscription of `user` on a new device of this service."""
        from webapp.models import PushSubscription

        device = self.new_device(status)
        return PushSubscription.objects.create(
            user=user, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth, user_agent=label
        )

    def record(self, path, headers, body):
        endpoint = self.origin + path
        with self._lock:
            self.received.append(Received(path, headers, body, self.devices.get(endpoint), self.origin))


def _handler(service):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            service.record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            kind = self.path.split("/")[2] if self.path.startswith("/push/") else "404"
            if kind == "slow":
                time.sleep(SLOW_SECONDS)
                status = 201
            else:
                status = int(kind)
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "120")
            if status in (301, 302, 307, 308):
                self.send_header("Location", f"{service.origin}/push/201/redirected")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def push_service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    server.daemon_threads = True
    service = PushService("127.0.0.1", server.server_address[1])
    server.RequestHandlerClass = _handler(service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
