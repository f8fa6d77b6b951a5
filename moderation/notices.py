"""The e-mails (and push messages) of reports, written through the notifications outbox.

* FLAG, to the post's author and the school's directors: a parent has
  doubts about a post or reaction; the mail names the post and its group
  and links to the report in the admin. Neither the reason nor the reaction
  is in the mail (it leaves the portal); photos never are.
* FLAG_HANDLED, to the parent who reported: what the school did, its note,
  and a link to the post (while it is online) or the timeline.

Registered in `ModerationConfig.ready` with `notifications.rendering.register`.
"""

from django.conf import settings
from django.urls import reverse

from moderation.models import Flag
from notifications import rendering
from notifications.models import Notification
from notifications.rendering import Message, register


def _flag(row):
    if not row.object_id.isdigit():
        return None
    return Flag.objects.filter(pk=int(row.object_id)).select_related("post", "reaction", "school").first()


def _context(renderer, row, flag):
    return {
        "user": row.recipient,
        "name": row.recipient.first_name or row.recipient.get_full_name() or row.recipient.email,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "flag": flag,
        "post_title": flag.post.title,
        "group_title": flag.post.get_parent().title,
        "school_title": flag.school.title,
    }


def render_flag(renderer, row, language):
    """To staff: a new report, with the link to it in the admin."""
    flag = _flag(row)
    if flag is None:
        return None
    context = _context(renderer, row, flag)
    context["link"] = renderer.site_root(row.school) + reverse("moderation_flags:detail", args=[flag.pk])
    subject, text, html = rendering.render_templates("moderation/email/flag", context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return Message(subject, text, html, url=context["link"], push_title=subject, push_body=flag.post.title[:200])


def render_flag_handled(renderer, row, language):
    """To the parent who reported: the outcome and the school's note."""
    flag = _flag(row)
    if flag is None or flag.is_open:
        return None
    context = _context(renderer, row, flag)
    # Rendered in the recipient's language (Renderer.render): the post's
    # translation when it has one, else the timeline when it went offline.
    info = renderer.post(flag.post.pk, language) if flag.post.live else None
    if info is not None and info.live and info.url:
        link = info.url
    else:
        link = renderer.site_root(row.school) + reverse("news:timeline")
    context["link"] = link
    subject, text, html = rendering.render_templates("moderation/email/handled", context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return Message(subject, text, html, url=link, push_title=subject, push_body=flag.note[:200])


def register_renderers():
    register(Notification.FLAG, render_flag)
    register(Notification.FLAG_HANDLED, render_flag_handled)
