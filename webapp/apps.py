from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebappConfig(AppConfig):
    name = "webapp"
    verbose_name = _("Web app and push notifications")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        from webapp import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect()
