"""Push subscriptions: one row per device (browser) that accepts push from this site.

A browser's PushSubscription (PushManager.subscribe) gives an endpoint URL at
its push service and two keys: p256dh (the device's P-256 public key) and
auth (a 16-byte secret). Messages are encrypted for those keys
(RFC 8291), so only the device can read them; the push service only relays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions", verbose_name=_("user")
    )
    # The push service's URL for this device; a capability, never shown.
    endpoint = models.URLField(_("endpoint"), max_length=2048, unique=True)
    p256dh = models.CharField(_("device public key"), max_length=128)
    auth = models.CharField(_("authentication secret"), max_length=64)
    # A short description of the device for the user ("Firefox · Android"), not the full user agent.
    user_agent = models.CharField(_("device"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_success = models.DateTimeField(_("last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["user", "created"]

    def __str__(self):
        return f"{self.user} · {self.user_agent or '?'}"

    @property
    def subscription_info(self):
        """The subscription as the browser's PushSubscription.toJSON() gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
