"""`manage.py seed_demo` on an empty or special database: when it seeds, and its safety catches.

The checks of what the demo holds share one seeded database in
demo/tests/test_seed_demo.py; these need a database of their own.
"""

import datetime
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError

from accounts.models import User
from demo.tests.test_seed_demo import PASSWORD, ROOT, counts, media_root, seed  # noqa: F401 (media_root: a fixture)
from home.models import SchoolPage
from news.models import PostPage
from school_site.tests.test_settings import PRODUCTION_ENV


def test_posts_are_live_at_any_hour_and_nobody_is_mailed(db, monkeypatch, django_capture_on_commit_callbacks):
    monday_night = datetime.datetime(2026, 11, 23, 22, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: monday_night)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        seed()
    # All but the waiting one and Groep 3's draft with a photo of a child without consent (demo.consent).
    assert PostPage.objects.filter(live=True).count() == PostPage.objects.count() - 2
    assert not PostPage.objects.filter(go_live_at__isnull=False).exists()
    queued = [getattr(getattr(cb, "func", None), "__self__", None) for cb in callbacks]
    assert not [task for task in queued if getattr(task, "module_path", "").startswith("news.")], callbacks


def test_if_empty_does_nothing_when_a_school_exists(world):
    before = counts()
    output = seed("--if-empty")
    assert counts() == before
    assert not User.objects.filter(email="ouder.twee@windwijzer.test").exists()
    assert "skipped" in output


def test_if_empty_seeds_an_empty_database(db):
    output = seed("--if-empty")
    assert SchoolPage.objects.count() == 4  # two schools, each in Dutch and English
    assert "ouder.twee@windwijzer.test" in output
    assert PASSWORD in output


def test_refuses_production_settings(db, settings):
    settings.SETTINGS_MODULE = "school_site.settings.production"
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not SchoolPage.objects.exists()


def test_refuses_when_a_setting_forbids_it(db, settings):
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


def test_refuses_under_the_real_production_settings(tmp_path):
    """End to end: the production settings module, as a server would load it."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PRODUCTION_ENV)  # everything production needs to start, so the refusal is seed_demo's own
    env.update(DJANGO_SETTINGS_MODULE="school_site.settings.production", SQLITE_PATH=str(tmp_path / "prod.sqlite3"))
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "refuses to run with production settings" in result.stderr
