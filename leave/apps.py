from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    name = "leave"
    verbose_name = _("Leave requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Attachments are private media: privatemedia's one serve view hands
        # them out after access.rules agreed (leave.attachments).
        from leave import attachments

        attachments.register()
