"""The retention admin: the overview of a school and its periods in one menu, for its directors."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from access.rules import can_manage_any_retention
from plumbing.viewsets import RuleViewSet
from retention import admin_views
from retention.settings_admin import RetentionSettingsViewSet


class RetentionOverviewViewSet(RuleViewSet):
    """What goes next and what went (retention.admin_views), for directors."""

    name = "retention"
    url_prefix = "retention"
    icon = "bin"
    menu_label = _("What goes when")

    def get_urlpatterns(self):
        return [path("", admin_views.overview, name="overview")]

    def shows_to(self, user):
        return can_manage_any_retention(user)


class RetentionViewSetGroup(ViewSetGroup):
    menu_label = _("Retention")
    menu_icon = "bin"
    menu_order = 920
    items = (RetentionOverviewViewSet, RetentionSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_retention_admin():
    return RetentionViewSetGroup()
