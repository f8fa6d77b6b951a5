"""Signal handlers of the accounts app, connected in `AccountsConfig.ready`.

Sessions are tracked on login and logout. When the roster changes so that
someone may no longer belong to any school (their child left, a
guardianship, enrolment or staff role was removed, the account was switched
off), their sessions are ended once the change is committed: judging before
the commit could act on a change that is rolled back, or miss a new role
saved later in the same transaction.

When a user's password changes (their own change in the admin, a reset
link, an invitation, a superuser), the sessions known at that moment end
once the change is committed: not a session that starts later, such as the
login that follows an accepted invitation. A user who changed their own
password stays logged in, under the new key Django gives that session.
"""

from functools import partial

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.users.models import UserProfile

from accounts import sessions
from accounts.invitations import mark_accepted
from accounts.language import is_supported
from accounts.models import User, UserSession
from classes.models import Child, Enrollment, Guardianship
from home.models import StaffRole


def _check_after_commit(user_ids):
    user_ids = {pk for pk in user_ids if pk is not None}
    if user_ids:
        transaction.on_commit(partial(sessions.end_sessions_of_non_members, user_ids))


def on_login(sender, request, user, **kwargs):
    sessions.track(request, user)
    mark_accepted(user)


def on_logout(sender, request, user, **kwargs):
    sessions.forget(request)


def on_child_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.left_on is None:
        return
    _check_after_commit(Guardianship.objects.filter(child_id=instance.pk).values_list("user_id", flat=True))


def on_guardianship_deleted(sender, instance, **kwargs):
    _check_after_commit([instance.user_id])


def on_enrollment_deleting(sender, instance, **kwargs):
    # pre_delete: when the whole child is deleted, its guardianships are
    # still there to tell whose sessions to check.
    _check_after_commit(Guardianship.objects.filter(child_id=instance.child_id).values_list("user_id", flat=True))


def on_staff_role_deleted(sender, instance, **kwargs):
    _check_after_commit([instance.user_id])


def on_user_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether this save changes the stored password (one query, only for saves that may)."""
    instance._password_changes = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changes = stored is not None and stored != instance.password


def on_user_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if not instance.is_active:
        transaction.on_commit(partial(sessions.end_all_sessions, instance.pk))
    elif getattr(instance, "_password_changes", False):
        # The sessions of now, not those of a login later in this transaction.
        keys = list(UserSession.objects.filter(user_id=instance.pk).values_list("session_key", flat=True))
        if keys:
            transaction.on_commit(partial(sessions.end_sessions, keys))


def on_admin_profile_saved(sender, instance, raw=False, **kwargs):
    """A language chosen in Wagtail's account settings also becomes the portal language."""
    chosen = instance.preferred_language
    if not raw and is_supported(chosen):
        User.objects.filter(pk=instance.user_id).exclude(preferred_language=chosen).update(preferred_language=chosen)


def connect():

    uid = "accounts.signals."
    user_logged_in.connect(on_login, dispatch_uid=uid + "login")
    user_logged_out.connect(on_logout, dispatch_uid=uid + "logout")
    post_save.connect(on_child_saved, sender=Child, dispatch_uid=uid + "child_saved")
    post_delete.connect(on_guardianship_deleted, sender=Guardianship, dispatch_uid=uid + "guardianship_deleted")
    pre_delete.connect(on_enrollment_deleting, sender=Enrollment, dispatch_uid=uid + "enrollment_deleting")
    post_delete.connect(on_staff_role_deleted, sender=StaffRole, dispatch_uid=uid + "staff_role_deleted")
    pre_save.connect(on_user_saving, sender=User, dispatch_uid=uid + "user_saving")
    post_save.connect(on_user_saved, sender=User, dispatch_uid=uid + "user_saved")
    post_save.connect(on_admin_profile_saved, sender=UserProfile, dispatch_uid=uid + "admin_profile_saved")
