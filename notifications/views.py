"""The preferences page: how a logged-in person hears of new posts, and their push devices.

Every logged-in user has one (LoginRequiredMiddleware sends others to the
login form). Parents choose for new posts: an e-mail at once, a daily or a
weekly digest (at the times their schools set), or no e-mail. Push is on for
each device that subscribed in the installed web app; here it is switched
off per device. A person only ever sees and changes their own preferences
and devices: nothing here takes a user or device of someone else.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from access.rules import visible_schools
from notifications import outbox, push
from notifications.digests import next_digest_moments
from notifications.forms import DeviceForm, PreferenceForm


def _schools(user):
    """The user's schools (default language) with when their digests go out."""
    schools = visible_schools(user).filter(depth=2, locale__language_code=settings.LANGUAGE_CODE).order_by("title")
    return [{"school": school, **next_digest_moments(school)} for school in schools]


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    user = request.user
    current = outbox.preference_of(user)
    form = PreferenceForm(initial={"posts": current})
    if request.method == "POST":
        if "device" in request.POST:
            device_form = DeviceForm(request.POST)
            if device_form.is_valid() and push.remove_device(user, device_form.cleaned_data["device"]):
                messages.success(request, gettext("Push notifications are off on that device."))
            else:
                messages.error(request, gettext("That device was not found."))
            return redirect(request.path)
        form = PreferenceForm(request.POST)
        if form.is_valid():
            outbox.set_preference(user, form.cleaned_data["posts"])
            messages.success(request, gettext("Your choice is saved."))
            return redirect(request.path)
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "current": current,
            "schools": _schools(user),
            "push_available": push.available(),
            "devices": push.devices_of(user),
        },
    )
