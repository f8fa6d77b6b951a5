"""The database side of conversations: starting, replying, closing, reading, and where links point.

Views (portal and admin) call these after `access.rules` agreed. Every change
runs in one transaction; a new message writes the notifications of every
other participant in that transaction (`notifications.outbox.notify`, kind
MESSAGE). Quiet hours apply as notify() applies them: a parent's message at
21:00 reaches staff at the school's next working moment, and a reply in
working hours reaches the parent at once.
"""

import os
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from access.rules import (
    conversation_recipients,
    current_participants,
    current_participations,
    roster_token,
    starts_as_parent,
)
from classes.models import ClassTeacher
from classes.schoolyear import current_school_year
from conversations.models import ADMIN, Conversation, ConversationSettings, Message, MessageAttachment, Participant
from conversations.previews import preview_of
from home.models import StaffRole
from home.schools import default_school
from notifications.models import Notification
from notifications.outbox import notify
from plumbing import stamps
from schoolcalendar.calendar import load
from schoolcalendar.models import WEEKDAY_CHOICES
from throttle.limits import Quota


def display_name(user):
    return user.get_full_name() or user.email


# Settings and links ------------------------------------------------------------------------


def conversation_settings(school):
    """The school's settings; the defaults (not saved) when it has none yet."""
    found = ConversationSettings.objects.filter(school__translation_key=school.translation_key).first()
    return found or ConversationSettings(school=school)


def staff_workplace(school):
    return conversation_settings(school).staff_workplace


def uses_admin(user):
    """Does the user work on conversations in the admin? Staff of any school that chose the admin (the default)."""
    school_keys = set(StaffRole.objects.filter(user=user).values_list("school__translation_key", flat=True))
    if not school_keys:
        return False
    chosen = dict(
        ConversationSettings.objects.filter(school__translation_key__in=school_keys).values_list(
            "school__translation_key", "staff_workplace"
        )
    )
    return any(chosen.get(key, ADMIN) == ADMIN for key in school_keys)


def path_for(conversation, participant_role, school_workplace):
    """The path of the conversation for a participant: the admin for staff of an admin school, else the portal."""
    if participant_role == Participant.STAFF and school_workplace == ADMIN:
        return reverse("conversations_admin:detail", args=[conversation.pk])
    return reverse("conversations:detail", args=[conversation.pk])


# Recipients ----------------------------------------------------------------------------------


def recipients_for(user, child):
    """(as_parent, staff users with `role_label`, guardian users) the user may address about the child."""
    as_parent = starts_as_parent(user, child)
    found = conversation_recipients(user, child)
    staff = list(found["staff"].order_by("first_name", "last_name"))
    if staff:
        directors = set(
            StaffRole.objects.filter(
                school__translation_key=child.school.translation_key, role=StaffRole.DIRECTOR, user__in=staff
            ).values_list("user_id", flat=True)
        )
        teachers = set(
            ClassTeacher.objects.filter(
                user__in=staff, page__enrollments__child=child, page__enrollments__school_year=current_school_year()
            ).values_list("user_id", flat=True)
        )
        for person in staff:
            labels = []
            if person.pk in teachers:
                labels.append(gettext("teacher"))
            if person.pk in directors:
                labels.append(gettext("director"))
            person.role_label = ", ".join(labels)
    guardians = list(found["guardians"].order_by("first_name", "last_name"))
    return as_parent, staff, guardians


# Starting, replying, closing --------------------------------------------------------------


def _save_attachments(message, uploads):
    """Store the checked uploads; photos arrive cleaned (`conversations.forms.check_attachment`)."""
    for upload in uploads or ():
        upload.seek(0)
        data = upload.read()
        is_photo = getattr(upload, "is_photo", False)
        attachment = MessageAttachment(
            message=message, name=os.path.basename(upload.name)[:200], is_image=is_photo, size=len(data)
        )
        attachment.file.save(upload.name, ContentFile(data), save=False)
        if is_photo:
            try:
                preview = preview_of(data)
            except Exception:
                preview = None
            if preview is not None:
                attachment.preview.save("preview.jpg", ContentFile(preview), save=False)
        attachment.save()


# Mails (and pushes) of one conversation to one person in any 24 hours (settings.THROTTLE_LIMITS).
MESSAGE_NOTICES = "conversation_notices"


def _notify_others(message, conversation):
    """Every other participant hears of the message, by e-mail and push, with quiet hours as notify() applies them.

    At most a few notices of one conversation reach one person a day: a
    parent sending message after message (or a script doing it) would
    otherwise fill the teacher's mailbox with one mail each. Beyond the
    limit the messages are still delivered in the portal and counted in the
    header; only the notices stop until the day has passed.
    """
    quota = Quota.named(MESSAGE_NOTICES)
    for participant in current_participants(conversation).select_related("user").exclude(user_id=message.author_id):
        if quota.take(f"{participant.user_id}:{conversation.pk}", now=message.created_at):
            notify(participant.user, Notification.MESSAGE, message, school=conversation.school, now=message.created_at)


def _add_message(conversation, author, text, uploads, key, now):
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        author_name=display_name(author),
        text=text,
        created_at=now,
        submission_key=key,
    )
    _save_attachments(message, uploads)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    Participant.objects.filter(conversation=conversation, user=author).update(last_read_at=now)
    _touch_news(conversation.participants.values_list("user_id", flat=True))
    _notify_others(message, conversation)
    return message


class KeyInUse(Exception):
    """The form's key belongs to someone else's submission (a forged or copied form)."""


