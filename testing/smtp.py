"""A real SMTP server for tests: `mailbox` starts aiosmtpd and collects what arrives.

Use it in any test that sends mail:

    def test_something(mailbox):
        ...  # code that sends mail through Django
        [message] = mailbox.to("parent@example.org")
        assert "link" in mailbox.text(message)

Django's SMTP backend delivers to the server during `send()`, and the server
stores a message before it answers, so messages are there as soon as the
sending code returns. Messages are `email.message.EmailMessage` objects
(modern policy), so headers come decoded and `get_body()` works.
"""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage


@dataclass
class Mailbox:
    """Everything the test SMTP server received, in order."""

    host: str
    port: int
    received: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def handle_DATA(self, server, session, envelope):
        # aiosmtpd calls this on its own thread for every message.
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self._lock:
            return [item.message for item in self.received]

    def to(self, address):
        """Messages whose envelope recipients include `address` (case-insensitive)."""
        address = address.lower()
        with self._lock:
            return [item.message for item in self.received if address in (r.lower() for r in item.rcpt_tos)]

    def clear(self):
        with self._lock:
            self.received.clear()

    @staticmethod
    def text(message):
        """The plain-text body of a message ('' when it has none)."""
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @staticmethod
    def html(message):
        """The HTML body of a message ('' when it has none)."""
        part = message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


def _free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _start(host, attempts=5):
    """Start a controller on a free port; retry if another process took the port meanwhile."""
    for attempt in range(attempts):
        mailbox = Mailbox(host=host, port=_free_port(host))
        controller = Controller(mailbox, hostname=host, port=mailbox.port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            continue
        return mailbox, controller
    raise RuntimeError("unreachable")


@pytest.fixture
def mailbox(settings):
    """A running SMTP server on 127.0.0.1 that Django sends to for this test."""
    host = "127.0.0.1"
    box, controller = _start(host)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = box.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield box
    finally:
        controller.stop()
