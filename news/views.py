"""The timeline: every post of the user's groups on one page, newest first."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from news.timeline import GROUP_PARAMETER, PAGE_PARAMETER, filtered_timeline, load_groups


def _page_id(value):
    """A page id from a query parameter, or None."""
    if value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


@require_safe
def timeline(request):
    """The user's timeline, or one group's posts with `?groep=<page id>`.

    Only the groups the user sees can be chosen: any other value, a group of
    another class or school as much as a made-up one, answers 404, the same
    as a page that does not exist. Logged-out visitors never get here
    (LoginRequiredMiddleware sends them to the login form).
    """
    groups = load_groups(request.user)
    group = None
    chosen = request.GET.get(GROUP_PARAMETER)
    if chosen is not None:
        group = groups.by_id(_page_id(chosen))
        if group is None:
            raise Http404("No such group")
    page = filtered_timeline(request.user, request.GET.get(PAGE_PARAMETER), groups=groups, group=group)
    return render(request, "news/timeline.html", {"timeline": page, "group_parameter": GROUP_PARAMETER})
