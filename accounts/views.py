"""Account pages: log in and out, accept an invitation, reset a password, choose a language.

Pages with a form answer 400 when the form has errors, so bad input is never
mistaken for success (and never becomes a 500).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from access.rules import is_staff_member, visible_schools
from accounts import language, limits
from accounts.forms import EmailAuthenticationForm, PasswordResetRequestForm
from accounts.tokens import invitation_token_generator


class VisitorLanguageMixin:
    """Show the page in the visitor's language (see `accounts.language`).

    Done in `setup`, not `dispatch`, so the `login_not_required` marks that
    Django puts on the auth views' `dispatch` stay in place.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        language.activate(request, language.language_for(request))


class BadRequestOnInvalidFormMixin:
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def _start_in_users_language(request, user, response):
    """After a login: the rest of this request and the next ones in the user's language."""
    language.activate(request, user.preferred_language)
    return language.set_language_cookie(response, request.LANGUAGE_CODE)


def _too_many(view, wait, message, form):
    """The form again with status 429, saying how long to wait (also in Retry-After)."""
    response = view.render_to_response(view.get_context_data(form=form, throttled=message), status=429)
    response["Retry-After"] = str(wait)
    return response


class EmailLoginView(VisitorLanguageMixin, BadRequestOnInvalidFormMixin, auth_views.LoginView):
    """The portal's login, which is the admin's too (WAGTAILADMIN_LOGIN_URL).

    Failed logins are limited per account and per client (`accounts.limits`):
    while a wait lasts the form answers 429 and says how long, without
    checking the password.
    """

    template_name = "accounts/login.html"
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        self.attempt = limits.LoginAttempt.of(request)
        wait = self.attempt.wait()
        if wait:
            # An unbound form: a bound one would check the password as soon as the page shows its errors.
            form = self.get_form_class()(request, initial={"username": self.attempt.email})
            return _too_many(self, wait, limits.login_wait_message(wait), form)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            self.attempt.failed()
            wait = self.attempt.wait()
            if wait:
                return _too_many(self, wait, limits.login_wait_message(wait), form)
        return super().form_invalid(form)

    def form_valid(self, form):
        self.attempt.succeeded()
        response = super().form_valid(form)
        return _start_in_users_language(self.request, form.get_user(), response)


class LogoutView(VisitorLanguageMixin, auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response


def after_login(request):
    """Send a user to where they start: staff to the admin, parents to their timeline.

    The timeline (news:timeline) holds the posts of all the parent's groups,
    at every school of theirs. The user's language is active here, so a
    parent who prefers English lands on the English timeline.
    """
    user = request.user
    language.activate(request, user.preferred_language)
    if is_staff_member(user):
        return redirect("wagtailadmin_home")
    if not visible_schools(user).live().filter(depth=2).exists():
        return render(request, "403.html", status=403)
    return redirect("news:timeline")


# Setting a password through a one-time link -------------------------------


class OneTimeLinkMixin(VisitorLanguageMixin, BadRequestOnInvalidFormMixin):
    """Shared by the invitation and the password reset link pages.

    A used, expired or mangled link gets a clear page with status 400. A
    visitor who has not chosen a language yet sees the page in the language
    the mail was written in.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.validlink and settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            language.activate(self.request, self.user.preferred_language)
        return context

    def render_to_response(self, context, **response_kwargs):
        if not self.validlink:
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


class AcceptInvitationView(OneTimeLinkMixin, auth_views.PasswordResetConfirmView):
    """Choose a first password from the invitation link, then start logged in."""

    template_name = "accounts/invitation_accept.html"
    token_generator = invitation_token_generator
    post_reset_login = True
    success_url = reverse_lazy("accounts:after_login")

    def form_valid(self, form):
        response = super().form_valid(form)
        return _start_in_users_language(self.request, form.user, response)


class PasswordResetView(VisitorLanguageMixin, BadRequestOnInvalidFormMixin, auth_views.PasswordResetView):
    """Ask for a reset link. Known and unknown addresses get the very same answer."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        """Limit the requests per client; the mails per address are limited where they are sent (the task)."""
        wait = limits.reset_request_wait(self.request)
        if wait:
            return _too_many(self, wait, limits.reset_request_wait_message(wait), form)
        limits.count_reset_request(self.request)
        return super().form_valid(form)


class PasswordResetDoneView(VisitorLanguageMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(OneTimeLinkMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(VisitorLanguageMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Language switch ----------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def set_language(request):
    """Django's language switch, which also remembers the choice for a logged-in user.

    Stored on the user (for mails and the next login) and in Wagtail's user
    profile, so the admin speaks the same language.
    """
    if request.method == "POST":
        chosen = request.POST.get(LANGUAGE_QUERY_PARAMETER, "")
        if not language.is_supported(chosen):
            return HttpResponseBadRequest(
                _("This language is not available."), content_type="text/plain; charset=utf-8"
            )
        if request.user.is_authenticated:
            language.remember_language(request.user, chosen)
    return django_set_language(request)
