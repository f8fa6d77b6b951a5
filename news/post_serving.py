"""Serving one post: the page, the parent's read receipt and the answer to its invitation.

`PostPage.serve` and `PostPage.get_context` hand over to this module. Wagtail
calls `serve` only after the `before_serve_page` hook of `access` agreed
that the user may see the post, for a POST as much as for a GET; on top of
that, `access.rules` decides who is one of the post's parents (they are
counted as readers and may answer) and which staff see the answers.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from access.rules import can_follow_up, can_see_response_totals, is_parent_who_sees
from news.blocks import prefetch_body_media
from news.forms import EventAnswerForm
from news.responses import answer_of, parent_rows, record_read, save_answer, totals
from policies.photos import photo_context


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
    # Photos hidden for lack of consent, and whether parents may download (policies.photos).
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
