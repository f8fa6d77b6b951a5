"""The framework's floor for bench/test_bench_pages.py: Django with nothing but what one bare view needs.

No apps, no middleware, no database, no templates: a request goes through
gunicorn, Django's WSGI handler, URL resolving and one view that answers
"ok". Whatever the portal's pages cost above this is the portal's.
"""

DEBUG = False
SECRET_KEY = "bench-floor-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bench.floor.urls"
DATABASES = {}
TEMPLATES = []
USE_TZ = True
WSGI_APPLICATION = "bench.floor.wsgi.application"
