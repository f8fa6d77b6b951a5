"""Request-level guards that back up the page rules in `access.rules`."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from access.rules import is_staff_member, scope_of


class MembershipMiddleware:
    """End the session of a user who no longer belongs anywhere.

    A parent whose last child left the school, or a staff member whose last
    role was removed, is logged out on their very next request, whichever
    page it is for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not scope_of(user).is_member:
            logout(request)
            messages.warning(request, _("Your account no longer gives access to a school. Ask the school if this is a mistake."))
            return redirect(reverse("accounts:login"))
        return self.get_response(request)


class AdminAccessMiddleware:
    """Parents never use the Wagtail admin: they get a plain page, not a login loop.

    Wagtail itself would send a logged-in user without admin access back to
    the login form; this answers with a 403 page that explains instead. The
    admin's own login page is replaced by the portal's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("wagtailadmin_home")
        if request.path.startswith(admin_root):
            if request.path.startswith(reverse("wagtailadmin_login")):
                return redirect(reverse("accounts:login"))
            user = request.user
            if user.is_authenticated and not (is_staff_member(user) and user.has_perm("wagtailadmin.access_admin")):
                return render(request, "access/no_admin_access.html", status=403)
        return self.get_response(request)
