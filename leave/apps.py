from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    name = "leave"
    verbose_name = _("Leave requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # only exist once Django has loaded every app.
        from leave import attachments, notices

        # Attachments are private media: privatemedia's one serve view hands
        # them out after access.rules agreed (leave.attachments).
        attachments.register()
        # The e-mail of a decision, written for the outbox (leave.notices).
        notices.connect()
