"""Two-factor sign-in in the admin: the directors' reset page, and the link on every staff member's account page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from access.rules import can_reset_any_two_factor
from plumbing.viewsets import RuleViewSet
from twofactor import admin_views


class TwoFactorResetViewSet(RuleViewSet):
    """Who has two-factor sign-in on, and resetting it (twofactor.admin_views), for directors and superusers."""

    name = "twofactor_admin"
    url_prefix = "two-factor"
    icon = "key"
    menu_label = _("Two-factor sign-in")
    add_to_admin_menu = True
    menu_order = 910

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("<int:pk>/reset/", admin_views.reset, name="reset"),
        ]

    def shows_to(self, user):
        return can_reset_any_two_factor(user)


@hooks.register("register_admin_viewset")
def register_two_factor_admin():
    return TwoFactorResetViewSet()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Every staff member sets up (or looks at) their own two-factor sign-in from the admin's account page."""
    return {
        "url": reverse("twofactor:manage"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Sign in with a code from an app on your phone as well as your password."),
    }
