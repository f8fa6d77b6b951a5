"""The e-mail and push of a new policy version parents must accept (Notification.POLICY).

The row's item is the PolicyVersion; the link goes to the policy page in the
recipient's language (its live translation if there is one) on the
school's own site. A version that is gone, or whose page is no longer
live, tells nothing.
"""

from django.conf import settings
from django.utils.html import strip_tags

from notifications import rendering
from notifications.models import Notification
from policies.models import PolicyPage, PolicyVersion


def render_policy_version(renderer, row, language):
    version = (
        PolicyVersion.objects.filter(pk=row.object_id).select_related("page", "school").first()
        if row.object_id.isdigit()
        else None
    )
    if version is None or not version.page.live:
        return None
    page = version.page
    if language != settings.LANGUAGE_CODE:
        translated = (
            PolicyPage.objects.live()
            .filter(translation_key=page.translation_key, locale__language_code=language)
            .first()
        )
        page = translated or page
    link = renderer.site_root(row.school) + (page.get_url_parts()[2] if page.get_url_parts() else "")
    context = {
        **rendering._base_context(renderer, row, language),
        "policy": page,
        "version": version,
        "school": version.school,
        "link": link,
        "summary": page.summary or strip_tags(page.body)[:400],
    }
    subject, text, html = rendering.render_templates("policies/email/new_version", context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return rendering.Message(subject, text, html, url=link, push_title=subject, push_body=context["summary"][:200])


def register_renderer():
    rendering.register(Notification.POLICY, render_policy_version)
