"""Daily and weekly digests: one e-mail per parent per school per period.

Parents who chose a digest have their post notifications waiting in the
outbox (`delivery` daily or weekly). At the school's digest time
(`DigestSettings`: default 18:00, the weekly one on Friday) the sweeper
starts a `DigestRun` for that school and period, once (`start_due_digests`);
`build_digest` then makes, per parent, one digest row (itself a
`Notification`, delivered like any other) and attaches the waiting items to
it, in one transaction per chunk of parents:

* items of posts the parent has already read (`notifications.posts`, which news answers), or may no
  longer see, or that were unpublished, are skipped;
* the digest row's dedupe key names school, kind and period, so a run that
  is repeated (a worker that died half-way) makes no second digest.

The digest e-mail groups the posts per group: school-wide first, then each
class group. Digests go out at the time the school chose, also when that is
after working hours: that time is the school's own decision.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Page

from access.rules import parents_who_see
from home.models import SchoolPage
from notifications import outbox
from notifications import posts as post_source
from notifications.models import (
    DAILY,
    DEFAULT_DIGEST_TIME,
    DEFAULT_WEEKLY_DAY,
    WEEKLY,
    DigestRun,
    DigestSettings,
    Notification,
)

logger = logging.getLogger(__name__)

CHUNK = 500
# A run that started this long ago and did not finish is started again.
STALE_RUN = datetime.timedelta(minutes=15)


def _at(day, time_of_day):
    return timezone.make_aware(datetime.datetime.combine(day, time_of_day))


def latest_moments(digest_time, weekly_day, now):
    """The most recent daily and weekly digest moments at or before `now`: {DAILY: moment, WEEKLY: moment}."""
    today = timezone.localdate(now)
    daily = _at(today, digest_time)
    if daily > now:
        daily = _at(today - datetime.timedelta(days=1), digest_time)
    back = (today.isoweekday() - weekly_day) % 7
    weekly = _at(today - datetime.timedelta(days=back), digest_time)
    if weekly > now:
        weekly = _at(today - datetime.timedelta(days=back + 7), digest_time)
    return {DAILY: daily, WEEKLY: weekly}


def dedupe_key(run):
    return f"digest:{run.frequency}:{run.school_id}:{run.period.isoformat()}"


def start_due_digests(now=None):
    """Make the DigestRun of every school and kind whose digest time has passed; return the runs to build.

    A run is made once per school, kind and period. Runs that were made but
    never finished (the worker died) are returned again once stale.
    """
    now = now or timezone.now()
    schools = SchoolPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    chosen = {row.school_id: row for row in DigestSettings.objects.filter(school__in=schools)}
    to_build = []
    for school in schools.only("pk"):
        row = chosen.get(school.pk)
        moments = latest_moments(
            row.digest_time if row else DEFAULT_DIGEST_TIME, row.weekly_day if row else DEFAULT_WEEKLY_DAY, now
        )
        for frequency, moment in moments.items():
            run, created = DigestRun.objects.get_or_create(
                school=school,
                frequency=frequency,
                period=timezone.localdate(moment),
                defaults={"scheduled_for": moment},
            )
            if created or (run.completed_at is None and (run.started_at is None or run.started_at < now - STALE_RUN)):
                to_build.append(run.pk)
    return to_build


def build_digest(run_id, now=None, chunk=CHUNK):
    """Make the digest rows of one run (see the module docstring). Returns the number of digests made."""
    now = now or timezone.now()
    run = DigestRun.objects.select_related("school").filter(pk=run_id).first()
    if run is None or run.completed_at is not None:
        return 0
    DigestRun.objects.filter(pk=run.pk).update(started_at=now)
    waiting = Notification.objects.filter(
        school=run.school,
        channel=Notification.EMAIL,
        delivery=run.frequency,
        status=Notification.PENDING,
        created_at__lte=run.scheduled_for,
    )
    recipients = list(waiting.order_by("recipient_id").values_list("recipient_id", flat=True).distinct())
    run_type = ContentType.objects.get_for_model(DigestRun)
    key = dedupe_key(run)
    posts = {}
    made = 0
    for start in range(0, len(recipients), chunk):
        made += _build_chunk(run, run_type, key, waiting, recipients[start : start + chunk], posts, now)
    DigestRun.objects.filter(pk=run.pk).update(completed_at=timezone.now(), digests=made)
    if made:
        transaction.on_commit(outbox.kick)
    return made


def _build_chunk(run, run_type, key, waiting, recipient_ids, posts, now):
    items = list(waiting.filter(recipient_id__in=recipient_ids).values_list("pk", "recipient_id", "kind", "object_id"))
    post_ids = {
        int(object_id) for _pk, _user, kind, object_id in items if kind == Notification.POST and object_id.isdigit()
    }
    missing = post_ids - set(posts)
    if missing:
        posts.update(
            Page.objects.only("pk", "path", "depth", "live", "translation_key", "locale_id").in_bulk(list(missing))
        )
    # Who of these parents still sees each post (one query per post), and what they read.
    sees = defaultdict(set)
    for post_id in post_ids:
        post = posts.get(post_id)
        if post is not None and post.live:
            sees[post_id] = set(parents_who_see(post).filter(pk__in=recipient_ids).values_list("pk", flat=True))
    read = post_source.read_pairs(post_ids, recipient_ids)

    keep, skipped = [], defaultdict(list)
    for pk, user_id, kind, object_id in items:
        post_id = int(object_id) if object_id.isdigit() else None
        if kind != Notification.POST or post_id is None:
            keep.append((pk, user_id))
        elif user_id not in sees.get(post_id, ()):
            skipped["The post is no longer published, or the recipient no longer sees it."].append(pk)
        elif (post_id, user_id) in read:
            skipped["The recipient had already read the post."].append(pk)
        else:
            keep.append((pk, user_id))
    with_digest = sorted({user_id for _pk, user_id in keep})

    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    channel=Notification.EMAIL,
                    kind=Notification.DIGEST,
                    school=run.school,
                    content_type=run_type,
                    object_id=str(run.pk),
                    dedupe_key=key,
                    waits_for_working_hours=False,
                    created_at=now,
                    due_at=now,
                    next_attempt_at=now,
                )
                for user_id in with_digest
            ],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )
        digest_of = Notification.objects.filter(
            recipient_id=OuterRef("recipient_id"), channel=Notification.EMAIL, dedupe_key=key
        ).values("pk")[:1]
        Notification.objects.filter(pk__in=[pk for pk, _user in keep], status=Notification.PENDING).update(
            status=Notification.BUNDLED, digest_id=Subquery(digest_of)
        )
        for reason, pks in skipped.items():
            Notification.objects.filter(pk__in=pks, status=Notification.PENDING).update(
                status=Notification.SKIPPED, last_error=reason
            )
    return len(with_digest)


def next_digest_moments(school, now=None):
    """When the school's next daily and weekly digests go out (for the preferences page)."""
    now = now or timezone.now()
    row = DigestSettings.objects.filter(school__translation_key=school.translation_key).order_by("pk").first()
    digest_time = row.digest_time if row else DEFAULT_DIGEST_TIME
    weekly_day = row.weekly_day if row else DEFAULT_WEEKLY_DAY
    latest = latest_moments(digest_time, weekly_day, now)
    return {
        DAILY: _at(timezone.localdate(latest[DAILY]) + datetime.timedelta(days=1), digest_time),
        WEEKLY: _at(timezone.localdate(latest[WEEKLY]) + datetime.timedelta(days=7), digest_time),
        "time": digest_time,
        "weekly_day": weekly_day,
    }
