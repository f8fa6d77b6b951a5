from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivateMediaConfig(AppConfig):
    name = "privatemedia"
    verbose_name = _("Private media")
    default_auto_field = "django.db.models.BigAutoField"
