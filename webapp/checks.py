"""System checks: the VAPID settings must be a usable key pair (`manage.py check`, runserver, migrate)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from webapp.keys import vapid_keys


@checks.register(checks.Tags.security)
def vapid_settings(app_configs, **kwargs):
    try:
        vapid_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), hint="Make a pair with `manage.py generate_vapid_keys`.", id="webapp.E001")]

    subject = settings.WEBPUSH_VAPID_SUBJECT
    if not subject.startswith(("mailto:", "https://")):
        return [checks.Error("WEBPUSH_VAPID_SUBJECT must be a mailto: or https: URL.", id="webapp.E002")]
    return []
