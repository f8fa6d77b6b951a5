"""Start-up wiring of consent: the banner at login, and the consent check on photo files.

At login, a parent with unanswered consent questions gets a banner leading
to the consent page. The flag lives in the session
(policies.consent.views.PROMPT_SESSION_KEY) and is cleared when every question is
answered; it never blocks the parent. Photo files are refused to parents
while a marked child lacks consent (policies.consent.photos, registered with
privatemedia's file view, which does not know this app).
"""

from django.contrib.auth.signals import user_logged_in

from policies.consent.photos import photo_file_allowed
from policies.consent.views import refresh_prompt
from privatemedia.owners import register_image_check


def _prompt_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        refresh_prompt(request, user)


def connect():
    user_logged_in.connect(_prompt_at_login, dispatch_uid="policies_consent_prompt")
    register_image_check(photo_file_allowed)
