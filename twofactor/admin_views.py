"""Resetting someone's two-factor sign-in, in the Wagtail admin: for a lost phone without recovery codes.

For directors, about the staff and parents of the schools they direct, and
for superusers, about anyone (`access.rules.two_factor_resettable`); never
about oneself. Someone outside that answers 404, as if they did not exist;
teachers and administration get 403. A reset (a POST) deletes the person's
app and recovery codes, ends all their sessions, and tells them by e-mail
(a task, after the commit). At their next login they set it up again when
they must, or sign in with their password only.
"""

import logging
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.rules import can_reset_any_two_factor, two_factor_resettable
from accounts.models import User
from accounts.sessions import end_all_sessions
from twofactor import devices
from twofactor.tasks import send_reset_notice

logger = logging.getLogger(__name__)


def _with_two_factor(users):
    with_app = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    with_codes = StaticDevice.objects.filter(confirmed=True).values("user_id")
    return users.filter(Q(pk__in=with_app) | Q(pk__in=with_codes))


def _resettable(request):
    if not can_reset_any_two_factor(request.user):
        raise PermissionDenied
    return two_factor_resettable(request.user, User.objects.filter(is_active=True))


def index(request):
    """Who of the user's schools has two-factor sign-in on, with a search by name or address."""
    users = _with_two_factor(_resettable(request))
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        users = users.filter(Q(email__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = Paginator(users.order_by("last_name", "first_name", "email"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "twofactor/admin/index.html",
        {"page_obj": page, "query": query, "page_title": gettext("Two-factor sign-in")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def reset(request, pk):
    """GET: what a reset does, and the button. POST: the reset."""
    person = get_object_or_404(_resettable(request), pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            devices.remove_all(person)
            transaction.on_commit(partial(end_all_sessions, person.pk))
            transaction.on_commit(partial(send_reset_notice.enqueue, person.pk))
        logger.info("Two-factor sign-in of user %s reset by user %s.", person.pk, request.user.pk)
        messages.success(
            request,
            gettext("Two-factor sign-in of %(name)s is reset. They have been told by e-mail.") % {"name": person},
        )
        return redirect("twofactor_admin:index")
    return TemplateResponse(
        request,
        "twofactor/admin/reset.html",
        {
            "person": person,
            "enrolled": devices.has_device(person),
            "page_title": gettext("Reset two-factor sign-in"),
        },
    )
