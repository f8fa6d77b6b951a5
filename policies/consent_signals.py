"""At login, a parent with unanswered consent questions gets a banner leading to the consent page.

The flag lives in the session (policies.views.PROMPT_SESSION_KEY) and is
cleared when every question is answered; it never blocks the parent.
"""

from django.contrib.auth.signals import user_logged_in


def _prompt_at_login(sender, request, user, **kwargs):
    from policies.views import refresh_prompt

    if request is not None and hasattr(request, "session"):
        refresh_prompt(request, user)


def connect():
    user_logged_in.connect(_prompt_at_login, dispatch_uid="policies_consent_prompt")
