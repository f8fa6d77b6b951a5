"""The e-mail of a step the school took on a leave request, written for the outbox.

Registered with the outbox at start-up (leave.apps): the notifications app
sits below leave and does not import it.
"""

from django.conf import settings

from leave import tasks as leave_tasks
from notifications import rendering
from notifications.models import Notification
from notifications.rendering import Message, render_templates, with_preferences_footer


def render_leave_decision(renderer, row, language):
    """A step the school took on a leave request (approved, rejected, ...), written by leave's own templates."""
    event = leave_tasks._event(int(row.object_id)) if row.object_id.isdigit() else None
    if event is None:
        return None
    context = leave_tasks._context(event)
    context["link"] = leave_tasks.request_url(event.request, language)
    context = {"user": row.recipient, "site_name": settings.WAGTAIL_SITE_NAME, **context}
    subject, text, html = render_templates("leave/email/step", context)
    text, html = with_preferences_footer(renderer, row, language, text, html)
    return Message(subject, text, html, url=context["link"], push_title=subject, push_body=event.grounds[:200])


def connect():
    rendering.register(Notification.DECISION, render_leave_decision)
