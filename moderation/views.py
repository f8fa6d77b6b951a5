"""The parents' side: writing a reaction, reporting a post or reaction; and the staff's quick actions on a post.

Every view looks the post up, refuses with 404 whoever may not see it
(`access.rules.can_view_page`: as if it did not exist), then asks the
predicate of its action (`can_react`, `can_remove_reaction`,
`can_switch_reactions`, `can_flag`). A refused form is shown again with
what was typed and a 4xx; a success redirects back to the post.
"""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.rules import (
    can_flag,
    can_react,
    can_remove_reaction,
    can_switch_reactions,
    can_view_page,
    is_parent_who_sees,
    is_staff_member,
)
from moderation import services
from moderation.forms import FlagForm, ReactionForm
from moderation.models import Reaction
from news.models import PostPage
from plumbing.redirects import local_url


def _post(request, post_id):
    post = PostPage.objects.filter(pk=post_id).select_related("locale").first()
    if post is None or not can_view_page(request.user, post):
        raise Http404("No such post")
    return post


def _reaction(request, reaction_id):
    reaction = Reaction.objects.filter(pk=reaction_id).select_related("post", "author").first()
    if reaction is None or not can_view_page(request.user, reaction.post):
        raise Http404("No such reaction")
    return reaction


def _back(request, post, anchor="reactions"):
    """Back to the post: the page the form was on (`next`, same site only), or the post itself."""
    target = local_url(request, request.POST.get("next"), post.get_url(request) or "/")
    return redirect(target.split("#", 1)[0] + f"#{anchor}")


def _render_post(request, post, status, **extra):
    """The post page again, with the reaction form as it was sent and a message."""
    request.is_preview = False
    context = post.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, post.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response


@require_POST
def react(request, post_id):
    post = _post(request, post_id)
    reaction_settings = services.settings_of(post)
    form = ReactionForm(request.POST, max_length=reaction_settings.max_length)
    if not services.reactions_open(post, reaction_settings):
        return _render_post(
            request, post, 400, reaction_form=form, reaction_error=_("Reactions are closed for this post.")
        )
    sees_as_parent = is_parent_who_sees(request.user, post)
    if not can_react(
        request.user, post, services.reactions_open(post, reaction_settings), sees_as_parent=sees_as_parent
    ):
        return _render_post(
            request, post, 403, reaction_error=_("Only the parents of this group and its teachers react to this post.")
        )
    if not form.is_valid():
        return _render_post(request, post, 400, reaction_form=form)
    by_staff = not sees_as_parent and is_staff_member(request.user)
    _reaction_row, created = services.add_reaction(
        post, request.user, form.cleaned_data["text"], form.cleaned_data["submission"], by_staff=by_staff
    )
    if created:
        messages.success(request, _("Thank you, your reaction is placed."))
    return _back(request, post)


@require_POST
def remove(request, reaction_id):
    reaction = _reaction(request, reaction_id)
    if reaction.is_removed:
        messages.info(request, _("This reaction was already removed."))
        return _back(request, reaction.post)
    if not can_remove_reaction(request.user, reaction):
        return render(request, "403.html", status=403)
    services.remove_reaction(reaction, request.user)
    if reaction.author_id == request.user.pk:
        messages.success(request, _("Your reaction is removed."))
    else:
        messages.success(request, _("The reaction is removed. Parents no longer see it."))
    return _back(request, reaction.post)


@require_POST
def switch(request, post_id):
    post = _post(request, post_id)
    if not can_switch_reactions(request.user, post):
        return render(request, "403.html", status=403)
    enabled = request.POST.get("enabled") == "1"
    services.switch_reactions(post, request.user, enabled)
    if enabled:
        messages.success(request, _("Reactions are switched on for this post."))
    else:
        messages.success(request, _("Reactions are switched off for this post. Earlier reactions stay visible."))
    return _back(request, post)


def _flag(request, post, reaction=None):
    if not can_flag(request.user, post, reaction):
        if reaction is not None and reaction.is_removed:
            message = _("This reaction has been removed already.")
        elif reaction is not None and reaction.author_id == request.user.pk:
            message = _("You cannot report your own reaction.")
        else:
            message = _("Only the parents of this group report this post; staff handle reports in the admin.")
        response = render(request, "moderation/flag_refused.html", {"post": post, "message": message}, status=403)
        add_never_cache_headers(response)
        return response
    form = FlagForm()
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            _flag_row, created = services.create_flag(
                post, request.user, form.cleaned_data["reason"], reaction=reaction
            )
            if created:
                messages.success(
                    request, _("Thank you. The school looks at your report and lets you know what it did.")
                )
            else:
                messages.info(request, _("You reported this already. The school lets you know what it did."))
            return _back(request, post, anchor=f"reaction-{reaction.pk}" if reaction else "reactions")
        status = 400
    response = render(
        request,
        "moderation/flag_form.html",
        {"post": post, "reaction": reaction, "form": form, "page": post, "back_url": post.get_url(request)},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def flag_post(request, post_id):
    return _flag(request, _post(request, post_id))


@require_http_methods(["GET", "HEAD", "POST"])
def flag_reaction(request, reaction_id):
    reaction = _reaction(request, reaction_id)
    return _flag(request, reaction.post, reaction)


def new_submission():
    return uuid.uuid4()
