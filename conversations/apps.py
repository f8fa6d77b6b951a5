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
        # The header's count of conversations with news is kept in the cache
        # and made anew when a message or participant is deleted (conversations.services).
        from conversations import attachments, rendering, services

        attachments.register()
        rendering.register()
        services.connect()
