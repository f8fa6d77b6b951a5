"""The test suite: `make test`."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-41b2"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests that need the worker run tasks explicitly; everything else runs
# Wagtail's housekeeping tasks (reference index) at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Mail tests talk to a real SMTP server (aiosmtpd) started by the test; the
# port is set per test.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = 1
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
SENDFILE_ROOT = MEDIA_ROOT
WAGTAILADMIN_BASE_URL = "http://testserver"

# Web Push: a fixed, non-secret key pair for the tests, which run their own
# push service on localhost over plain http.
WEBPUSH_VAPID_PUBLIC_KEY = "BNtYqe_PYbLSUx18V-wsmze_e09gvWN5KohFj1UC__Ulae_QjV-W6V4z3UY9p4hlP6LL6ZImZ5lWijoCH7NIWzU"
WEBPUSH_VAPID_PRIVATE_KEY = "5HJEn_8qpqThOhZ3Vj9dNEakXOlpoQMaXhYUEUdVvxg"
WEBPUSH_VAPID_SUBJECT = "mailto:beheer@schoolpoort.test"
WEBPUSH_INSECURE_ENDPOINT_HOSTS = ["127.0.0.1", "localhost"]
WEBPUSH_ENDPOINT_HOSTS = [*WEBPUSH_ENDPOINT_HOSTS, "127.0.0.1", "localhost"]  # noqa: F405
WEBPUSH_TIMEOUT = 3

# Two-factor sign-in: the world's directors log in without a second factor
# (force_login, the login form); twofactor's own tests switch enforcement on.
TWOFACTOR_ENFORCED = False
