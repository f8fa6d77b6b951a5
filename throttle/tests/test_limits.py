"""The two shapes of limit on the real database, and what the table keeps.

How requests find the client's address is tested through the login
(accounts/tests/test_login_limits.py), where it matters.
"""

import datetime

import pytest
from django.utils import translation

from throttle.limits import Backoff, Quota, describe_wait
from throttle.models import Hit

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


def at(seconds):
    return START + datetime.timedelta(seconds=seconds)


def test_a_backoff_waits_only_after_the_free_events_and_doubles_up_to_its_maximum():
    limit = Backoff("test", free=2, base_wait=10, max_wait=50, window=3600)
    limit.record("x", at(0))
    assert limit.wait("x", at(0)) == 0
    limit.record("x", at(1))
    assert limit.wait("x", at(1)) == 10
    assert limit.wait("x", at(11)) == 0
    waits = []
    for second in (20, 100, 200, 300):
        limit.record("x", at(second))
        waits.append(limit.wait("x", at(second)))
    assert waits == [20, 40, 50, 50]
    # The window forgets, and the count starts again.
    assert limit.wait("x", at(300 + 3600)) == 0


def test_a_quota_allows_its_number_in_any_window():
    limit = Quota("test", allowed=2, window=100)
    assert limit.take("x", at(0))
    assert limit.take("x", at(30))
    assert not limit.take("x", at(40))
    assert limit.wait("x", at(40)) == 60
    assert limit.take("x", at(101))
    assert not limit.take("x", at(102))
    assert limit.take("other", at(102))


def test_values_are_kept_as_keyed_hashes_only(settings):
    Quota("test", allowed=5, window=100).take("Parent.A@test.example", at(0))
    [hit] = Hit.objects.all()
    assert "parent" not in hit.key.lower() and len(hit.key) == 64
    # Case and spaces do not make another value.
    assert Quota("test", allowed=1, window=100).wait(" parent.a@TEST.example", at(1)) > 0


def test_rows_older_than_the_longest_window_are_deleted(settings):
    settings.THROTTLE_LIMITS = {"a": {"allowed": 1, "window": 100}, "b": {"allowed": 1, "window": 1000}}
    Quota("a", 1, 100).record("x", at(0))
    Quota("b", 1, 1000).record("y", at(500))
    assert Hit.objects.count() == 2
    Quota("a", 1, 100).record("z", at(1001))
    assert Hit.objects.count() == 2  # the first one is gone


@translation.override("en")
def test_waits_read_in_whole_minutes_and_hours():
    assert describe_wait(1) == "1 minute"
    assert describe_wait(61) == "2 minutes"
    assert describe_wait(3600) == "60 minutes"
    assert describe_wait(3 * 3600) == "3 hours"
