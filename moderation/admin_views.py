"""Reports in the Wagtail admin: the open ones first, one report with its actions.

* The list (`index`): the reports the user handles (`access.rules.flags_for`:
  directors their school's, a teacher those about their own posts), open
  first, newest on top; `?status=handled` for the handled ones.
* One report (`detail`): the post (and the reaction) it is about, the reason,
  the other open reports on the same object, and the form: hide the
  reaction, take the post offline, or close without action with a note.
  `access.rules.can_handle_flag` decides; a report outside `flags_for`
  answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, pgettext

from access.rules import can_handle_flag, flags_for, is_staff_member
from moderation import services
from moderation.forms import HandleFlagForm
from moderation.models import Flag

PER_PAGE = 50


def _flags(user):
    return flags_for(
        user, Flag.objects.select_related("post", "reaction", "reaction__author", "reporter", "handled_by", "school")
    )


def open_count(user):
    return flags_for(user, Flag.objects.filter(handled_at__isnull=True)).count()


def index(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    handled = request.GET.get("status") == "handled"
    flags = _flags(request.user).filter(handled_at__isnull=not handled)
    flags = flags.order_by("-handled_at", "-pk") if handled else flags.order_by("created_at", "pk")
    page = Paginator(flags, PER_PAGE).get_page(request.GET.get("p"))
    response = TemplateResponse(
        request,
        "moderation/admin/index.html",
        {
            "page_obj": page,
            "handled": handled,
            "open_count": open_count(request.user),
            "page_title": pgettext("parents' doubts about posts", "Reports"),
        },
    )
    add_never_cache_headers(response)
    return response


def detail(request, pk):
    if not is_staff_member(request.user):
        raise PermissionDenied
    flag = get_object_or_404(_flags(request.user), pk=pk)
    may_handle = can_handle_flag(request.user, flag)
    form = HandleFlagForm(about_reaction=flag.is_about_reaction)
    status = 200
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        form = HandleFlagForm(request.POST, about_reaction=flag.is_about_reaction)
        if not flag.is_open:
            form.add_error(None, gettext("This report has been handled already."))
            status = 409
        elif form.is_valid():
            try:
                closed = services.handle_flag(
                    flag, request.user, form.cleaned_data["outcome"], form.cleaned_data["note"]
                )
            except services.AlreadyHandled:
                form.add_error(None, gettext("This report has been handled already."))
                status = 409
            else:
                messages.success(
                    request,
                    gettext("The report is handled. The parent who reported it hears the outcome.")
                    if len(closed) == 1
                    else gettext("The reports are handled. The parents who reported it hear the outcome."),
                )
                return redirect(reverse("moderation_flags:index"))
        else:
            status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

    others = (
        Flag.objects.filter(handled_at__isnull=True, post=flag.post, reaction=flag.reaction)
        .exclude(pk=flag.pk)
        .select_related("reporter")
    )
    response = TemplateResponse(
        request,
        "moderation/admin/detail.html",
        {
            "flag": flag,
            "others": list(others),
            "may_handle": may_handle and flag.is_open,
            "form": form,
            "post_url": flag.post.get_url(request) if flag.post.live else "",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[flag.post.pk]),
            "page_title": gettext("Report about %(title)s") % {"title": flag.post.title},
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response
