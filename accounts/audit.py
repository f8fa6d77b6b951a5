"""The security log: logins, failed logins and logouts, for investigating an incident.

Written to the `schoolpoort.security` logger (settings.LOGGING gives it a
time stamp; production sends the process's output to the journal or the
container log). A line names the account by its id and the client by its
address as the login limits see it (`throttle.limits.client_address`), and
never holds a password. A failed login names the address typed only as a
keyed hash: people type their password into the e-mail field, and an
address of someone who is not a user is not ours to log; the same typed
address always gives the same hash, so repeated guessing still shows.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from throttle.limits import client_address, key_of

log = logging.getLogger("schoolpoort.security")


def _client(request):
    return client_address(request) if request is not None else "-"


def on_login(sender, request, user, **kwargs):
    log.info("login user=%s client=%s", user.pk, _client(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    typed = key_of("audit", credentials.get("username", ""))[:16]
    log.warning("login failed account=%s client=%s", typed, _client(request))


def on_logout(sender, request, user, **kwargs):
    log.info("logout user=%s client=%s", getattr(user, "pk", None), _client(request))


def connect():
    uid = "accounts.audit."
    user_logged_in.connect(on_login, dispatch_uid=uid + "login")
    user_login_failed.connect(on_login_failed, dispatch_uid=uid + "login_failed")
    user_logged_out.connect(on_logout, dispatch_uid=uid + "logout")
