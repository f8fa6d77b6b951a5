from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        # Approval of posts by a school's directors (news.approval): the
        # workflow follows each school's setting.
        from news import approval

        approval.connect_signals()
