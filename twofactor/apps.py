from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Two-factor sign-in")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app. A saved board setting is forgotten by the
        # cache of this process at once (twofactor.policy).
        from twofactor import policy

        policy.connect()
