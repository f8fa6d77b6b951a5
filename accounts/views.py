from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from access.rules import is_staff_member, visible_schools


class EmailLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def after_login(request):
    """Send a user to where they start: staff to the admin, parents to their school."""
    user = request.user
    if is_staff_member(user):
        return redirect("wagtailadmin_home")
    school = visible_schools(user).live().filter(depth=2).order_by("path").first()
    if school is None:
        return render(request, "403.html", status=403)
    return redirect(school.localized.get_url(request))
