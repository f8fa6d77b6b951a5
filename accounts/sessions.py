"""Knowing a user's sessions, so they can be ended at once, and how long a session lasts.

`access.middleware.MembershipMiddleware` logs out a user who no longer
belongs anywhere, but only on their next request. Ending their sessions
right away also covers a browser left open on a shared computer: the page
cannot be reloaded or navigated from with the old session. The same goes
for an account that is switched off and for a password that changes: a
password is changed because someone else may know it, so every other
session of the account ends (`end_sessions`). The session in which the
user changed their own password goes on under the new key that Django
gives it (`update_session_auth_hash`): `SessionLifetimeMiddleware` follows
a key that changes during a request.

How long a session lasts (`SessionLifetimeMiddleware`): it ends after
SESSION_IDLE_TIMEOUT without a request and SESSION_MAX_AGE after the login
at the latest; for staff, who see every child of their groups, after
SESSION_STAFF_IDLE_TIMEOUT and SESSION_STAFF_MAX_AGE. The moment of the
login and of the last request are kept in the session itself, so checking
costs no query; the last request is written at most once per
SESSION_ACTIVITY_INTERVAL, not on every request.
"""

from contextvars import ContextVar
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import HASH_SESSION_KEY, logout
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from access.rules import forget_scope, is_staff_member, scope_of
from accounts.models import User, UserSession

# Keys in the session: when the user logged in, and when they were last seen (Unix seconds).
LOGIN_AT = "accounts_login_at"
SEEN_AT = "accounts_seen_at"

# The session of the request being handled: {"key": ..., "spared": bool}. A
# session cannot be deleted under the request that uses it (Django would
# answer "session interrupted"), so `end_sessions` spares it and the
# middleware decides at the end of the request (`_after_sparing`).
_current = ContextVar("accounts_current_session", default=None)


def _session_store(session_key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def _now():
    return int(timezone.now().timestamp())


def track(request, user):
    """Note the session key of a login and start its clocks. Called from the user_logged_in signal."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LOGIN_AT] = session[SEEN_AT] = _now()
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


def follow(user, old_key, new_key):
    """The session `old_key` of the user now has the key `new_key` (Django cycled it)."""
    if old_key:
        UserSession.objects.filter(session_key=old_key).delete()
    UserSession.objects.update_or_create(session_key=new_key, defaults={"user": user})


def end_sessions(session_keys):
    """Delete these sessions (known keys of one user) and forget their keys.

    The session of the request being handled, if it is one of them, is left
    to `SessionLifetimeMiddleware` at the end of that request.
    """
    current = _current.get()
    if current is not None and current["key"] in session_keys:
        current["spared"] = True
        session_keys = [key for key in session_keys if key != current["key"]]
    for key in session_keys:
        _session_store(key).delete()
    UserSession.objects.filter(session_key__in=list(session_keys)).delete()


def end_all_sessions(user_id):
    """Delete every known session of the user, wherever they are logged in."""
    end_sessions(list(UserSession.objects.filter(user_id=user_id).values_list("session_key", flat=True)))


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


def limits_for(user):
    """(idle timeout, maximum age) in seconds of this user's sessions."""
    if user.is_superuser or is_staff_member(user):
        return settings.SESSION_STAFF_IDLE_TIMEOUT, settings.SESSION_STAFF_MAX_AGE
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_MAX_AGE


class SessionLifetimeMiddleware:
    """Ends a session that was idle too long or is too old; follows a session key that changes.

    An ended session is logged out before the view runs, so the request goes
    on as a visitor's (the login page, with a message saying why). Placed
    after the authentication and message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        key_before = None
        if user.is_authenticated:
            key_before = request.session.session_key
            ended = self.check(request, user)
            if ended:
                logout(request)
                messages.info(request, ended)
                key_before = None
        state = {"key": key_before, "spared": False}
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state["spared"]:
            self._after_sparing(request)
        user = getattr(request, "user", None)
        if key_before and user is not None and user.is_authenticated:
            key_after = request.session.session_key
            if key_after and key_after != key_before:
                follow(user, key_before, key_after)
        return response

    def _after_sparing(self, request):
        """This request's session was to end: it does, unless it is the user's own, renewed one.

        A user who changed their own password has the new password's hash in
        the session (update_session_auth_hash) and stays logged in; a session
        with the old hash (a reset link used while logged in) or of an account
        that was switched off ends now.
        """
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        fresh = User.objects.filter(pk=user.pk).first()
        renewed = (
            fresh is not None
            and fresh.is_active
            and constant_time_compare(request.session.get(HASH_SESSION_KEY, ""), fresh.get_session_auth_hash())
        )
        if not renewed:
            logout(request)

    def check(self, request, user):
        """The reason to end this session now, or None (then the last activity is noted when due)."""
        session = request.session
        now = _now()
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            # A session from before these limits: its clocks start now.
            session[LOGIN_AT] = login_at or now
            session[SEEN_AT] = now
            return None
        idle, max_age = limits_for(user)
        if now - seen_at >= idle:
            return _("You were logged out because you had not used Schoolpoort for a while. Please log in again.")
        if now - login_at >= max_age:
            return _("For your safety you are logged out after some time. Please log in again.")
        if now - seen_at >= settings.SESSION_ACTIVITY_INTERVAL:
            session[SEEN_AT] = now
        return None
