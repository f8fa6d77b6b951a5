from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        # A post going live writes its notifications in the transaction that
        # publishes it (notifications.signals).
        from notifications import signals

        signals.connect()
