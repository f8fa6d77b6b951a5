"""Production: everything secret or host-specific comes from the environment.

The process refuses to start when one is missing, so a half-configured server
never runs with a guessable key or an open host list.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]
WAGTAILADMIN_BASE_URL = required("BASE_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind one nginx, which appends the client's address to X-Forwarded-For
# (proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for): the login
# and mail limits count that address (throttle.limits.client_address).
# Set TRUSTED_PROXIES to the number of proxies in front (0 without one).
THROTTLE_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only (README, "Security headers and sessions"). The proxy in front
# terminates TLS and sets X-Forwarded-Proto: https (replacing any sent by
# the client); every plain http request is redirected to https.
SECURE_SSL_REDIRECT = True
# HSTS: browsers use only https for a year. Subdomains too unless
# HSTS_INCLUDE_SUBDOMAINS=0 (a domain with plain-http hosts below it);
# preloading is the domain owner's decision: off unless HSTS_PRELOAD=1.
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("HSTS_PRELOAD", "0") == "1"
# `check --deploy` warns while preloading is off; it is off on purpose.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = required("EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"

# Web Push (webapp.push): the server's VAPID key pair and a contact for the
# push services (mailto: or https:). Make a pair with
# `manage.py generate_vapid_keys`; keep it: a new pair ends every device's
# subscription. The server needs outgoing https to the browsers' push services.
WEBPUSH_VAPID_PUBLIC_KEY = required("WEBPUSH_VAPID_PUBLIC_KEY")
WEBPUSH_VAPID_PRIVATE_KEY = required("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_SUBJECT = required("WEBPUSH_VAPID_SUBJECT")

# Django checks access, nginx sends the file: X-Accel-Redirect to an
# `internal` location that aliases MEDIA_ROOT, e.g.
#   location /protected-media/ { internal; alias /srv/schoolpoort/media/; }
# plus the add_header lines of README ("What uploads keep"): nginx drops the
# view's Content-Security-Policy: sandbox and nosniff on an X-Accel-Redirect.
SENDFILE_BACKEND = "django_sendfile.backends.nginx"
SENDFILE_ROOT = MEDIA_ROOT  # noqa: F405
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected-media")
