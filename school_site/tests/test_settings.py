"""Settings: production refuses to start half-configured; SQLite is tuned for concurrent use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the project, above <app>/tests/

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "school.example",
    "BASE_URL": "https://school.example",
    "EMAIL_HOST": "smtp.example",
    "WEBPUSH_VAPID_PUBLIC_KEY": "BOBsLijDtCOZUeqaypJ5EUSGno5VwJ8jObqnfFiELkAU7zCCh0ZFdzoqlf67ci5p9lweglsxPfSApZ3vr4qwxY4",
    "WEBPUSH_VAPID_PRIVATE_KEY": "0CEj79frA7oMxsrlklbUm_7Sv4kppAQgUI3aS5XhVVU",
    "WEBPUSH_VAPID_SUBJECT": "mailto:beheer@school.example",
}


def run_python(code, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DATABASE_URL"}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


LOAD_SETTINGS = "import django; django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)"


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    env["DJANGO_SETTINGS_MODULE"] = "school_site.settings.production"
    result = run_python(LOAD_SETTINGS, env)
    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_production_starts_with_its_environment():
    env = dict(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="school_site.settings.production")
    result = run_python(LOAD_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    assert "school.example" in result.stdout


def test_sqlite_file_database_uses_wal_and_immediate_transactions(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0]);"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0]);"
        "print(connection.transaction_mode)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "school_site.settings.dev", "SQLITE_PATH": str(tmp_path / "t.sqlite3")}
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_database_url_switches_to_postgresql():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {"DJANGO_SETTINGS_MODULE": "school_site.settings.dev", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"
