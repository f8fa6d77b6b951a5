from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebappConfig(AppConfig):
    name = "webapp"
    verbose_name = _("Web app and push notifications")

    def ready(self):
        from webapp import checks, signals  # noqa: F401

        signals.connect()
