from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("Class groups and pupils")

    def ready(self):
        # Staff roles and class teachers keep the Wagtail admin groups in step.
        from classes import admin_groups

        admin_groups.connect_signals()
