"""The parent's devices with push notifications, for the family data export (privacy.registry).

The device's short description and dates only: never the endpoint or the
keys, which are secrets that let anyone send to the device.
"""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Part, moment, register
from webapp.models import PushSubscription


@register("push_devices", _("Devices that get push notifications (without their secret keys)"), order=95)
def push_devices(family):
    devices = PushSubscription.objects.filter(user=family.parent).order_by("created", "pk")
    return Part(
        [
            {
                "device": device.user_agent,
                "since": moment(device.created),
                "last_delivered_at": moment(device.last_success),
            }
            for device in devices
        ]
    )
