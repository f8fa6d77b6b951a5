"""The pages of two-factor sign-in, for parents and staff alike (under /accounts/two-factor/).

* `verify`: the second step of a login. The password login (accounts)
  comes first; TwoFactorMiddleware then sends a user with a second factor
  here until their session has given a code from the app or a recovery code.
* `manage`: whether it is on, the recovery codes left, setting up a new
  app, new recovery codes, turning it off (only for those who need not use it).
* `setup`: the QR code and the key of a new authenticator app, confirmed
  with a code from it; then the recovery codes, once (`recovery_codes`).

Every page shows and changes only the logged-in user's own devices. Wrong
or badly formed codes get the form back with a translated message and 400;
a device that waits after wrong codes (django-otp's throttling) 429.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from access.rules import is_staff_member
from accounts import language
from plumbing.redirects import local_url
from twofactor import devices, policy, sessions
from twofactor.forms import CodeForm, SetupCodeForm

SETUP_KEY = "twofactor_setup"
CODES_KEY = "twofactor_new_codes"


def _start(request):
    """Show the page in the user's language, as the account pages do (accounts.language)."""
    language.activate(request, language.language_for(request))


def _next(request, default=""):
    """Where to go afterwards: a `next` on this site, or `default` (the user's start page)."""
    return local_url(
        request, request.POST.get("next") or request.GET.get("next"), default or reverse("accounts:after_login")
    )


def _back_url(user):
    """The page this one is reached from: the admin's account page for staff, the preferences for parents."""
    return reverse("wagtailadmin_account") if is_staff_member(user) else reverse("notifications:preferences")


def _second_step_done(request):
    """Has this session given a code, or has the user no second factor to give one with?"""
    return request.user.is_verified() or not devices.has_device(request.user)


def _verify_first(request):
    return redirect(reverse("twofactor:verify") + "?" + urlencode({"next": request.get_full_path()}))


def _wrong_code(form, result):
    """Put the reason a code was refused on the form; the status to answer with."""
    if result.wait_seconds:
        form.add_error(
            None,
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                result.wait_seconds,
            )
            % {"seconds": result.wait_seconds},
        )
        return 429
    form.add_error("code", _("This code is not right. Check it and try again."))
    return 400


# The second step of a login --------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    _start(request)
    user = request.user
    next_url = _next(request)
    if user.is_verified() or not devices.has_device(user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = devices.verify(user, form.cleaned_data["code"])
            if result.device is not None:
                sessions.mark_verified(request, result.device)
                if result.is_recovery_code:
                    return _after_recovery_code(request, next_url)
                return redirect(next_url)
            status = _wrong_code(form, result)
    return render(request, "twofactor/verify.html", {"form": form, "next": next_url}, status=status)


def _after_recovery_code(request, next_url):
    """A recovery code was used: perhaps the phone is lost. Guide the user to set up the app again."""
    left = devices.recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code; %(count)d code is left. Lost your phone? Set up the "
            "authenticator app again now.",
            "You signed in with a recovery code; %(count)d codes are left. Lost your phone? Set up the "
            "authenticator app again now.",
            left,
        )
        % {"count": left},
    )
    return redirect(reverse("twofactor:manage") + "?" + urlencode({"next": next_url}))


# The user's own settings ---------------------------------------------------------


def _manage_page(request, off_form=None, off_refused="", status=200):
    user = request.user
    enrolled = devices.is_enrolled(user)
    context = {
        "enrolled": enrolled,
        "since": devices.enrolled_since(user) if enrolled else None,
        "codes_left": devices.recovery_codes_left(user) if enrolled else 0,
        "required": policy.must_use(user),
        "off_form": off_form or CodeForm(),
        "off_refused": off_refused,
        "back_url": _back_url(user),
        "next": _next(request, _back_url(user)),
    }
    return render(request, "twofactor/manage.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def manage(request):
    _start(request)
    if not _second_step_done(request):
        return _verify_first(request)
    return _manage_page(request)


@require_POST
def turn_off(request):
    """Turn two-factor sign-in off, with a code: only for those who need not use it."""
    _start(request)
    user = request.user
    if not _second_step_done(request):
        return _verify_first(request)
    form = CodeForm(request.POST)
    if not devices.is_enrolled(user):
        return redirect("twofactor:manage")
    if policy.must_use(user):
        refused = _("Your role requires two-factor sign-in, so it cannot be turned off.")
        return _manage_page(request, off_refused=refused, status=403)
    status = 400
    if form.is_valid():
        result = devices.verify(user, form.cleaned_data["code"])
        if result.device is not None:
            devices.remove_all(user)
            sessions.remember(request, False)
            messages.success(request, _("Two-factor sign-in is off. You sign in with your password only."))
            return redirect("twofactor:manage")
        status = _wrong_code(form, result)
    return _manage_page(request, off_form=form, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), then confirm with a code from it."""
    _start(request)
    user = request.user
    if not _second_step_done(request):
        return _verify_first(request)
    kept = request.session.get(SETUP_KEY)
    if not kept or kept[0] != user.pk:
        kept = request.session[SETUP_KEY] = [user.pk, devices.new_key()]
    key = kept[1]
    form = SetupCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            last_t = devices.check_setup_code(key, form.cleaned_data["code"])
            if last_t is not None:
                device, codes = devices.enrol(user, key, last_t)
                request.session.pop(SETUP_KEY, None)
                sessions.mark_verified(request, device)
                # Sessions that knew only the password end here.
                sessions.end_other_sessions(request)
                request.session[CODES_KEY] = [user.pk, codes]
                messages.success(request, _("Two-factor sign-in is on."))
                target = reverse("twofactor:recovery_codes")
                if request.POST.get("next"):
                    target += "?" + urlencode({"next": _next(request)})
                return redirect(target)
            form.add_error(
                "code",
                _(
                    "This code is not right. Check that the app shows the code for Schoolpoort and the time on "
                    "your phone is right, and try again."
                ),
            )
    title = _("QR code to scan with your authenticator app")
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "qr_svg": devices.qr_svg(devices.config_url(user, key), title),
            "manual_key": devices.manual_key(key),
            "account_name": user.email,
            "replacing": devices.is_enrolled(user),
            "required": policy.must_use(user),
            "back_url": _back_url(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """New recovery codes are shown here once; a POST makes new ones, and the old ones stop working."""
    _start(request)
    user = request.user
    if not _second_step_done(request):
        return _verify_first(request)
    if not devices.is_enrolled(user):
        return redirect("twofactor:manage")
    if request.method == "POST":
        codes = devices.replace_recovery_codes(user)
        request.session[CODES_KEY] = [user.pk, codes]
        messages.success(request, _("You have new recovery codes. The old ones no longer work."))
        return redirect(request.get_full_path())
    kept = request.session.pop(CODES_KEY, None)
    codes = kept[1] if kept and kept[0] == user.pk else []
    return render(
        request,
        "twofactor/recovery_codes.html",
        {
            "codes": codes,
            "codes_left": devices.recovery_codes_left(user),
            "next": _next(request, reverse("twofactor:manage")),
        },
    )
