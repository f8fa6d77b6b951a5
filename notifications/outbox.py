"""Writing the outbox: one `Notification` row per person, per item, per channel.

Call these inside the transaction that does what they tell of, so a post
that goes live and its notifications are committed together (or not at all):

* `notify_post(post)`: a post went live; its parents (`access.rules.parents_who_see`)
  hear of it as each chose (`NotificationPreference`): an e-mail at once, an
  item in the daily or weekly digest, or no e-mail; and a push on every
  device they subscribed.
* `notify(user, kind, item, ...)`: something for one person that always
  comes at once by e-mail and push (a leave decision, a reply in a
  conversation, a report for staff).

Quiet hours: a row is due at the school's next working moment
(`schoolcalendar.calendar.next_working_moment`), so nothing reaches parents,
nor staff, outside working hours. Urgent school-wide posts (set by a
director) are the one exception. Digests go out at the time the school set
for them (`DigestSettings`).

Rows are unique per (recipient, channel, dedupe key): writing a notification
again (a retried task, a post published again, its translation going live)
adds nothing. When the transaction commits, the delivery task is queued
(`kick`); the sweeper (`notifications.tasks.sweep_outbox`) picks up whatever
is due in any case, so a lost enqueue or a dead worker loses nothing.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from access.rules import parents_who_see
from home.schools import default_language_page, default_school, school_of_page
from notifications import push, tasks
from notifications.models import DAILY, IMMEDIATE, SITE_ONLY, WEEKLY, Notification, NotificationPreference
from notifications.timing import Calendars, due_moment, school_of_item

logger = logging.getLogger(__name__)

BULK_BATCH = 500


# Writing rows ----------------------------------------------------------------------


def _item_reference(item):
    return ContentType.objects.get_for_model(item, for_concrete_model=False), str(item.pk)


def _write(rows):
    """Insert rows; those that exist (same recipient, channel and dedupe key) are left alone."""
    if rows:
        Notification.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)
        transaction.on_commit(kick)
    return len(rows)


def kick():
    """Queue a delivery run now, unless one is already waiting (the sweeper delivers anyway)."""
    try:
        return tasks.queue_delivery()
    except Exception:  # the outbox keeps the rows: the sweeper sends them
        logger.exception("Could not queue the delivery of notifications; the sweeper will send them.")
        return None


def post_dedupe_key(post):
    """One key for a post and all its translations."""
    return f"post:{post.translation_key}"


def is_urgent(post):
    """An urgent post: marked so (by a director) and school-wide (directly under the school)."""
    return getattr(post, "is_urgent", False) is True


def notify_post(post, now=None):
    """A post went live: write the notifications of its parents. Returns the rows written (before dedupe).

    One query for the parents and their preferences, one for their devices,
    and bulk inserts: publishing to a group of 1,000 parents sends nothing
    itself and stays quick.
    """
    now = now or timezone.now()
    source = default_language_page(post).specific
    school = school_of_page(post)
    urgent = is_urgent(post)
    due = due_moment(school, now, waits=not urgent)
    content_type, object_id = _item_reference(source)
    key = post_dedupe_key(post)
    parents = parents_who_see(post)
    common = {
        "kind": Notification.POST,
        "school": school,
        "content_type": content_type,
        "object_id": object_id,
        "waits_for_working_hours": not urgent,
        "created_at": now,
    }
    rows = []
    for user_id, email, choice in parents.values_list("pk", "email", "notification_preference__posts"):
        choice = choice or IMMEDIATE
        if choice == SITE_ONLY or not email:
            continue
        if choice in (DAILY, WEEKLY):
            rows.append(
                Notification(
                    recipient_id=user_id, channel=Notification.EMAIL, delivery=choice, dedupe_key=key, **common
                )
            )
        else:
            rows.append(
                Notification(
                    recipient_id=user_id,
                    channel=Notification.EMAIL,
                    dedupe_key=key,
                    due_at=due,
                    next_attempt_at=due,
                    **common,
                )
            )
    for device_id, user_id in push.devices_for(parents):
        rows.append(
            Notification(
                recipient_id=user_id,
                channel=Notification.PUSH,
                device_id=device_id,
                dedupe_key=f"{key}#device:{device_id}",
                due_at=due,
                next_attempt_at=due,
                **common,
            )
        )
    return _write(rows)


def notify(
    user,
    kind,
    item,
    *,
    school=None,
    urgent=False,
    channels=(Notification.EMAIL, Notification.PUSH),
    dedupe_key=None,
    now=None,
):
    """Tell one person of `item` at once, by e-mail and on every device: for leave decisions, replies, reports.

    Call it inside the transaction that makes `item`. `kind` is one of
    `Notification.KIND_CHOICES` and picks how the e-mail is written
    (`notifications.rendering`). Quiet hours apply (the row waits for the
    school's next working moment) unless `urgent`. `dedupe_key` defaults to
    one per kind and item, so calling this twice for the same item tells
    the person once. Returns the rows written (before dedupe).
    """
    if user is None or not user.is_active:
        return 0
    now = now or timezone.now()
    school = default_school(school) if school is not None else school_of_item(item)
    due = due_moment(school, now, waits=not urgent)
    content_type, object_id = _item_reference(item)
    key = dedupe_key or f"{kind}:{content_type.app_label}.{content_type.model}:{object_id}"
    common = {
        "recipient": user,
        "kind": kind,
        "school": school,
        "content_type": content_type,
        "object_id": object_id,
        "waits_for_working_hours": not urgent,
        "created_at": now,
        "due_at": due,
        "next_attempt_at": due,
    }
    rows = []
    if Notification.EMAIL in channels and user.email:
        rows.append(Notification(channel=Notification.EMAIL, dedupe_key=key, **common))
    if Notification.PUSH in channels:
        for device_id, _user_id in push.devices_for([user.pk]):
            rows.append(
                Notification(
                    channel=Notification.PUSH, device_id=device_id, dedupe_key=f"{key}#device:{device_id}", **common
                )
            )
    return _write(rows)


# Preferences ------------------------------------------------------------------------


def preference_of(user):
    """The user's choice for new posts (IMMEDIATE without a row)."""
    found = NotificationPreference.objects.filter(user=user).values_list("posts", flat=True).first()
    return found or IMMEDIATE


@transaction.atomic
def set_preference(user, choice, now=None):
    """Store the user's choice, and move what waits for a digest along with it.

    Items waiting for a digest go out at once (at a working moment) when the
    parent switches to "at once", into the other digest when they switch
    digests, and are dropped when they switch to "no e-mail".
    """
    now = now or timezone.now()
    NotificationPreference.objects.update_or_create(user=user, defaults={"posts": choice})
    waiting = Notification.objects.filter(
        recipient=user, channel=Notification.EMAIL, status=Notification.PENDING, delivery__in=(DAILY, WEEKLY)
    )
    if choice == SITE_ONLY:
        waiting.update(status=Notification.SKIPPED, last_error="The parent chose no e-mail.")
    elif choice in (DAILY, WEEKLY):
        waiting.exclude(delivery=choice).update(delivery=choice)
    else:
        calendars = Calendars(now)
        moved = 0
        for row in waiting.select_related("school"):
            row.delivery = Notification.NOW
            row.due_at = row.next_attempt_at = due_moment(row.school, now, row.waits_for_working_hours, calendars)
            row.save(update_fields=["delivery", "due_at", "next_attempt_at"])
            moved += 1
        if moved:
            transaction.on_commit(kick)
