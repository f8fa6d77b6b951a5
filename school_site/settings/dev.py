"""Local development: `make run`."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-7f3c9a"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Web Push: a fixed key pair for development only, never for a real server
# (production takes its own from the environment).
WEBPUSH_VAPID_PUBLIC_KEY = "BOBsLijDtCOZUeqaypJ5EUSGno5VwJ8jObqnfFiELkAU7zCCh0ZFdzoqlf67ci5p9lweglsxPfSApZ3vr4qwxY4"
WEBPUSH_VAPID_PRIVATE_KEY = "0CEj79frA7oMxsrlklbUm_7Sv4kppAQgUI3aS5XhVVU"
WEBPUSH_VAPID_SUBJECT = "mailto:beheer@schoolpoort.test"

# Two-factor sign-in: the demo's directors log in with their password only;
# `TWOFACTOR_ENFORCED=1 make run` tries enforcement as production has it.
TWOFACTOR_ENFORCED = os.environ.get("TWOFACTOR_ENFORCED", "0") == "1"
