"""The e-mails of consent: the school's request (and its reminders) and "a photo of your post is hidden".

Written through the notifications outbox (`notify` with Notification.CONSENT
or PHOTO_HIDDEN); these renderers turn an outbox row into the e-mail, in the
recipient's language, with the link to their notification preferences.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from home.schools import default_school
from notifications import rendering
from notifications.models import Notification
from policies.consent.answers import purposes_of
from policies.consent.photos import REFUSED_KEY, children_without_consent, gallery_image_ids
from policies.models import ConsentRequest


def _consent_request(renderer, row, language):
    request = (
        ConsentRequest.objects.filter(pk=row.object_id).select_related("child").first()
        if row.object_id.isdigit()
        else None
    )
    if request is None:
        return None
    with translation.override(language):
        link = renderer.site_root(row.school) + reverse("policies:consent")
    school = default_school(request.child.school)
    context = {
        "user": row.recipient,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "child": request.child,
        "school": school,
        # The school's own purposes (a school setting), as they stand when the mail is written.
        "purposes": list(purposes_of([school.pk])),
        "link": link,
        "reminder": "#reminder" in row.dedupe_key,
    }
    subject, text, html = rendering.render_templates("policies/email/consent_request", context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return rendering.Message(subject, text, html, url=link, push_title=subject)


def _photo_hidden(renderer, row, language):
    # A post (news.PostPage, through its page link); this app sits below news.
    pages = (
        Page.objects.filter(pk=row.object_id, postpage__isnull=False)
        if row.object_id.isdigit()
        else Page.objects.none()
    )
    post = pages.specific().first()
    if post is None:
        return None
    link = renderer.site_root(row.school) + reverse("wagtailadmin_pages:edit", args=[post.pk])
    context = {"user": row.recipient, "site_name": settings.WAGTAIL_SITE_NAME, "post": post, "link": link}
    template = "policies/email/photo_hidden"
    if row.dedupe_key.startswith(REFUSED_KEY):
        # A scheduled publication that was refused: name the children of the draft's photos without consent.
        draft = post.get_latest_revision_as_object()
        context["children"] = children_without_consent(gallery_image_ids(draft.body))
        template = "policies/email/publication_refused"
    subject, text, html = rendering.render_templates(template, context)
    text, html = rendering.with_preferences_footer(renderer, row, language, text, html)
    return rendering.Message(subject, text, html, url=link, push_title=subject)


def register_renderers():
    rendering.register(Notification.CONSENT, _consent_request)
    rendering.register(Notification.PHOTO_HIDDEN, _photo_hidden)
