"""The second step of a login in the session: verified, and whether the user has a second factor.

`mark_verified` is django-otp's login plus a new session key: the key of the
session that only knew the password is worthless once the code is given,
so a session key seen before the second step (on a shared computer, in a
proxy's log) never becomes a fully signed-in session. The new key is tracked
like a login's (accounts.sessions), so ending all of a user's sessions still
finds it.

Whether the user has a second factor is kept in the session for a few
minutes (`has_device`), so the many requests of users without one cost no
query. Setting one up ends the user's other sessions (they started without
it), and a director's reset ends them all, so a kept answer is only ever
out of date for at most those minutes in a session the tracking missed.
"""

import time

import django_otp

from accounts.models import UserSession
from accounts.sessions import end_sessions, track
from twofactor import devices

STATE_KEY = "twofactor_state"
RECHECK_SECONDS = 5 * 60


def mark_verified(request, device):
    """The session has passed the second step with `device`: django-otp's login, then a new session key."""
    django_otp.login(request, device)
    session = request.session
    old_key = session.session_key
    session.cycle_key()
    if old_key:
        UserSession.objects.filter(session_key=old_key).delete()
    track(request, request.user)
    remember(request, True)


def remember(request, has_device):
    request.session[STATE_KEY] = [request.user.pk, bool(has_device), time.time() + RECHECK_SECONDS]


def has_device(request):
    """Does the logged-in user have a second factor? Kept in the session for a few minutes when they have none."""
    user = request.user
    kept = request.session.get(STATE_KEY)
    if kept and kept[0] == user.pk and not kept[1] and kept[2] > time.time():
        return False
    found = devices.has_device(user)
    remember(request, found)
    return found


def end_other_sessions(request):
    """End every other session of the user (they started before the second factor was set up)."""
    others = UserSession.objects.filter(user=request.user).exclude(session_key=request.session.session_key)
    end_sessions(list(others.values_list("session_key", flat=True)))
