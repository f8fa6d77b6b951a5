"""The parent's conversations, with every message and attachment, for the family data export (privacy.registry).

The conversations the parent takes part in (access.rules.conversations_of:
those they still belong to), as they read them on the portal; attachments
in the folder conversations/<conversation>/. Never a conversation about
their child they are not in (the other guardian's, separated parents).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from access.rules import conversations_of
from conversations.models import Conversation, Message
from privacy.registry import FileEntry, Part, file_name, moment, name_of, register


@register("conversations", _("Your conversations with the school, with every message and attachment"), order=60)
def conversations(family):
    found = (
        family.at_schools(conversations_of(family.parent, Conversation.objects.all()))
        .select_related("school", "child", "started_by")
        .prefetch_related(
            "participants__user",
            Prefetch("messages", queryset=Message.objects.prefetch_related("attachments").order_by("created_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    rows, files = [], []
    for number, conversation in enumerate(found, start=1):
        messages = []
        for message in conversation.messages.all():
            attachments = []
            for attachment in message.attachments.all():
                path = f"conversations/{number}/{message.pk}-{file_name(attachment.name)}"
                files.append(FileEntry(path, attachment.file))
                attachments.append(path)
            messages.append(
                {
                    "from": message.author_name,
                    "sent_at": moment(message.created_at),
                    "text": message.text,
                    "attachments": attachments,
                }
            )
        rows.append(
            {
                "number": number,
                "subject": conversation.subject,
                "child": str(conversation.child),
                "school": conversation.school.title,
                "started_at": moment(conversation.created_at),
                "started_by": name_of(conversation.started_by),
                "closed_at": moment(conversation.closed_at),
                "participants": [
                    {"name": name_of(participant.user), "as": participant.get_role_display()}
                    for participant in conversation.participants.all()
                ],
                "messages": messages,
            }
        )
    return Part(rows, files)
