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
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
SENDFILE_BACKEND = "django_sendfile.backends.nginx"
SENDFILE_ROOT = MEDIA_ROOT  # noqa: F405
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected-media")
