from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    """The roster in the admin: class groups, children, guardians, staff, the CSV import and the admin groups.

    The models are the classes app's; this app is how directors and
    administration manage them, and keeps Wagtail's admin groups in step.
    """

    name = "roster"
    verbose_name = _("Roster")

    def ready(self):
        # Imported here, not at the top: admin_groups imports models, which
        # only exist once Django has loaded every app.
        from roster import admin_groups

        # Staff roles and class teachers keep the Wagtail admin groups in step.
        admin_groups.connect_signals()
