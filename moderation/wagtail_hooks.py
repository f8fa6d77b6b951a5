"""The moderation admin: reports (with the number open in the menu) and each school's reaction settings, in one menu."""

from django.urls import path
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from access.rules import is_staff_member
from moderation import admin_views
from moderation.settings_admin import ModerationSettingsViewSet
from plumbing.viewsets import RuleViewSet


class FlagsMenuItem(MenuItem):
    """The menu item says how many reports wait for the user."""

    def render_component(self, request):
        component = super().render_component(request)
        count = admin_views.open_count(request.user)
        if count:
            component.label = gettext("Reports (%(count)s open)") % {"count": count}
        return component


class FlagsViewSet(RuleViewSet):
    """Reports (moderation.admin_views), for directors and for teachers about their own posts."""

    name = "moderation_flags"
    url_prefix = "moderation/reports"
    icon = "warning"
    menu_label = pgettext_lazy("parents' doubts about posts", "Reports")

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("<int:pk>/", admin_views.detail, name="detail"),
        ]

    menu_item_base = FlagsMenuItem

    def shows_to(self, user):
        return is_staff_member(user)


class ModerationViewSetGroup(ViewSetGroup):
    menu_label = _("Reactions and reports")
    menu_icon = "warning"
    menu_order = 340
    items = (FlagsViewSet, ModerationSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_admin():
    return ModerationViewSetGroup()
