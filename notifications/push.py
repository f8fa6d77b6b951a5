"""Push to the installed web app, through the `webapp` app when it is installed.

`webapp` stores a `PushSubscription` per device and sends with
`webapp.push.send(subscription, payload)`, which raises
`webapp.push.SubscriptionGone` when the push service says the device is gone
(the caller deletes the subscription) and any other exception for a failure
worth retrying. Without the app, nobody has a device and nothing is pushed.
"""

import requests
from django.apps import apps

from webapp import push
from webapp.models import PushSubscription


class DeviceGone(Exception):
    """The device no longer takes push messages (its subscription was removed)."""


def available():
    return apps.is_installed("webapp")


def _model():
    return PushSubscription


def _active(queryset):
    """Subscriptions that are switched on, if the model can switch them off."""
    field_names = {field.name for field in queryset.model._meta.get_fields()}
    for name in ("enabled", "is_active", "active"):
        if name in field_names:
            return queryset.filter(**{name: True})
    return queryset


def devices_for(users):
    """[(device id, user id)] of the active devices of `users` (a queryset of users or ids)."""
    if not available():
        return []
    return list(_active(_model().objects.filter(user__in=users)).values_list("pk", "user_id"))


def devices_of(user):
    """The user's own devices, newest first (for the preferences page)."""
    if not available() or user is None or not user.is_authenticated:
        return []
    return list(_model().objects.filter(user=user).order_by("-pk"))


def remove_device(user, device_id):
    """Switch push off on one of the user's own devices; True when there was one."""
    if not available():
        return False
    deleted, _ = _model().objects.filter(user=user, pk=device_id).delete()
    return bool(deleted)


def session():
    """A connection pool for the pushes of one batch (None without the web app)."""
    if not available():
        return None

    return requests.Session()


def send(device_id, payload, session=None):
    """Push `payload` to one device. Raises DeviceGone, or whatever webapp raises for a retryable failure."""
    if not available():
        raise DeviceGone("push is not available on this site")

    subscription = _model().objects.filter(pk=device_id).first()
    if subscription is None:
        raise DeviceGone("the device was removed")
    try:
        push.send(subscription, payload, session=session)
    except push.SubscriptionGone as gone:
        # webapp has deleted the subscription already.
        raise DeviceGone(str(gone) or "the push service says the device is gone") from gone
