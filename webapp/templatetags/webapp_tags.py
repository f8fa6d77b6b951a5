"""`{% push_toggle_config as push %}`: what templates/webapp/includes/push_toggle.html needs.

So any page can include the toggle (the notification preferences page, the
app page) without its view passing anything.
"""

import hashlib

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _

from webapp.keys import vapid_keys
from webapp.models import PushSubscription

register = template.Library()


def endpoint_digest(endpoint):
    """How the page recognises this device's subscription without the endpoint (a capability URL) in the HTML."""
    return hashlib.sha256(endpoint.encode("utf-8")).hexdigest()


@register.simple_tag(takes_context=True)
def push_toggle_config(context):
    request = context["request"]
    _private, public_key = vapid_keys()
    known = []
    if request.user.is_authenticated:
        known = [
            endpoint_digest(e)
            for e in PushSubscription.objects.filter(user=request.user).values_list("endpoint", flat=True)
        ]
    return {
        "publicKey": public_key,
        "subscribeUrl": reverse("webapp_root:subscribe"),
        "unsubscribeUrl": reverse("webapp_root:unsubscribe"),
        "csrfToken": get_token(request),
        "known": known,
        "messages": {
            "on": _("Push notifications are on for this device."),
            "off": _("Push notifications are off for this device."),
            "working": _("One moment…"),
            "unsupported": _(
                "This browser cannot receive push notifications. On an iPhone or iPad, add Schoolpoort to your "
                "home screen first and open it from there."
            ),
            "denied": _(
                "This browser blocks notifications from Schoolpoort. Allow them in the browser's site settings, "
                "then try again."
            ),
            "error": _("That did not work. Check your connection and try again."),
        },
    }
