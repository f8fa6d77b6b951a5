from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolCalendarConfig(AppConfig):
    name = "schoolcalendar"
    verbose_name = _("School calendar")

    def ready(self):
        # Imported here, not at the top: it imports models, which only exist once
        # Django has loaded every app.
        # Publishing of pages that respect working hours is deferred inside
        # Wagtail's publish action; see schoolcalendar.publishing for why there.
        from schoolcalendar import publishing

        publishing.install()
