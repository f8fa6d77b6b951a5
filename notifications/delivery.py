"""Delivering the outbox: due rows, in batches, by the task worker.

A run (`deliver_due`) claims a batch of due rows (`claim_batch`), sends them
and records the outcome of every row before taking the next batch:

* A worker claims rows for a while (`LEASE`): another worker skips them, and
  a worker that died leaves rows that become due again when the lease ends.
  A batch that runs long (slow servers) stops at half the lease and leaves
  the rest due, so no row is sent by two workers.
* E-mail of a batch goes over ONE SMTP connection (`get_connection()`,
  opened once, `send_messages` per message so every row knows its outcome),
  with the `EMAIL_TIMEOUT` of the settings.
* A row that fails waits 1, 5, 15, 60, 180, then 720 minutes (`RETRY_DELAYS`)
  and is tried at most `MAX_ATTEMPTS` times; then, or at once when the mail
  server refuses for good (5xx), it is `failed`, with its error, for the
  admin (where it can be retried).
* When the mail server cannot be reached or stops answering, the run stops:
  the rows it could not try stay due, and the next run (or the sweeper) tries
  them again.
* Quiet hours are checked again when a row is sent: a row that waits for
  working hours and finds the school closed (a backlog that ran late, a
  retry) is moved to the next working moment without counting an attempt.
* Rows whose item is gone, whose recipient may no longer see it or has read
  it already, or whose device is gone, are `skipped` with the reason.

Sending marks a row `sent` right after the server accepted its message, so
retries and restarts send every message once. The one gap SMTP leaves: a
server that accepts a message but whose answer never arrives (a timeout
after the data was sent) makes it look failed; it is sent again, with the
same Message-ID.
"""

import datetime
import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from access.rules import parents_who_see
from notifications import posts as post_source
from notifications import push
from notifications.models import Notification
from notifications.rendering import Renderer
from notifications.timing import Calendars

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
LEASE = datetime.timedelta(minutes=15)
RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 720)]
MAX_ATTEMPTS = 7
# How long one run keeps taking batches before it leaves the rest to the next run.
DEFAULT_BUDGET = datetime.timedelta(seconds=50)
MAX_ERROR_LENGTH = 2000


class ServerUnreachable(Exception):
    """The mail server could not be reached, or stopped answering: stop this run."""


def retry_delay(attempts):
    """The wait after the `attempts`-th failed attempt (1, 5, 15, 60, 180, 720 minutes)."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def due_rows(now):
    claimable = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return Notification.objects.filter(
        claimable, status=Notification.PENDING, delivery=Notification.NOW, next_attempt_at__lte=now
    )


def claim_batch(now, size=BATCH_SIZE):
    """Claim up to `size` due rows for this worker: (claim token, rows)."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(due_rows(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:size])
        if not ids:
            return token, []
        # Only rows still claimable: a worker that claimed them meanwhile keeps them.
        due_rows(now).filter(pk__in=ids).update(claim=token, claimed_until=now + LEASE)
    rows = Notification.objects.filter(claim=token).select_related("recipient", "school", "content_type").order_by("pk")
    return token, list(rows)


def _error_text(error):
    text = f"{type(error).__name__}: {error}".strip()
    return text[:MAX_ERROR_LENGTH]


class Batch:
    """The outcome of every claimed row, written as it happens."""

    def __init__(self, token, now, calendars, stats):
        self.token = token
        self.now = now
        self.calendars = calendars
        self.stats = stats
        # Stop well before the claim ends, so no other worker takes rows this one still sends.
        self.deadline = time.monotonic() + LEASE.total_seconds() / 2

    def out_of_time(self):
        return time.monotonic() > self.deadline

    def _mine(self, row):
        return Notification.objects.filter(pk=row.pk, claim=self.token)

    def sent(self, row):
        self._mine(row).update(
            status=Notification.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, claim="", claimed_until=None
        )
        self.stats["sent"] += 1

    def skipped(self, row, reason):
        self._mine(row).update(
            status=Notification.SKIPPED, last_error=reason[:MAX_ERROR_LENGTH], claim="", claimed_until=None
        )
        self.stats["skipped"] += 1

    def failed(self, row, error, permanent=False):
        """A failed attempt: retry later, or give up (permanent, or the last attempt)."""
        attempts = row.attempts + 1
        text = error if isinstance(error, str) else _error_text(error)
        if permanent or attempts >= MAX_ATTEMPTS:
            self._mine(row).update(
                status=Notification.FAILED, attempts=attempts, last_error=text, claim="", claimed_until=None
            )
            self.stats["failed"] += 1
            logger.warning("Notification %s failed for good after %s attempts: %s", row.pk, attempts, text)
            return
        moment = self.now + retry_delay(attempts)
        if row.waits_for_working_hours:
            moment = self.calendars.next_moment(row.school, moment)
        self._mine(row).update(attempts=attempts, next_attempt_at=moment, last_error=text, claim="", claimed_until=None)
        self.stats["retry"] += 1

    def later(self, row, moment):
        """Not tried now (quiet hours, or the run stopped): due again at `moment`, no attempt counted."""
        self._mine(row).update(next_attempt_at=moment, claim="", claimed_until=None)
        self.stats["later"] += 1


# Checks before sending ---------------------------------------------------------


