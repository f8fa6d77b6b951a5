"""The second step of a login, enforced on every request.

Placed after django-otp's OTPMiddleware (which tells whether the session
passed the second step: `request.user.is_verified()`) and after the
membership check.

* A logged-in user with a second factor whose session has not passed the
  second step is sent to the code page (`twofactor:verify`), whatever they
  ask for: the portal, the admin, a file.
* A logged-in user who must use two-factor sign-in (`twofactor.policy`) and
  has not set it up is sent to the setup page, while the setting
  TWOFACTOR_ENFORCED is on (production).

Open to both: logging out, the language switch, static files and the web
app's manifest, offline page and service worker. A GET is sent on with
`?next=` so the user ends up where they were going; other methods get the
same redirect without it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from twofactor import policy, sessions

OPEN_VIEW_NAMES = {
    "accounts:logout",
    "set_language",
    "webapp:manifest",
    "webapp:offline",
    "webapp_root:service_worker",
}
VERIFY_VIEW = "twofactor:verify"
SETUP_VIEW = "twofactor:setup"


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _send_to(request, view_name):
    target = reverse(view_name)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(target)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if sessions.has_device(request):
            step = VERIFY_VIEW
        elif policy.enforced() and policy.must_use(user):
            step = SETUP_VIEW
        else:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        view_name = _view_name(request.path_info)
        if view_name in OPEN_VIEW_NAMES or view_name == step:
            return None
        return _send_to(request, step)
