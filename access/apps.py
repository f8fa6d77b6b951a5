from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist
        # once Django has loaded every app.
        from access import signals

        # A new roster token on every change a scope is made of (access.models.RosterStamp).
        signals.connect()
