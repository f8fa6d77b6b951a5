from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies and consent")

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # only exist once Django has loaded every app.
        from policies import (  # noqa: F401
            conduct,
            consent_admin,
            consent_mail,
            consent_signals,
            policy_hooks,
            policy_mail,
            publish_guard,
        )

        # Policies: versions recorded on publish, the e-mail of a new version (policy_hooks: the admin overview).
        conduct.connect()
        policy_mail.register_renderer()
        # Consent: publishing refused for photos without consent, the e-mails of consent, the login prompt
        # (consent_admin: the admin's consent overview).
        publish_guard.install()
        consent_signals.connect()
        consent_mail.register_renderers()
