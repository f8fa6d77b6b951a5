import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from testing.pushservice import push_service  # noqa: F401  (a push service on localhost for Web Push tests)
from testing.shared_world import shared, wants_shared_world
from testing.smtp import mailbox  # noqa: F401  (a real SMTP server for mail tests)
from testing.world import build_world


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


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (scopes, fragments), as a fresh process would.

    The cache outlives a test's database transaction; what one test cached
    must not answer for the next one, whose database was rolled back.
    """
    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(scope="session")
def _shared_world_session(django_db_setup, django_db_blocker):
    """Close the shared world's transaction before the test databases go."""
    yield shared
    with django_db_blocker.unblock():
        shared.release()


@pytest.fixture
def _shared_world_gate(request, _shared_world_session, django_db_blocker):
    """Open or close the shared world's transaction for this test.

    Runs before pytest-django opens the test's own transaction (see the
    `_django_db_helper` below), so that one nests inside it.
    """
    with django_db_blocker.unblock():
        if wants_shared_world(request):
            request.node.shared_world = shared.acquire()
        else:
            shared.release()


@pytest.fixture
def _django_db_helper(_shared_world_gate, _django_db_helper):
    """pytest-django's database fixture, after the shared world's gate."""
    yield


@pytest.fixture
def world(db, request):
    """The test world (testing/world.py), built once per worker: see testing/shared_world.py.

    A transactional test gets a world of its own, committed like the rest of
    what it writes.
    """
    shared_copy = getattr(request.node, "shared_world", None)
    return shared_copy if shared_copy is not None else build_world()


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
