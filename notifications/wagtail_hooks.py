"""The notifications admin: the outbox and the digest times in one menu."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from notifications import admin_views
from notifications.settings_admin import DigestSettingsViewSet


class OutboxViewSet(ViewSet):
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

    @cached_property
    def menu_item_class(self):
        class OutboxMenuItem(MenuItem):
            def is_shown(self, request):
                return admin_views.can_see_outbox(request.user)

        return OutboxMenuItem


class NotificationsViewSetGroup(ViewSetGroup):
    menu_label = _("Notifications")
    menu_icon = "mail"
    menu_order = 340
    items = (OutboxViewSet, DigestSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_notifications_admin():
    return NotificationsViewSetGroup()
