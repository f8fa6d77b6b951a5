"""What happens to reactions and reports: the one place that writes them.

Views (moderation.views, moderation.admin_views) ask `access.rules` who may
do what, then call these functions. Every change that someone must hear of
writes its notifications in the same transaction
(`notifications.outbox.notify`): the author and the directors of a report,
the reporter of its outcome.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction

from access.rules import SCHOOL_PATH_LENGTH, is_class_post
from home.models import SchoolPage, StaffRole
from moderation.models import Flag, ModerationSettings, Reaction
from news.models import PostPage, source_post
from notifications.models import Notification
from notifications.outbox import notify

# Settings -------------------------------------------------------------------------------


def school_of(post):
    """The school (default language) of a post."""
    school = SchoolPage.objects.filter(path=post.path[:SCHOOL_PATH_LENGTH]).select_related("locale").first()
    if school is not None and school.locale.language_code != settings.LANGUAGE_CODE:
        school = (
            SchoolPage.objects.filter(
                translation_key=school.translation_key, locale__language_code=settings.LANGUAGE_CODE
            ).first()
            or school
        )
    return school


def settings_of(post):
    """The reaction settings of the post's school, in one query; the defaults (reactions off) without a row."""
    schools = SchoolPage.objects.filter(path=post.path[:SCHOOL_PATH_LENGTH]).values("translation_key")
    found = ModerationSettings.objects.filter(school__translation_key__in=schools).first()
    return found or ModerationSettings()


def reactions_open(post, reaction_settings=None):
    """Can anyone react to this post now: a live class post, reactions switched on for it and allowed by the school."""
    if post is None or post.pk is None or not post.live or not is_class_post(post) or not post.reactions_enabled:
        return False
    reaction_settings = reaction_settings if reaction_settings is not None else settings_of(post)
    return reaction_settings.reactions_allowed


# Reactions -------------------------------------------------------------------------------


def reactions_of(post):
    """Every reaction of a post (removed ones too), oldest first, with their people: one query."""
    return list(Reaction.objects.filter(post=source_post(post)).select_related("author", "removed_by"))


def add_reaction(post, user, text, submission, by_staff=False):
    """Store a reaction; the same submission again (a double submit) returns the first one. (reaction, created)."""
    source = source_post(post)
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(
                post=source, author=user, text=text, submission=submission, by_staff=by_staff, created_at=timezone.now()
            )
            return reaction, True
    except IntegrityError:
        return Reaction.objects.get(author=user, submission=submission), False


def remove_reaction(reaction, user, now=None):
    """Hide a reaction from parents; the row stays, with who removed it and when. False if it was already removed."""
    now = now or timezone.now()
    return bool(
        Reaction.objects.filter(pk=reaction.pk, removed_at__isnull=True).update(removed_at=now, removed_by=user)
    )


def switch_reactions(post, user, enabled):
    """Switch reactions on a post (and its translations) on or off, without a new revision.

    The field is also in the editor's panels; this quick switch changes the
    live pages and their latest revisions alike, so a later publish from
    the editor does not undo it.
    """
    source = source_post(post)
    pages = PostPage.objects.filter(translation_key=source.translation_key)
    changed = pages.exclude(reactions_enabled=enabled).update(reactions_enabled=enabled)
    for page in pages:
        revision = page.latest_revision
        if revision is not None and revision.content.get("reactions_enabled") != enabled:
            revision.content["reactions_enabled"] = enabled
            revision.save(update_fields=["content"])
    return bool(changed)


# Reports ---------------------------------------------------------------------------------


def told_of_flag(flag):
    """Who hears of a new report: the post's author (if they still work at the school) and the school's directors."""
    staff_here = StaffRole.objects.filter(school__translation_key=flag.school.translation_key)
    ids = set(staff_here.filter(role=StaffRole.DIRECTOR).values_list("user_id", flat=True))
    owner_id = flag.post.owner_id
    if owner_id is not None and staff_here.filter(user_id=owner_id).exists():
        ids.add(owner_id)
    return get_user_model().objects.filter(is_active=True, pk__in=ids).order_by("pk")


def create_flag(post, user, reason, reaction=None):
    """A parent reports a post or reaction; the author and directors are told. (flag, created).

    A second report of the same parent on the same object while the first is
    open (a double submit, or pressing again) returns the open one.
    """
    source = source_post(post)
    lookup = {"reporter": user, "post": source, "reaction": reaction, "handled_at__isnull": True}
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                reporter=user,
                school=school_of(source),
                post=source,
                reaction=reaction,
                reason=reason,
                created_at=timezone.now(),
            )
            for person in told_of_flag(flag):
                notify(person, Notification.FLAG, flag, school=flag.school)
            return flag, True
    except IntegrityError:
        return Flag.objects.get(**lookup), False


class AlreadyHandled(Exception):
    pass


@transaction.atomic
def handle_flag(flag, user, outcome, note="", now=None):
    """Close a report with an outcome; every open report on the same object closes with it.

    * HIDE_REACTION: the reaction is removed (kept, with who and when).
    * UNPUBLISH_POST: the post and its translations go offline through
      Wagtail's unpublish (revisions and the page's history stay right).
    * NO_ACTION: nothing changes; the note tells the parent why.

    Every reporter hears the outcome (Notification.FLAG_HANDLED). Returns the
    reports closed.
    """
    now = now or timezone.now()
    flag = Flag.objects.select_for_update(of=("self",)).select_related("post", "reaction").get(pk=flag.pk)
    if not flag.is_open:
        raise AlreadyHandled
    if outcome == Flag.HIDE_REACTION:
        if flag.reaction is None:
            raise ValueError("A report about a post has no reaction to hide.")
        remove_reaction(flag.reaction, user, now)
    elif outcome == Flag.UNPUBLISH_POST:
        for page in PostPage.objects.filter(translation_key=flag.post.translation_key, live=True):
            # access.rules decided (can_handle_flag); a teacher may not have
            # Wagtail's publish permission where a director approves posts.
            UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    elif outcome != Flag.NO_ACTION:
        raise ValueError(f"Unknown outcome {outcome!r}")

    same_object = Flag.objects.filter(handled_at__isnull=True, post=flag.post, reaction=flag.reaction)
    if outcome == Flag.UNPUBLISH_POST:
        # The post is gone: so are its reactions, and reports on them.
        same_object = Flag.objects.filter(handled_at__isnull=True, post=flag.post)
    closed = list(same_object.select_related("reporter"))
    for other in closed:
        other.handled_at = now
        other.handled_by = user
        other.outcome = outcome
        other.note = note
        other.save(update_fields=["handled_at", "handled_by", "outcome", "note"])
        notify(other.reporter, Notification.FLAG_HANDLED, other, school=other.school)
    return closed