def start(*, user, child, subject, text, staff, guardians, uploads, key, now=None):
    """Start a conversation; (conversation, created). A resubmitted form (same key) finds the first one."""
    existing = Conversation.objects.filter(submission_key=key, started_by=user).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    as_parent = starts_as_parent(user, child)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                school=default_school(child.school),
                child=child,
                subject=subject,
                started_by=user,
                created_at=now,
                last_message_at=now,
                submission_key=key,
            )
            rows = [
                Participant(
                    conversation=conversation, user=user, role=Participant.PARENT if as_parent else Participant.STAFF
                )
            ]
            rows += [Participant(conversation=conversation, user=person, role=Participant.STAFF) for person in staff]
            rows += [
                Participant(conversation=conversation, user=person, role=Participant.PARENT) for person in guardians
            ]
            Participant.objects.bulk_create(rows)
            _add_message(conversation, user, text, uploads, uuid.uuid4(), now)
    except IntegrityError:
        existing = Conversation.objects.filter(submission_key=key, started_by=user).first()
        if existing is None:
            raise KeyInUse(key) from None
        return existing, False
    return conversation, True


def reply(*, conversation, user, text, uploads, key, now=None):
    """Add a message; (message, created). A resubmitted form (same key) creates nothing.

    The conversation is locked and checked once more: a reply that arrives
    after staff closed it is refused (None, False).
    """
    existing = Message.objects.filter(submission_key=key, author=user).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = Conversation.objects.select_for_update().select_related("school").get(pk=conversation.pk)
            if locked.closed_at is not None:
                return None, False
            return _add_message(locked, user, text, uploads, key, now), True
    except IntegrityError:
        existing = Message.objects.filter(submission_key=key, author=user).first()
        if existing is None:
            raise KeyInUse(key) from None
        return existing, False


def close(conversation, user, now=None):
    """Close the conversation (staff); False when it was closed already."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Conversation.objects.filter(pk=conversation.pk, closed_at__isnull=True).update(
            closed_at=now, closed_by=user
        )
    return bool(changed)


def mark_read(conversation, user, now=None):
    """The user has seen every message up to now."""
    now = now or timezone.now()
    Participant.objects.filter(conversation=conversation, user=user).update(last_read_at=now)
    _touch_news([user.pk])


# Reading -------------------------------------------------------------------------------------


def my_conversations(user):
    """The user's participations with their conversation and unread count, newest first: a fixed number of queries.

    One query for the rows (the unread count is a subquery per row, in the
    same SQL), one for the other participants' names.
    """
    return (
        current_participations(user, Participant.objects.all())
        .select_related("conversation__child", "conversation__school")
        .annotate(
            unread=Count(
                "conversation__messages",
                filter=(Q(last_read_at__isnull=True) | Q(conversation__messages__created_at__gt=F("last_read_at")))
                & ~Q(conversation__messages__author=user),
            )
        )
        .prefetch_related("conversation__participants__user")
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


# The header's count of conversations with news --------------------------------------------
#
# Shown on every page, and costly to build (the access rules of participation
# and an unread count per conversation), so it is kept in the cache per user
# under the user's "conversations" stamp (plumbing.stamps) and the roster
# token: a message in any of the user's conversations, the user reading one,
# and a participant going away give the stamp a new token, and every change
# of who belongs where gives the roster a new one. Both are read in one short
# query each, so every process sees a change at once.

NEWS_COUNT_SECONDS = 60 * 60


def _news_stamp(user_id):
    return f"conversations:{user_id}"


def _touch_news(user_ids):
    for user_id in sorted(set(user_ids)):
        stamps.touch(_news_stamp(user_id))


def _participant_deleted(sender, instance, **kwargs):
    _touch_news([instance.user_id])


def _message_deleted(sender, instance, **kwargs):
    _touch_news(Participant.objects.filter(conversation_id=instance.conversation_id).values_list("user_id", flat=True))


def connect():
    # Writes through the functions above touch the stamps themselves
    # (their queryset updates send no signals); deletes may come from anywhere.
    post_delete.connect(_participant_deleted, sender=Participant, dispatch_uid="conversations_news_participant")
    post_delete.connect(_message_deleted, sender=Message, dispatch_uid="conversations_news_message")


def conversations_with_news(user):
    """How many of the user's conversations have a message from someone else they have not read.

    "Unread" as `my_conversations` counts it, so the header and the lists
    agree. From the cache on a warm request (see above), else one query.
    """
    key = ":".join(["conversations", "news", str(user.pk), roster_token(user), stamps.token(_news_stamp(user.pk))])
    return stamps.cached(key, NEWS_COUNT_SECONDS, lambda: my_conversations(user).filter(unread__gt=0).count())


def messages_with_marks(conversation, viewer):
    """The messages, each with `read_by` (names of other participants who read it) for the viewer's own messages."""
    participants = list(conversation.participants.select_related("user"))
    messages = list(conversation.messages.select_related("author").prefetch_related("attachments"))
    me = next((p for p in participants if p.user_id == viewer.pk), None)
    for message in messages:
        message.is_own = message.author_id == viewer.pk
        message.read_by = []
        message.is_unread = bool(
            me and not message.is_own and (me.last_read_at is None or message.created_at > me.last_read_at)
        )
        if message.is_own:
            message.read_by = [
                display_name(p.user)
                for p in participants
                if p.user_id != viewer.pk and p.last_read_at is not None and p.last_read_at >= message.created_at
            ]
    return participants, messages


def working_hours_notice(school):
    """The school's working days and hours in words, for the notice to parents."""
    calendar = load(school, timezone.localdate())
    names = dict(WEEKDAY_CHOICES)
    days = [str(names[day]) for day in sorted(calendar.working_days)]
    return {"days": days, "start": calendar.start, "end": calendar.end}
