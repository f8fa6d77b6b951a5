"""A new roster token whenever anything a user's scope is made of changes (see access.models.RosterStamp).

Connected when Django is ready (access.apps). Senders are named by their
label, so this module imports no model of another app: access sits below
them. Queryset `update()` and `bulk_create()` send no signals; the roster
code uses neither on these models, and code that does must call `touch()`.
"""

import uuid

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from access.models import RosterStamp

SCOPE_MODELS = (
    "home.StaffRole",
    "home.SchoolPage",
    "classes.ClassPage",
    "classes.ClassTeacher",
    "classes.Enrollment",
    "classes.Guardianship",
    "classes.Child",
    # Which school's tree a host serves (plumbing.middleware.CachedSiteMiddleware keeps it under the token).
    "wagtailcore.Site",
)
GROUP_PAGE_TYPES = {"schoolpage", "classpage"}


def touch(**kwargs):
    """Give the roster a new token (in the current transaction)."""
    token = uuid.uuid4().hex
    if not RosterStamp.objects.filter(pk=1).update(token=token):
        RosterStamp.objects.create(pk=1, token=token)


def current_token():
    """The roster's token now: one query. An empty string before the first change."""
    return RosterStamp.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # Logging in saves last_login only: not a change of anyone's scope.
    if update_fields is not None and not {"is_active", "is_superuser"} & set(update_fields):
        return
    if not created:
        touch()


def _page_changed(sender, instance, **kwargs):
    # Publishing, unpublishing or moving a school or class group changes who sees what under it.
    if instance.specific_class is not None and instance.specific_class._meta.model_name in GROUP_PAGE_TYPES:
        touch()


def connect():
    for model in SCOPE_MODELS:
        post_save.connect(touch, sender=model, dispatch_uid=f"access_roster_saved_{model}")
        post_delete.connect(touch, sender=model, dispatch_uid=f"access_roster_deleted_{model}")
    post_save.connect(_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="access_roster_user_saved")
    post_delete.connect(touch, sender=settings.AUTH_USER_MODEL, dispatch_uid="access_roster_user_deleted")
    page_published.connect(_page_changed, dispatch_uid="access_roster_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="access_roster_page_unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="access_roster_page_moved")
