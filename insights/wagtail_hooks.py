"""The dashboard "Portal use" in the admin menu, for the directors of a school (access.rules.insights_schools)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from access.rules import can_view_any_insights
from insights import admin_views


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [
        path("insights/", admin_views.dashboard, name="insights_dashboard"),
        path("insights/export/", admin_views.export, name="insights_export"),
    ]


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_any_insights(request.user)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return InsightsMenuItem(
        _("Portal use"), reverse("insights_dashboard"), name="insights", icon_name="table", order=900
    )
