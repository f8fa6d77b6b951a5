"""Wagtail admin hooks of the policies part: the acceptance overview's URLs and menu item.

Imported by PoliciesConfig.ready() (the consent part keeps its own hooks).
Who sees what is `access.rules` (`can_see_policy_overview`, `policy_versions_for_staff`).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from access.rules import can_see_policy_overview
from policies.conduct import admin as policy_admin


@hooks.register("register_admin_urls")
def register_policy_acceptance_urls():
    return [
        path("policies/acceptance/", policy_admin.acceptance_list, name="policies_acceptance"),
        path("policies/acceptance/<int:pk>/", policy_admin.acceptance_detail, name="policies_acceptance_detail"),
        path("policies/acceptance/<int:pk>/export/", policy_admin.acceptance_export, name="policies_acceptance_export"),
    ]


class PolicyAcceptanceMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_policy_overview(request.user)


@hooks.register("register_admin_menu_item")
def register_policy_acceptance_menu_item():
    return PolicyAcceptanceMenuItem(
        _("Policy acceptance"),
        reverse("policies_acceptance"),
        name="policy-acceptance",
        icon_name="doc-full",
        order=170,
    )
