"""Knowing a user's sessions, so they can be ended at once.

`access.middleware.MembershipMiddleware` logs out a user who no longer
belongs anywhere, but only on their next request. Ending their sessions
right away also covers a browser left open on a shared computer: the page
cannot be reloaded or navigated from with the old session.

Limitation: a session key that changes while logged in (Django cycles it
when a user changes their own password) is not followed; the membership
middleware still catches such a session on its next request.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from access.rules import forget_scope, scope_of
from accounts.models import User, UserSession


def _session_store(session_key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def track(request, user):
    """Note the session key of a login. Called from the user_logged_in signal."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        # login() flushed a previous user's session; give the new one its key now.
        session.save()
    UserSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
    # Forget keys of this user's sessions that have expired by now.
    too_old = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    UserSession.objects.filter(user=user, created_at__lt=too_old).delete()


def forget(request):
    """Drop the key of a session that logs out. Called from user_logged_out."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def end_all_sessions(user_id):
    """Delete every known session of the user, wherever they are logged in."""
    for key in UserSession.objects.filter(user_id=user_id).values_list("session_key", flat=True):
        _session_store(key).delete()
    UserSession.objects.filter(user_id=user_id).delete()


def end_sessions_of_non_members(user_ids):
    """End the sessions of those users who no longer belong to any school.

    Only users with a known session are looked at, so a bulk change of the
    roster costs one query for users who are not logged in.
    """
    logged_in = set(UserSession.objects.filter(user_id__in=set(user_ids)).values_list("user_id", flat=True))
    for user in User.objects.filter(pk__in=logged_in):
        forget_scope(user)
        if not scope_of(user).is_member:
            end_all_sessions(user.pk)
