"""Who must use two-factor sign-in here: the rule of `access.rules` with the board's setting.

The setting is read on every request of a staff member who has not enrolled,
so it is kept in this process's cache for a minute; saving it forgets it at
once in the process that saved it, and other processes follow within the
minute.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from access.rules import must_use_two_factor
from twofactor.models import TwoFactorSettings

CACHE_KEY = "twofactor:required_for_all_staff"
CACHE_SECONDS = 60


def required_for_all_staff():
    """Does the board require two-factor sign-in of every staff member? (TwoFactorSettings)"""
    found = cache.get(CACHE_KEY)
    if found is None:
        row = TwoFactorSettings.objects.order_by("pk").first()
        found = bool(row and row.required_for_all_staff)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def must_use(user):
    """Must this user use two-factor sign-in (their role, or the board's setting for all staff)?"""
    return must_use_two_factor(user, required_for_all_staff())


def enforced():
    """Are those who must use two-factor sign-in sent to enrol? (settings.TWOFACTOR_ENFORCED)

    On in production; off in development and in the test suite, whose
    directors log in without a second factor (twofactor's own tests switch it on).
    """
    return bool(getattr(settings, "TWOFACTOR_ENFORCED", True))


def _forget(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    post_save.connect(_forget, sender=TwoFactorSettings, dispatch_uid="twofactor_settings_saved")
    post_delete.connect(_forget, sender=TwoFactorSettings, dispatch_uid="twofactor_settings_deleted")
