"""The e-mail (and push) of a new message in a conversation (notification kind MESSAGE).

Who wrote, about which child, a short excerpt of the text and a link to the
conversation: on the portal, or for staff of a school that works in the
admin, in the admin (`ConversationSettings`). Attachments are never attached
nor shown: the mail only says how many there are. Nothing is rendered for a
message that is gone, or for a recipient who is no longer a participant.
"""

from django.conf import settings
from django.template.defaultfilters import truncatechars

from conversations.models import Message, Participant
from conversations.services import path_for, staff_workplace
from notifications import rendering
from notifications.models import Notification

EXCERPT = 300


def render_message(renderer, row, language):
    if not row.object_id.isdigit():
        return None
    message = (
        Message.objects.filter(pk=int(row.object_id))
        .select_related("conversation__child", "conversation__school")
        .first()
    )
    if message is None:
        return None
    conversation = message.conversation
    role = (
        Participant.objects.filter(conversation=conversation, user_id=row.recipient_id)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        return None
    # The renderer runs inside translation.override(language): the portal path gets its language prefix.
    link = renderer.site_root(row.school) + path_for(conversation, role, staff_workplace(conversation.school))
    context = {
        "user": row.recipient,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "author": message.author_name,
        "child": conversation.child,
        "school": conversation.school,
        "subject": conversation.subject,
        "excerpt": truncatechars(message.text, EXCERPT),
        "attachment_count": message.attachments.count(),
        "link": link,
        "to_parent": role == Participant.PARENT,
    }
    template = "conversations/email/message"
    subject, text, html = rendering.render_templates(template, context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return rendering.Message(
        subject, text, html, url=link, push_title=subject, push_body=truncatechars(message.text, 120)
    )


def register():
    rendering.register(Notification.MESSAGE, render_message)
