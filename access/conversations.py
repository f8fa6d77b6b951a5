"""1-on-1 conversations between parents and staff (the conversations app).

* A parent starts a conversation about one of their own active children,
  with the child's class teachers of this school year (who still have a
  role at the school) and/or the school's directors; they may include the
  child's other guardians or leave them out (separated parents).
* Staff start one with the guardians of a child they teach this school
  year; directors with the guardians of any active child of their school.
  Staff may add the colleagues a parent could write to about that child
  (its class teachers and the directors), for instance the director in a
  difficult conversation.
* Only participants see a conversation and its attachments: not the
  school's other staff, not its directors, not superusers.
* Participants post while it is open; staff participants close it, after
  which it is read-only.
* A participant who no longer belongs (staff without a role at the school
  any more, a parent who is no longer the child's guardian) keeps their
  row, so the history stays whole, but sees and hears nothing more.

Conversations are passed in as objects with `school`, `child_id`,
`closed_at` and their `participants`, and listings as querysets: this
module imports nothing of the conversations app, which sits above it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from access.scope import is_active_user, scope_of
from classes.models import Child, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import StaffRole


def still_belonging(participants):
    """Filter Participant rows down to those of users who still belong to their conversation (a lazy queryset)."""
    model = participants.model
    staff_role = StaffRole.objects.filter(
        user_id=OuterRef("user_id"), school__translation_key=OuterRef("conversation__school__translation_key")
    )
    guardianship = Guardianship.objects.filter(user_id=OuterRef("user_id"), child_id=OuterRef("conversation__child_id"))
    return participants.filter(
        (Q(role=model.STAFF) & Exists(staff_role)) | (Q(role=model.PARENT) & Exists(guardianship))
    )


def current_participations(user, participants):
    """Filter Participant rows down to the user's own in conversations they still belong to (a lazy queryset)."""
    if not is_active_user(user):
        return participants.none()
    return still_belonging(participants.filter(user=user))


def current_participants(conversation):
    """The conversation's participants who still belong to it: those who see it and are told of it."""
    return still_belonging(conversation.participants.all())


def staff_addressable_children(user):
    """Active children whose guardians the user may write to as staff (a lazy queryset).

    Teachers: the pupils of the class groups they teach this school year.
    Directors: every active child of their school. Nobody else.
    """
    if not is_active_user(user):
        return Child.objects.none()
    scope = scope_of(user)
    directed = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    taught = Enrollment.objects.filter(
        class_page__translation_key__in=scope.taught_class_keys, school_year=current_school_year()
    ).values("child_id")
    if not directed and not scope.taught_class_keys:
        return Child.objects.none()
    return Child.objects.active().filter(Q(school__translation_key__in=directed) | Q(pk__in=taught))


def conversation_children(user):
    """The children the user may start a conversation about: their own (as parent) and those they may address as staff."""
    if not is_active_user(user):
        return Child.objects.none()
    own = Child.objects.active().filter(guardianships__user=user).values("pk")
    staff = staff_addressable_children(user).values("pk")
    return Child.objects.filter(Q(pk__in=own) | Q(pk__in=staff)).select_related("school")


def starts_as_parent(user, child):
    """Does the user start a conversation about this child as its parent (rather than as staff)?"""
    return (
        is_active_user(user)
        and child is not None
        and child.is_active
        and child.guardianships.filter(user=user).exists()
    )


def staff_a_parent_may_address(child):
    """The staff a parent writes to about `child`: its class teachers this school year and the school's directors.

    Teachers only while they still have a role at the child's school. A lazy
    queryset of active users.
    """
    school_key = child.school.translation_key
    staff_here = StaffRole.objects.filter(school__translation_key=school_key)
    teachers = ClassTeacher.objects.filter(
        page__enrollments__child=child,
        page__enrollments__school_year=current_school_year(),
        user__in=staff_here.values("user_id"),
    ).values("user_id")
    directors = staff_here.filter(role=StaffRole.DIRECTOR).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=teachers) | Q(pk__in=directors), is_active=True)


def guardians_of(child, exclude=None):
    """The child's guardians with an active account (without `exclude`, a user): a lazy queryset."""
    users = get_user_model().objects.filter(is_active=True, guardianships__child=child)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def can_start_conversation(user, child=None):
    """May the user start a conversation (about `child`, when given)?"""
    if child is None:
        return conversation_children(user).exists()
    if starts_as_parent(user, child):
        return staff_a_parent_may_address(child).exclude(pk=user.pk).exists()
    return (
        staff_addressable_children(user).filter(pk=child.pk).exists()
        and guardians_of(child).exclude(pk=user.pk).exists()
    )


def conversation_recipients(user, child):
    """Whom the user may add to a new conversation about `child`: {"staff": users, "guardians": users}.

    As parent: the staff of `staff_a_parent_may_address` and the child's other
    guardians (to include or leave out). As staff: the child's guardians, and
    as colleagues to add the same staff a parent could write to. Nobody for
    a child the user may not start about.
    """
    none = get_user_model().objects.none()
    if starts_as_parent(user, child) or (
        child is not None and staff_addressable_children(user).filter(pk=child.pk).exists()
    ):
        return {
            "staff": staff_a_parent_may_address(child).exclude(pk=user.pk),
            "guardians": guardians_of(child, exclude=user),
        }
    return {"staff": none, "guardians": none}


def participation(user, conversation):
    """The user's Participant row in the conversation, or None (one query; cached on the conversation)."""
    if not is_active_user(user) or conversation is None:
        return None
    cache = conversation.__dict__.setdefault("_participation_cache", {})
    if user.pk not in cache:
        cache[user.pk] = still_belonging(conversation.participants.filter(user=user)).first()
    return cache[user.pk]


def can_view_conversation(user, conversation):
    """Participants only: not the school's other staff, its directors or superusers."""
    return participation(user, conversation) is not None


def can_post_in_conversation(user, conversation):
    """Participants, while the conversation is open."""
    return conversation is not None and conversation.closed_at is None and can_view_conversation(user, conversation)


def can_close_conversation(user, conversation):
    """A staff participant, while the conversation is open."""
    if conversation is None or conversation.closed_at is not None:
        return False
    found = participation(user, conversation)
    return found is not None and found.is_staff


def conversations_of(user, conversations):
    """Filter conversations down to those the user takes part in (one SQL filter)."""
    if not is_active_user(user):
        return conversations.none()
    participants = conversations.model._meta.get_field("participants").related_model.objects.all()
    return conversations.filter(
        Exists(current_participations(user, participants).filter(conversation_id=OuterRef("pk")))
    )


def can_view_conversation_attachment(user, attachment):
    """An attachment is exactly as visible as its conversation."""
    return attachment is not None and can_view_conversation(user, attachment.message.conversation)
