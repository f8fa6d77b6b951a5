"""How long conversations are kept: months after their last message (2 years unless the school sets otherwise).

Registered with the retention mechanism (`retention.registry`). The whole
conversation goes: its participants, messages and attachments, and the
attachments' files (originals and previews) once the deletion is
committed. Deleted rather than anonymised: the text is the personal data.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conversations.models import Conversation, MessageAttachment
from retention.periods import shift_months
from retention.registry import DELETE, Rule, delete_all, register


def due(school, months, moment):
    """The school's conversations whose last message is more than `months` months before `moment`."""
    cutoff = shift_months(timezone.localtime(moment), -months)
    return Conversation.objects.filter(school=school, last_message_at__lt=cutoff)


def expires(conversation, months):
    return shift_months(timezone.localtime(conversation.last_message_at), months).date()


def describe(conversation):
    return gettext("Conversation, last message on %(day)s") % {
        "day": formats.date_format(timezone.localtime(conversation.last_message_at).date(), "j F Y")
    }


def apply(conversations):
    files = []
    for attachment in MessageAttachment.objects.filter(message__conversation__in=conversations):
        files.extend(field for field in (attachment.file, attachment.preview) if field.name)
    deleted = delete_all(conversations)
    for field in files:
        transaction.on_commit(lambda storage=field.storage, name=field.name: storage.delete(name))
    return deleted


register(
    Rule(
        key="conversations.conversations",
        label=_("Conversations"),
        setting="conversation_months",
        action=DELETE,
        due=due,
        expires=expires,
        describe=describe,
        apply=apply,
        order=30,
    )
)
