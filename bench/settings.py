"""Settings of the portal as bench/test_bench_pages.py serves it: the dev settings with DEBUG off.

Why not school_site.settings.production: it refuses to start without a real
secret key, a mail server, a base URL and a VAPID key pair from the
environment, and it marks the session and CSRF cookies Secure, which a
client speaking plain http to 127.0.0.1 cannot send back. Media go through
nginx there (X-Accel-Redirect), and no nginx runs here. None of that is on
the path of the pages measured, so this module takes the dev settings (the
same apps, middleware, templates and database tuning as every environment,
from base) and changes what makes a process serve like production:

* DEBUG off, so no query log is kept and Django's cached template loader is
  used: TEMPLATES (base) sets no "loaders", and with DEBUG off Django wraps
  the filesystem and app-directories loaders in the cached loader itself;
* ALLOWED_HOSTS for 127.0.0.1 and localhost (the demo's two Wagtail sites);
* the database is the SQLite file named by SQLITE_PATH, with the project's
  own tuning (school_site/database.py: WAL, IMMEDIATE transactions, busy
  timeout), and the media folder is MEDIA_ROOT. Both must be set: the
  benchmark never reads or writes the developer's db.sqlite3 or media/;
* e-mail stays in memory (the web process only queues mail; the task worker,
  which does not run here, would send it);
* static files are not served (no runserver, no whitenoise): the benchmark
  measures the HTML of pages, as a web server in front would serve the rest.

Used for building the data (manage.py migrate and seed_demo, bench/pages_data.py)
and by gunicorn (school_site.wsgi with DJANGO_SETTINGS_MODULE=bench.settings).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from school_site.settings.dev import *  # noqa: F403

for _name in ("SQLITE_PATH", "MEDIA_ROOT"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"bench.settings needs {_name}: the benchmark's own database and media folder.")
if os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("bench.settings serves SQLite only: unset DATABASE_URL.")

DEBUG = False
SECRET_KEY = "bench-only-not-secret-93d1e0"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Headers production adds; cheap, but on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
