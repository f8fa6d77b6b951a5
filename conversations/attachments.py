"""A message's attachments are private media, served by privatemedia's one serve view.

Files are stored under an unguessable name (`conversations.models.attachment_path`);
`register()` (from `ConversationsConfig.ready`) lets privatemedia find the
attachment a stored name (the file, or its photo's preview) belongs to, and `access.rules.can_view_conversation_attachment`
decides: the conversation's participants, nobody else (not the school's
directors, not superusers).
"""

from django.db.models import Q

from access.rules import can_view_conversation_attachment
from conversations.models import MessageAttachment
from privatemedia.owners import Owner, register_lookup

PREFIX = "conversations/"


def attachment_owner(name):
    if not name.startswith(PREFIX):
        return None
    attachment = (
        MessageAttachment.objects.filter(Q(file=name) | Q(preview=name)).select_related("message__conversation").first()
    )
    if attachment is None:
        return None
    return Owner(
        "conversation_attachment",
        None,
        title=attachment.name,
        allows=lambda user: can_view_conversation_attachment(user, attachment),
    )


def register():
    register_lookup(attachment_owner)
