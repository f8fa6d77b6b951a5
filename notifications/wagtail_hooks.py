"""The notifications admin: the outbox and the digest times in one menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from access import rules
from notifications import admin_views
from notifications.settings_admin import DigestSettingsViewSet
from plumbing.viewsets import RuleViewSet


class OutboxViewSet(RuleViewSet):
    """The outbox list and the retry action (notifications.admin_views)."""

    name = "notifications_outbox"
    url_prefix = "notifications/outbox"
    icon = "mail"
    menu_label = _("Outbox")

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("<int:pk>/retry/", admin_views.retry, name="retry"),
        ]

    def shows_to(self, user):
        return rules.can_see_outbox(user)


class NotificationsViewSetGroup(ViewSetGroup):
    menu_label = _("Notifications")
    menu_icon = "mail"
    menu_order = 340
    items = (OutboxViewSet, DigestSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_notifications_admin():
    return NotificationsViewSetGroup()
