"""The acceptance page: a parent reads a policy version they must accept, and accepts it.

`PolicyGateMiddleware` (policies.conduct.acceptance) sends a parent here while a
version waits for them. The page shows the text in the visitor's language
(the translation if there is one) and one button; accepting is a POST with
CSRF, and the same POST twice records one acceptance.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from access.rules import is_asked_to_accept_policies
from plumbing.redirects import local_url
from policies.conduct import acceptance as conduct
from policies.models import PolicyAcceptance


class AcceptForm(forms.Form):
    page = forms.IntegerField(min_value=1, error_messages={"invalid": _("This policy does not exist.")})
    version = forms.IntegerField(min_value=1, error_messages={"invalid": _("This version does not exist.")})
    next = forms.CharField(required=False, max_length=2000)


def _next_url(request, value=None):
    """Where to go once everything is accepted: a local address, never the acceptance page itself."""
    value = value if value is not None else request.GET.get("next", "")
    after_login = reverse("accounts:after_login")
    value = local_url(request, value, after_login)
    if value.split("?")[0].endswith(reverse("policies:pending")):
        return after_login
    return value


def _shown(page):
    """The page in the visitor's language when translated and live, else the original."""
    localized = page.localized
    return localized if localized.live else page


def _render(request, waiting, next_url, status=200, error=None):
    page = waiting[0]
    versions = conduct.versions_of(page)
    return TemplateResponse(
        request,
        "policies/pending.html",
        {
            "policy": _shown(page).specific,
            "original": page,
            "policy_version": versions[0] if versions else None,
            "next_url": next_url,
            "remaining": len(waiting),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def pending(request):
    user = request.user
    if not is_asked_to_accept_policies(user):
        # Staff and superusers are never asked; there is nothing for them to accept.
        if request.method == "POST":
            raise PermissionDenied
        return redirect(_next_url(request))
    waiting = list(conduct.awaiting(user))
    if request.method == "GET":
        if not waiting:
            return redirect(_next_url(request))
        return _render(request, waiting, _next_url(request))

    form = AcceptForm(request.POST)
    if not form.is_valid():
        if waiting:
            return _render(
                request,
                waiting,
                _next_url(request, request.POST.get("next", "")),
                status=400,
                error=gettext("Something went wrong with this form. Please read the text and try again."),
            )
        return TemplateResponse(request, "policies/pending.html", {"error": gettext("Nothing to accept.")}, status=400)
    next_url = _next_url(request, form.cleaned_data["next"])
    page = next((p for p in waiting if p.pk == form.cleaned_data["page"]), None)
    if page is None:
        if PolicyAcceptance.objects.filter(
            user=user, page_id=form.cleaned_data["page"], version=form.cleaned_data["version"]
        ).exists():
            # Accepted already (the button pressed twice): nothing more to do.
            return redirect(reverse("policies:pending") + "?" + _query(next_url) if waiting else next_url)
        if waiting:
            return _render(request, waiting, next_url, status=400, error=gettext("This policy is not waiting for you."))
        return TemplateResponse(request, "policies/pending.html", {"error": gettext("Nothing to accept.")}, status=400)
    if form.cleaned_data["version"] != page.version:
        # A newer version was published while the parent was reading.
        return _render(
            request,
            waiting,
            next_url,
            status=409,
            error=gettext("The school has just published a newer version. Please read it before you accept."),
        )
    conduct.accept(user, page, page.version)
    conduct.forget_check(request)
    messages.success(request, gettext("Thank you. You accepted “%(title)s”.") % {"title": _shown(page).title})
    if len(waiting) > 1:
        return redirect(reverse("policies:pending") + "?" + _query(next_url))
    return redirect(next_url)


def _query(next_url):
    return urlencode({"next": next_url})
