from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolCalendarConfig(AppConfig):
    name = "schoolcalendar"
    verbose_name = _("School calendar")

    def ready(self):
        # Publishing of pages that respect working hours is deferred inside
        # Wagtail's publish action; see schoolcalendar.publishing for why there.
        from schoolcalendar import publishing

        publishing.install()
