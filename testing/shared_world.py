"""One test world per test worker, kept in an open transaction.

Building the world (testing/world.py) takes about half a second: two dozen
Wagtail pages, their search and reference index rows, the generated admin
groups. Most tests need it, so building it for each of them cost minutes per
run. Instead, the first test that asks for the world opens a transaction,
builds the world in it and leaves it open; that test and the ones after it
run inside savepoints of that transaction (Django's TestCase atomics nest),
so each of them starts from the same, untouched world, as Django's
`setUpTestData` does for a class.

The transaction is rolled back (and the world forgotten) before any test
that must not see it: a test without the world, which expects an empty
database, and a transactional test, whose commits must be real. The next
test that asks for the world builds it again. Module fixtures that open a
transaction of their own (a seeded demo, the URL matrix's world) call
`release()` first, so transactions always nest in order.

Each test gets a deep copy of the world's objects, so a test that changes an
object in memory does not change it for the next test.
"""

import copy

from django.core.cache import caches
from django.db import transaction
from pytest_django.fixtures import validate_django_db

from testing.world import build_world


class SharedWorld:
    def __init__(self):
        self.outer = None
        self.world = None

    def acquire(self):
        """The world, built in an open transaction the first time."""
        if self.outer is None:
            self.outer = transaction.atomic()
            self.outer.__enter__()
            try:
                self.world = build_world()
            except BaseException:
                self.release()
                raise
        # Cached values (Wagtail's site root paths, rendered fragments) may
        # come from a test whose changes were rolled back.
        for alias in caches:
            caches[alias].clear()
        return copy.deepcopy(self.world)

    def release(self):
        """Roll back the world's transaction, if one is open."""
        if self.outer is None:
            return
        outer, self.outer, self.world = self.outer, None, None
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        for alias in caches:
            caches[alias].clear()


shared = SharedWorld()


def release(django_db_blocker):
    """For fixtures with a transaction of their own: close the world's first."""
    with django_db_blocker.unblock():
        shared.release()


def is_transactional(request):
    """The same decision pytest-django makes for the test's database fixture."""
    marker = request.node.get_closest_marker("django_db")
    if marker:
        transactional, reset_sequences, *_rest = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    names = request.fixturenames
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


def wants_shared_world(request):
    """Whether the test asks for the world of conftest (not a module's own)."""
    if "world" not in request.fixturenames or is_transactional(request):
        return False
    # A module with a `world` fixture of its own (the URL matrix) manages it.
    return not hasattr(request.module, "world")
