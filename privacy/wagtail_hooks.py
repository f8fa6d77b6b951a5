"""Family data exports in the admin menu, for the directors of a school (access.rules.can_export_families)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from access.rules import can_export_families
from privacy import admin_views


@hooks.register("register_admin_urls")
def register_family_export_urls():
    return [
        path("family-data/", admin_views.index, name="privacy_family_exports"),
        path("family-data/<uuid:token>/download/", admin_views.download, name="privacy_family_export_download"),
    ]


class FamilyExportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_export_families(request.user)


@hooks.register("register_admin_menu_item")
def register_family_export_menu_item():
    return FamilyExportMenuItem(
        _("Family data"), reverse("privacy_family_exports"), name="family-data", icon_name="download", order=950
    )
