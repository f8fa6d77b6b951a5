"""Writing the messages of the outbox: e-mail (HTML and plain text) and push, in the recipient's language.

Every e-mail links to the item on the school's own site (absolute, from the
Site's address, never from a request) and to the preferences page; photos are
never attached nor shown inline, only the text of a post's start.

A renderer per kind (`RENDERERS`, extendable with `register`) turns a row into
a `Message`, or None when there is nothing (left) to tell: the item is gone.
`Renderer` keeps what many rows share (a post, its translation, a school's
address) for one batch, so a thousand e-mails about one post cost a handful
of queries.
"""

import hashlib
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import is_supported
from notifications import posts
from notifications.models import DAILY, DigestRun, Notification


@dataclass
class Message:
    subject: str
    text: str
    html: str
    url: str = ""
    push_title: str = ""
    push_body: str = ""


@dataclass
class PostInfo:
    """A post as one language shows it."""

    pk: int
    title: str
    excerpt: str
    url: str
    group_key: str
    group_title: str
    school_wide: bool
    school_title: str
    published_at: object = None
    live: bool = True


@dataclass
class Renderer:
    """Renders rows of one batch; caches what rows share."""

    _posts: dict = field(default_factory=dict)
    _sites: dict = field(default_factory=dict)
    _runs: dict = field(default_factory=dict)
    digest_items: dict = field(default_factory=dict)  # digest row pk -> [post pks]

    def language(self, user):
        language = getattr(user, "preferred_language", "")
        return language if is_supported(language) else settings.LANGUAGE_CODE

    # Addresses ---------------------------------------------------------------------

    def site_root(self, school):
        """The school's own address (its Site), or the configured base URL."""
        key = getattr(school, "pk", None)
        if key not in self._sites:
            root = ""
            if school is not None:
                site = school.get_site()
                root = site.root_url if site is not None else ""
            self._sites[key] = (root or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        return self._sites[key]

    def preferences_url(self, school, language):
        with translation.override(language):
            return self.site_root(school) + reverse("notifications:preferences")

    # Posts ---------------------------------------------------------------------------

    def post(self, pk, language):
        """PostInfo of the post (default-language pk) in `language` (its translation if live), or None."""
        key = (int(pk), language)
        if key not in self._posts:
            self._posts[key] = posts.info(int(pk), language)
        return self._posts[key]

    def run(self, pk):
        if pk not in self._runs:
            self._runs[pk] = DigestRun.objects.filter(pk=pk).select_related("school").first()
        return self._runs[pk]

    # Rendering -----------------------------------------------------------------------

    def render(self, row):
        renderer = RENDERERS.get(row.kind, render_generic)
        language = self.language(row.recipient)
        with translation.override(language):
            message = renderer(self, row, language)
        return message, language

    def email(self, row):
        """The EmailMultiAlternatives for a row, or None when there is nothing to send."""
        message, language = self.render(row)
        if message is None:
            return None
        mail = EmailMultiAlternatives(
            message.subject,
            message.text,
            settings.DEFAULT_FROM_EMAIL,
            [row.recipient.email],
            headers={
                "Content-Language": language,
                # The same id on every attempt: a receiving server (or person)
                # can tell a resend after a lost answer from a new message.
                "Message-ID": message_id(row),
                "List-Unsubscribe": f"<{self.preferences_url(row.school, language)}>",
            },
        )
        mail.attach_alternative(message.html, "text/html")
        return mail

    def push_payload(self, row):
        message, _language = self.render(row)
        if message is None:
            return None
        return {
            "title": message.push_title or message.subject,
            "body": message.push_body,
            "url": message.url,
            "tag": row.dedupe_key.split("#", 1)[0],
        }


def message_id(row):
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "schoolpoort.invalid"
    digest = hashlib.sha256(f"{row.pk}:{row.recipient_id}:{row.channel}:{row.dedupe_key}".encode()).hexdigest()[:16]
    return f"<notification.{row.pk}.{digest}@{domain}>"


def render_templates(template, context):
    """Subject (one line), text and HTML from `<template>_subject.txt`, `.txt` and `.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return subject, render_to_string(f"{template}.txt", context), render_to_string(f"{template}.html", context)


def _base_context(renderer, row, language):
    user = row.recipient
    return {
        "user": user,
        "name": user.first_name or user.get_full_name() or user.email,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "preferences_link": renderer.preferences_url(row.school, language),
    }


def render_post(renderer, row, language):
    info = renderer.post(row.object_id, language)
    if info is None or not info.live:
        return None
    context = {**_base_context(renderer, row, language), "post": info, "urgent": not row.waits_for_working_hours}
    subject, text, html = render_templates("notifications/email/post", context)
    return Message(subject, text, html, url=info.url, push_title=info.title, push_body=info.excerpt[:200])


def digest_groups(renderer, post_pks, language):
    """The posts of a digest grouped per group: school-wide first, then the class groups by title."""
    groups = {}
    for pk in post_pks:
        info = renderer.post(pk, language)
        if info is None or not info.live:
            continue
        group = groups.setdefault(
            info.group_key, {"title": info.group_title, "school_wide": info.school_wide, "posts": []}
        )
        group["posts"].append(info)
    ordered = sorted(groups.values(), key=lambda group: (not group["school_wide"], group["title"]))
    for group in ordered:
        group["posts"].sort(key=lambda info: (info.published_at is None, info.published_at), reverse=True)
    return ordered


def render_digest(renderer, row, language):
    run = renderer.run(int(row.object_id)) if row.object_id.isdigit() else None
    post_pks = renderer.digest_items.get(row.pk)
    if post_pks is None:
        post_pks = list(row.items.values_list("object_id", flat=True))
    groups = digest_groups(renderer, post_pks, language)
    if not groups:
        return None
    count = sum(len(group["posts"]) for group in groups)
    daily = run is None or run.frequency == DAILY
    context = {
        **_base_context(renderer, row, language),
        "groups": groups,
        "count": count,
        "daily": daily,
        "school_title": groups[0]["posts"][0].school_title,
        "school_link": renderer.site_root(row.school) + "/",
    }
    subject, text, html = render_templates("notifications/email/digest", context)
    return Message(subject, text, html, url=context["school_link"], push_title=subject)


def with_preferences_footer(renderer, row, language, text, html):
    """Add the link to the preferences page to an e-mail written by another app's templates."""
    context = _base_context(renderer, row, language)
    text = text.rstrip() + "\n\n" + render_to_string("notifications/email/footer.txt", context)
    footer = render_to_string("notifications/email/footer.html", context)
    if "</body>" in html:
        html = html.replace("</body>", footer + "</body>", 1)
    else:
        html = html + footer
    return text, html


def render_generic(renderer, row, language):
    """Any other item: its name and a link to it."""
    item = row.item
    if item is None:
        return None
    url = ""
    if hasattr(item, "get_full_url"):
        url = item.get_full_url() or ""
    elif hasattr(item, "get_absolute_url"):
        url = renderer.site_root(row.school) + item.get_absolute_url()
    context = {
        **_base_context(renderer, row, language),
        "title": str(item),
        "link": url,
        "kind": row.get_kind_display(),
    }
    subject, text, html = render_templates("notifications/email/generic", context)
    return Message(subject, text, html, url=url, push_title=subject)


RENDERERS = {
    Notification.POST: render_post,
    Notification.DIGEST: render_digest,
}


def register(kind, renderer):
    """Let another app write the e-mail of its kind: renderer(renderer, row, language) -> Message or None."""
    RENDERERS[kind] = renderer
    return renderer
