from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Family data export")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every area that holds personal data of a family registers its section
        # in its own `family_data.py`; they are found here, as the Django admin
        # finds `admin.py`: this app names none of them (it sits below them all).
        autodiscover_modules("family_data")
