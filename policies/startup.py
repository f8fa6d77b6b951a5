"""What the policies app connects when Django is ready: consent and the policies, each from its own package.

Imported by `PoliciesConfig.ready` only: these modules import models.
"""

from policies.conduct import acceptance, hooks  # noqa: F401 (hooks: the admin's acceptance overview)
from policies.conduct import mail as policy_mail
from policies.consent import admin, publish_guard, signals  # noqa: F401 (admin: the admin's consent overview)
from policies.consent import mail as consent_mail


def connect():
    # Policies: versions recorded on publish, the e-mail of a new version.
    acceptance.connect()
    policy_mail.register_renderer()
    # Consent: publishing refused for photos without consent, the e-mails of
    # consent, the login prompt and the photo check of the file view.
    publish_guard.install()
    signals.connect()
    consent_mail.register_renderers()
