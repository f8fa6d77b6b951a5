from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivateMediaConfig(AppConfig):
    name = "privatemedia"
    verbose_name = _("Private media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # only exist once Django has loaded every app (checks register themselves).
        from privatemedia import checks, signals  # noqa: F401

        # Video permissions, a collection per page group, clean originals (privatemedia.signals).
        signals.connect()
