from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    """Two parts in one app, because they share the school's pages and models.

    `policies.consent`: consent per child, purpose and school year, and photos
    that respect it. `policies.conduct`: the school's policies and code of
    conduct, their versions and who accepted them.
    """

    name = "policies"
    verbose_name = _("Policies and consent")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist
        # once Django has loaded every app.
        from policies import startup

        startup.connect()