def _post_checks(rows):
    """{row pk: reason} for post rows that must not be sent: recipient no longer sees the post, or read it."""
    by_post = defaultdict(list)
    for row in rows:
        if row.kind == Notification.POST and row.object_id.isdigit():
            by_post[int(row.object_id)].append(row)
    reasons = {}
    if not by_post:
        return reasons
    posts = Page.objects.in_bulk(list(by_post))
    user_ids = {row.recipient_id for group in by_post.values() for row in group}
    read = post_source.read_pairs(list(by_post), user_ids)
    for post_pk, post_rows in by_post.items():
        post = posts.get(post_pk)
        if post is None or not post.live:
            reasons.update({row.pk: "The post is no longer published." for row in post_rows})
            continue
        allowed = set(
            parents_who_see(post).filter(pk__in={row.recipient_id for row in post_rows}).values_list("pk", flat=True)
        )
        for row in post_rows:
            if row.recipient_id not in allowed:
                reasons[row.pk] = "The recipient no longer sees this post."
            elif (post_pk, row.recipient_id) in read:
                reasons[row.pk] = "The recipient had already read the post."
    return reasons


def _prefetch_digests(renderer, rows):
    digest_ids = [row.pk for row in rows if row.kind == Notification.DIGEST]
    if not digest_ids:
        return
    items = defaultdict(list)
    for digest_id, object_id in (
        Notification.objects.filter(digest_id__in=digest_ids).order_by("pk").values_list("digest_id", "object_id")
    ):
        items[digest_id].append(object_id)
    for digest_id in digest_ids:
        renderer.digest_items[digest_id] = items.get(digest_id, [])


# Sending -------------------------------------------------------------------------


def _permanent(error):
    """Does the mail server refuse this message for good (a 5xx answer)?"""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _connection_lost(error):
    """Is the connection unusable after this error (disconnected, timed out, reset)?"""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # the server closes the connection
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def send_emails(batch, pairs):
    """Send [(row, message)] over one SMTP connection; raises ServerUnreachable when the server fails us."""
    if not pairs:
        return
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        connection.open()
    except Exception as error:  # refused, down, timed out, TLS trouble: every row tried once
        for row, _message in pairs:
            batch.failed(row, error)
        raise ServerUnreachable(_error_text(error)) from error
    try:
        for index, (row, message) in enumerate(pairs):
            if batch.out_of_time():
                for later_row, _message in pairs[index:]:
                    batch.later(later_row, batch.now)
                return
            try:
                if connection.send_messages([message]) != 1:
                    # Django's backend answers 0 when its connection is gone.
                    raise smtplib.SMTPServerDisconnected("the connection to the mail server was lost")
            except Exception as error:
                batch.failed(row, error, permanent=_permanent(error))
                if _connection_lost(error):
                    # The rest was not tried: due again after the first delay.
                    for later_row, _message in pairs[index + 1 :]:
                        batch.later(later_row, batch.now + retry_delay(1))
                    raise ServerUnreachable(_error_text(error)) from error
            else:
                batch.sent(row)
    finally:
        try:
            connection.close()
        except Exception:  # the connection is gone already
            pass


def send_pushes(batch, renderer, rows):
    if not rows:
        return
    session = push.session()
    for index, row in enumerate(rows):
        if batch.out_of_time():
            for later_row in rows[index:]:
                batch.later(later_row, batch.now)
            return
        try:
            payload = renderer.push_payload(row)
        except Exception as error:
            logger.exception("Could not write push notification %s", row.pk)
            batch.failed(row, error)
            continue
        if payload is None:
            batch.skipped(row, "There is nothing to tell: the item is gone.")
            continue
        try:
            push.send(row.device_id, payload, session=session)
        except push.DeviceGone as gone:
            batch.skipped(row, f"The device is gone: {gone}")
        except Exception as error:
            batch.failed(row, error)
        else:
            batch.sent(row)


def deliver_batch(token, rows, now, stats, calendars=None):
    calendars = calendars or Calendars(now)
    batch = Batch(token, now, calendars, stats)
    renderer = Renderer()
    ready = []
    for row in rows:
        if row.waits_for_working_hours and not calendars.is_working(row.school, now):
            batch.later(row, calendars.next_moment(row.school, now))
        elif not row.recipient.is_active:
            batch.skipped(row, "The recipient's account is switched off.")
        elif row.channel == Notification.EMAIL and not row.recipient.email:
            batch.skipped(row, "The recipient has no e-mail address.")
        else:
            ready.append(row)
    reasons = _post_checks(ready)
    _prefetch_digests(renderer, ready)
    emails, pushes = [], []
    for row in ready:
        if row.pk in reasons:
            batch.skipped(row, reasons[row.pk])
        elif row.channel == Notification.PUSH:
            pushes.append(row)
        else:
            try:
                message = renderer.email(row)
            except Exception as error:
                logger.exception("Could not write e-mail notification %s", row.pk)
                batch.failed(row, error)
                continue
            if message is None:
                batch.skipped(row, "There is nothing to tell: the item is gone.")
            else:
                emails.append((row, message))
    send_pushes(batch, renderer, pushes)
    send_emails(batch, emails)


def deliver_due(budget=DEFAULT_BUDGET, batch_size=BATCH_SIZE):
    """Send what is due, batch after batch, for at most `budget`. Returns counts per outcome."""
    stats = Counter()
    deadline = time.monotonic() + budget.total_seconds()
    while time.monotonic() < deadline:
        now = timezone.now()
        token, rows = claim_batch(now, batch_size)
        if not rows:
            break
        stats["batches"] += 1
        try:
            deliver_batch(token, rows, now, stats)
        except ServerUnreachable as error:
            logger.warning("Mail server unreachable, notifications wait for the next run: %s", error)
            stats["unreachable"] += 1
            break
        finally:
            # Whatever happened, no row of this batch stays claimed.
            Notification.objects.filter(claim=token).update(claim="", claimed_until=None)
    else:
        stats["budget_used"] += 1
    return dict(stats)


def remaining_due(now=None):
    return due_rows(now or timezone.now()).exists()
