"""Account e-mails: rendered in the recipient's language, sent as text and HTML.

Only tasks call `send_account_mail`: mail is never sent inside a request, so
a slow or unreachable mail server cannot slow down or break a page.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts.language import is_supported


def absolute_url(path):
    """A link for an e-mail, on the configured public address.

    The address comes from settings, never from a request's Host header, so
    nobody can make us mail out links to their own server.
    """
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_account_mail(user, template_prefix, context):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and send them to the user."""
    language = user.preferred_language if is_supported(user.preferred_language) else settings.LANGUAGE_CODE
    context = {"user": user, "site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    # A subject must be one line, whatever the template's whitespace.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    message.send()
