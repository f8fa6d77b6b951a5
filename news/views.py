"""The views of posts: the timeline, and one post's page.

The timeline: every post of the user's groups on one page, newest first.

One post: the page, the parent's read receipt and the answer to its
invitation. `PostPage.serve` and `PostPage.get_context` hand over to
`serve_post` and `post_context`. Wagtail calls `serve` only after the
`before_serve_page` hook of `access` agreed that the user may see the post,
for a POST as much as for a GET; on top of that, `access.rules` decides who
is one of the post's parents (they are counted as readers and may answer)
and which staff see the answers.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from access.rules import can_follow_up, can_see_response_totals, is_parent_who_sees
from news.blocks import prefetch_body_media
from news.forms import EventAnswerForm
from news.responses import answer_of, parent_rows, record_read, save_answer, totals
from news.timeline import CURSOR_PARAMETER, GROUP_PARAMETER, filtered_timeline, load_groups
from policies.consent.photos import photo_context


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
    page = filtered_timeline(request, request.GET.get(CURSOR_PARAMETER), groups=groups, group=group)
    return render(request, "news/timeline.html", {"timeline": page, "group_parameter": GROUP_PARAMETER})


# One post ----------------------------------------------------------------------------


def serve_post(post, request):
    request.is_preview = False
    is_parent = is_parent_who_sees(request.user, post)
    if request.method == "POST":
        return _answer(post, request, is_parent)
    if is_parent and request.method == "GET":
        record_read(post, request.user)
    return _render(post, request, is_parent=is_parent)


def _render(post, request, status=200, **extra):
    response = TemplateResponse(request, post.get_template(request), post.get_context(request, **extra), status=status)
    # The page holds the parent's own answer: never kept by a shared cache.
    patch_cache_control(response, private=True)
    return response


def _answer(post, request, is_parent):
    """A parent answers the invitation: saved, then back to the post (post/redirect/get)."""
    if not is_parent:
        # Staff and everyone else who is not one of the post's parents see
        # the post, but do not answer for a family.
        return _render(
            post,
            request,
            status=403,
            is_parent=False,
            answer_error=_("Only the parents of this group answer this invitation."),
        )
    if not (post.rsvp_enabled and post.has_event):
        return _render(
            post, request, status=400, is_parent=True, answer_error=_("This post has no invitation to answer.")
        )
    if not post.answers_open:
        return _render(
            post, request, status=400, is_parent=True, answer_error=_("The event has passed: answers are closed.")
        )
    form = EventAnswerForm(request.POST)
    if not form.is_valid():
        return _render(post, request, status=400, is_parent=True, answer_form=form)
    save_answer(post, request.user, form.cleaned_data["answer"], form.cleaned_data["people"])
    messages.success(request, _("Thank you, your answer has been saved."))
    return redirect(post.get_url(request) + "#event")


def post_context(post, request, context, is_parent=None, answer_form=None, answer_error=None):
    """What the post's template needs besides the page; for serving and for the editor's preview."""
    user = request.user
    prefetch_body_media(post.body)
    if is_parent is None:
        is_parent = post.pk is not None and is_parent_who_sees(user, post)
    context["is_parent"] = is_parent
    context["answer_error"] = answer_error
    # Photos hidden for lack of consent, and whether parents may download (policies.consent.photos).
    context.update(photo_context(user, post))
    if post.rsvp_enabled and post.has_event and is_parent:
        current = answer_of(post, user)
        context["current_answer"] = current
        if post.answers_open and answer_form is None:
            initial = {"answer": current.answer, "people": current.people} if current else {"people": 1}
            answer_form = EventAnswerForm(initial=initial)
        context["answer_form"] = answer_form if post.answers_open else None
    follows_up = post.pk is not None and can_follow_up(user, post)
    context["can_follow_up"] = follows_up
    if follows_up or (post.pk is not None and can_see_response_totals(user, post)):
        context["totals"] = totals(post)
        if follows_up and post.rsvp_enabled:
            context["answer_rows"] = [row for row in parent_rows(post) if row.answer is not None]
    return context
