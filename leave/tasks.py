"""Mail about leave requests, sent by the task worker, never inside a request.

* The parent who asked hears of every step the school took (approved,
  rejected, forwarded, acknowledged) through the notifications outbox
  (`leave.services` calls `notifications.outbox.notify`); its e-mail is
  written from `_context` and `request_url` here by
  `notifications.rendering.render_leave_decision`, in the parent's language,
  with the grounds; a decision also says that an objection (bezwaar) can be
  made within 6 weeks.
* `mail_attendance_officer`: a forwarded request goes to the school's
  attendance officer, with the director's advice and the attachment.

Tasks take the id of the step (`LeaveRequestEvent`) and read the rest when
they run.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from wagtail.models import Locale

from leave import rules
from leave.models import LeaveRequestEvent
from leave.services import leave_settings

logger = logging.getLogger(__name__)


def _event(event_id):
    return (
        LeaveRequestEvent.objects.filter(pk=event_id)
        .select_related("request__school", "request__requested_by", "request__page")
        .first()
    )


def request_url(leave_request, language):
    """A link to the request on the school's own site, in `language` when the page is translated."""
    page = leave_request.page
    if page is None:
        return ""
    locale = Locale.objects.filter(language_code=language).first()
    translated = (page.get_translation_or_none(locale) if locale else None) or page
    base = translated.get_full_url()
    if not base:
        return ""
    return base + translated.reverse_subpage("request_detail", kwargs={"request_id": leave_request.pk})


def _context(event):
    leave_request = event.request
    return {
        "event": event,
        "leave_request": leave_request,
        "school": leave_request.school,
        "children": list(leave_request.children.all()),
        "is_decision": event.action in rules.DECISIONS,
        "objection_weeks": rules.OBJECTION_WEEKS,
        "leave_settings": leave_settings(leave_request.school),
    }


@task()
def mail_attendance_officer(event_id):
    """Send a forwarded request to the school's attendance officer, in the school's language."""
    event = _event(event_id)
    if event is None or event.action != rules.FORWARD:
        return False
    leave_request = event.request
    officer = leave_settings(leave_request.school)
    if not officer.attendance_officer_email:
        logger.warning(
            "Leave request %s forwarded, but the school has no attendance officer address.", leave_request.pk
        )
        return False
    context = _context(event)
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("leave/email/officer_subject.txt", context).split())
        text = render_to_string("leave/email/officer.txt", context)
        html = render_to_string("leave/email/officer.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [officer.attendance_officer_email],
        reply_to=[leave_request.school.email] if leave_request.school.email else None,
        headers={"Content-Language": settings.LANGUAGE_CODE},
    )
    message.attach_alternative(html, "text/html")
    if leave_request.attachment:
        with leave_request.attachment.open("rb") as stored:
            message.attach(leave_request.attachment_name or "bijlage", stored.read())
    message.send()
    return True
