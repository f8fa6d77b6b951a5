from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        # Attachments are private media (conversations.attachments); a new
        # message's e-mail is written by conversations.rendering.
        from conversations import attachments, rendering

        attachments.register()
        rendering.register()
