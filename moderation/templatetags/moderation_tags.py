"""`{% post_reactions %}`: the reactions under a post, the form to react and the links to report.

Used by templates/news/post_page.html. A fixed number of queries however many
reactions a post has: the school's settings and the reactions with their
authors and removers (one query each); who may do what comes from
`access.rules`, with the post page's own answer to "is this one of the
post's parents" (`is_parent` in the context) passed on.
"""

import uuid

from django import template

from access.rules import (
    can_flag,
    can_moderate_post,
    can_react,
    can_remove_reaction,
    can_see_removed_reactions,
    can_switch_reactions,
    is_class_post,
)
from moderation import services
from moderation.forms import ReactionForm
from moderation.models import ModerationSettings

register = template.Library()


@register.inclusion_tag("moderation/reactions.html", takes_context=True)
def post_reactions(context):
    post = context.get("page")
    request = context.get("request")
    if post is None or post.pk is None or request is None or getattr(request, "is_preview", False):
        return {"shown": False}
    user = request.user
    is_parent = context.get("is_parent")
    class_post = is_class_post(post)
    # School-wide posts get no reactions: their settings are not even looked up.
    reaction_settings = services.settings_of(post) if class_post else ModerationSettings()
    reactions = services.reactions_of(post) if class_post else []
    sees_removed = can_see_removed_reactions(user, post)
    if not sees_removed:
        reactions = [reaction for reaction in reactions if not reaction.is_removed]
    may_moderate = can_moderate_post(user, post)
    for reaction in reactions:
        reaction.removable = can_remove_reaction(user, reaction, may_moderate)
    may_flag = can_flag(user, post, sees_as_parent=is_parent)
    is_open = services.reactions_open(post, reaction_settings)
    may_react = can_react(user, post, is_open, sees_as_parent=is_parent)
    form = context.get("reaction_form")
    if may_react and form is None:
        form = ReactionForm(initial={"submission": uuid.uuid4()}, max_length=reaction_settings.max_length)
    return {
        "shown": True,
        "page": post,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "class_post": class_post,
        "school_allows": reaction_settings.reactions_allowed,
        "reactions_open": is_open,
        "reactions": reactions,
        "may_react": may_react,
        "reaction_form": form if may_react else None,
        "reaction_error": context.get("reaction_error"),
        "may_moderate": may_moderate,
        "may_switch": class_post and reaction_settings.reactions_allowed and can_switch_reactions(user, post),
        "may_flag": may_flag,
        "next": request.get_full_path(),
    }
