from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Reactions and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        # The e-mails of reports and their outcome (moderation.notices).
        from moderation import notices

        notices.register_renderers()
