"""Reactions under posts and parents' reports (the moderation app).

* Parents react to the posts of their children's class groups, never to
  school-wide posts, when their school allows reactions and the post has
  them switched on (`moderation.services.reactions_open`). The staff who
  follow up on the post (its class teachers, the school's directors) and
  the post's author may answer there.
* The post's author (its owner, while they still work at the school and
  see the post) and the school's directors remove reactions, switch a
  post's reactions off or on, and handle reports about the post and its
  reactions. Not the administration, not other teachers.
* A parent who sees a live post reports it, or a reaction under it that is
  not their own and still shown.

Posts, reactions and reports are passed in as objects, listings as
querysets, and whether reactions are open at all as the caller's answer of
`moderation.services.reactions_open`: this module imports nothing of the
moderation or news apps, which sit above it.
"""

from django.db.models import Q, Subquery
from wagtail.models import Page

from access.posts import can_follow_up, can_view_page, is_parent_who_sees, visible_pages
from access.scope import SCHOOL_PATH_LENGTH, is_active_user, scope_of, translation_paths
from home.models import SchoolPage, StaffRole
from home.schools import default_language_page


def _director_school_paths(user):
    """Paths of every translation of the schools the user directs (cached for this request)."""
    cached = user.__dict__.get("_director_school_paths")
    if cached is None:
        keys = {key for key, roles in scope_of(user).roles.items() if StaffRole.DIRECTOR in roles}
        cached = translation_paths(SchoolPage, keys)
        user.__dict__["_director_school_paths"] = cached
    return cached


def _directs_school_of(user, page):
    scope = scope_of(user)
    return scope.everything or page.path[:SCHOOL_PATH_LENGTH] in _director_school_paths(user)


def is_post_author(user, post):
    """Is the user the author of the post (the owner of its default-language page), still working at its school?"""
    if not is_active_user(user) or post is None:
        return False
    return (
        default_language_page(post).owner_id == user.pk
        and post.path[:SCHOOL_PATH_LENGTH] in scope_of(user).staff_school_paths
    )


def is_class_post(post):
    """A post in a class group (depth 4: root, school, class group, post), not a school-wide one."""
    return post is not None and post.depth > 3


def can_moderate_post(user, post):
    """The post's author and the school's directors (and superusers), while they see the post."""
    if not is_active_user(user) or post is None or not can_view_page(user, post):
        return False
    return _directs_school_of(user, post) or is_post_author(user, post)


def can_react(user, post, reactions_open, sees_as_parent=None):
    """May the user write a reaction under this post now?

    Reactions must be open (`reactions_open`, the caller's answer of
    `moderation.services.reactions_open`: the school allows them, a class
    post, switched on, live). Then the post's
    parents (`is_parent_who_sees`), and the staff who follow up on it or
    wrote it, to answer. `sees_as_parent`: the answer of `is_parent_who_sees`
    when the caller has it already (the post page), to spare a query.
    """
    if not is_active_user(user) or not reactions_open or not can_view_page(user, post):
        return False
    if sees_as_parent is None:
        sees_as_parent = is_parent_who_sees(user, post)
    return sees_as_parent or can_follow_up(user, post) or is_post_author(user, post)


def can_remove_reaction(user, reaction, may_moderate=None):
    """A reaction still shown is removed by whoever wrote it, or by the post's author and the school's directors.

    `may_moderate`: the answer of `can_moderate_post` for the reaction's post
    when the caller has it already (the post page), to spare queries.
    """
    if reaction is None or reaction.is_removed or not is_active_user(user):
        return False
    if may_moderate is None:
        may_moderate = can_moderate_post(user, reaction.post)
    return may_moderate or (reaction.author_id == user.pk and can_view_page(user, reaction.post))


def can_see_removed_reactions(user, post):
    """Who sees removed reactions ("removed by X at Y"): those who may moderate the post, and its class's staff."""
    return can_moderate_post(user, post) or can_follow_up(user, post)


def can_switch_reactions(user, post):
    """The post's author and the school's directors switch reactions off (or on) for a class post."""
    return is_class_post(post) and can_moderate_post(user, post)


def can_flag(user, post, reaction=None, sees_as_parent=None):
    """May the user report this live post, or this reaction under it?

    Only the post's parents (`is_parent_who_sees`): staff handle reports,
    they do not make them. Not a reaction of one's own, nor a removed one.
    """
    if not is_active_user(user) or post is None or not post.live:
        return False
    if reaction is not None and (reaction.is_removed or reaction.author_id == user.pk):
        return False
    if sees_as_parent is None:
        sees_as_parent = is_parent_who_sees(user, post)
    return sees_as_parent


def can_handle_flag(user, flag):
    """The flagged post's author and its school's directors (see `can_moderate_post`)."""
    return flag is not None and can_moderate_post(user, flag.post)


def flags_for(user, flags):
    """Filter reports down to those the user handles, in one SQL query.

    Directors: every report of their school. A teacher: the reports about
    posts they wrote at a school where they still work and that they still
    see. Superusers: everything. Anyone else (parents included): nothing.
    """
    scope = scope_of(user)
    if scope.everything:
        return flags
    if not is_active_user(user) or not scope.roles:
        return flags.none()
    director_keys = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    own_posts = visible_pages(user, Page.objects.filter(owner=user)).values("pk")
    return flags.filter(
        Q(school__translation_key__in=director_keys)
        | Q(school__translation_key__in=list(scope.roles), post__in=Subquery(own_posts))
    )
