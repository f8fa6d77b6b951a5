"""A device stops receiving a user's push messages when that user logs out on it.

The subscribe view remembers in the session which endpoints were subscribed
there; logging out deletes those subscriptions, so the next person on a
shared tablet never sees the previous user's notifications. Subscriptions
made in other sessions (other devices) stay.
"""

from django.contrib.auth.signals import user_logged_out

from webapp.models import PushSubscription

SESSION_KEY = "webapp_push_endpoints"


def remember(request, endpoint):
    endpoints = [e for e in request.session.get(SESSION_KEY, []) if e != endpoint]
    request.session[SESSION_KEY] = [*endpoints, endpoint][-20:]


def forget(request, endpoint):
    endpoints = request.session.get(SESSION_KEY, [])
    if endpoint in endpoints:
        request.session[SESSION_KEY] = [e for e in endpoints if e != endpoint]


def on_logout(sender, request, user, **kwargs):
    if request is None or user is None or not hasattr(request, "session"):
        return
    endpoints = request.session.get(SESSION_KEY, [])
    if endpoints:
        PushSubscription.objects.filter(user=user, endpoint__in=endpoints).delete()


def connect():
    user_logged_out.connect(on_logout, dispatch_uid="webapp_push_on_logout")
