from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies and consent")

    def ready(self):
        # Policies: versions recorded on publish, the admin overview, the e-mail of a new version.
        from policies import conduct, policy_hooks  # noqa: F401
        from policies.policy_mail import register_renderer

        conduct.connect()
        register_renderer()

        # Consent: publishing refused for photos without consent, the e-mails of consent, the login prompt.
        from policies import consent_admin, consent_signals, photos  # noqa: F401 (consent_admin: admin hooks)
        from policies.consent_mail import register_renderers

        photos.install()
        consent_signals.connect()
        register_renderers()
