from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        # Imported here, not at the top: these modules import models, which
        # only exist once Django has loaded every app.
        from news import approval, approval_mail, listing_cache, notices, workflow_hooks  # noqa: F401

        # Approval of posts by a school's directors (news.approval): the
        # workflow follows each school's setting, mail goes out by tasks
        # instead of Wagtail's own (news.approval_mail), and the directors'
        # settings admin is registered (news.workflow_hooks).
        approval.connect_signals()
        approval_mail.take_over_wagtail_notifications()
        # Posts going live tell their parents through the outbox (news.notices).
        notices.connect()
        # Rendered pages of posts are made anew after every change they show (news.listing_cache).
        listing_cache.connect()
