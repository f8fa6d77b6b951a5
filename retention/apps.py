from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Retention of personal data")

    def ready(self):
        # Each area that keeps personal data registers its rules in its own
        # `<app>/retention.py` (retention.registry.register); the mechanism
        # names no area, it imports whatever modules of that name exist.
        autodiscover_modules("retention")
        # Imported here: apps.py is loaded before the models are.
        from retention.models import RetentionSettings
        from retention.registry import check_periods

        check_periods(RetentionSettings)
