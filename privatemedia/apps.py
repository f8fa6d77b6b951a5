from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivateMediaConfig(AppConfig):
    name = "privatemedia"
    verbose_name = _("Private media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from privatemedia import checks, signals  # noqa: F401  (checks register themselves)
        from privatemedia.models import Video
        from privatemedia.permissions import video_permission_policy

        register_permission_policy(Video, video_permission_policy())
        signals.connect()
