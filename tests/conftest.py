import datetime

import pytest
from django.conf import settings
from django.utils import translation

from tests.pushservice import push_service  # noqa: F401  (a push service on localhost for Web Push tests)
from tests.smtp import mailbox  # noqa: F401  (a real SMTP server for mail tests)
from tests.world import build_world


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (Dutch).

    A request through the test client leaves its language active in the
    thread (LocaleMiddleware activates it and nothing deactivates it), so
    without this a test would reverse URLs and translate messages in
    whatever language the previous test on the same worker ended with.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def world(db):
    return build_world()


class Clock:
    """The time for Django, Wagtail and the project alike (django.utils.timezone.now)."""

    def __init__(self, monkeypatch):
        self.now = datetime.datetime.now(datetime.UTC)  # until a test sets it
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now.astimezone(datetime.UTC))

    def set(self, moment):
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    """Set the clock with `clock.set(aware datetime)`."""
    return Clock(monkeypatch)
