"""Notifications: what parents choose, and the outbox of everything to be sent.

* `NotificationPreference`: how a person hears of new posts (e-mail at once,
  a daily or weekly digest, or no e-mail). Push is chosen per device, by
  subscribing the device (the `webapp` app). Leave decisions and replies in
  conversations always come at once, whatever is chosen here.
* `DigestSettings`: per school, when the digests go out (default 18:00, the
  weekly one on Friday). Edited by the school's directors in the admin.
* `Notification`: one row per person, per item, per channel (the outbox).
  Rows are written in the same transaction as what they tell of (a post
  going live, a decision), and delivered by the task worker
  (`notifications.delivery`): retries with growing delays, a limit, and a
  failure state the admin shows. The unique constraint on (recipient,
  channel, dedupe key) makes writing the same notification twice a no-op,
  whatever retries or restarts happen.
* `DigestRun`: one per school, kind of digest and period, so a digest is
  made once however often the sweeper looks.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import SchoolPage
from home.school_settings import SchoolSettings
from schoolcalendar.models import EARLIEST_TIME, LATEST_TIME, WEEKDAY_CHOICES

IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
SITE_ONLY = "none"
POST_CHOICES = [
    (IMMEDIATE, _("An e-mail at once")),
    (DAILY, _("A daily digest")),
    (WEEKLY, _("A weekly digest")),
    (SITE_ONLY, _("No e-mail: I look on the site")),
]

DEFAULT_DIGEST_TIME = datetime.time(18, 0)
DEFAULT_WEEKLY_DAY = 5  # Friday (ISO weekday)


class NotificationPreference(models.Model):
    """How one person hears of new posts. Without a row: an e-mail at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    posts = models.CharField(_("new posts"), max_length=10, choices=POST_CHOICES, default=IMMEDIATE)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} · {self.get_posts_display()}"


class DigestSettings(SchoolSettings):
    """When one school's digests go out. Belongs to the school in the default language."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="digest_settings", verbose_name=_("school")
    )
    digest_time = models.TimeField(
        _("digest time"),
        default=DEFAULT_DIGEST_TIME,
        help_text=_("Parents who chose a digest get it at this time: every day, or once a week."),
    )
    weekly_day = models.PositiveSmallIntegerField(
        _("day of the weekly digest"), choices=WEEKDAY_CHOICES, default=DEFAULT_WEEKLY_DAY
    )

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def clean(self):
        if self.digest_time is not None and not EARLIEST_TIME <= self.digest_time <= LATEST_TIME:
            raise ValidationError(
                {
                    "digest_time": _("Choose a time between %(earliest)s and %(latest)s.")
                    % {"earliest": EARLIEST_TIME.strftime("%H:%M"), "latest": LATEST_TIME.strftime("%H:%M")}
                }
            )


class Notification(models.Model):
    """One thing to tell one person over one channel: a row of the outbox."""

    EMAIL = "email"
    PUSH = "push"
    CHANNEL_CHOICES = [(EMAIL, _("e-mail")), (PUSH, _("push notification"))]

    POST = "post"
    DIGEST = "digest"
    DECISION = "decision"
    ABSENCE = "absence"
    MESSAGE = "message"
    CONSENT = "consent"
    PHOTO_HIDDEN = "photo_hidden"
    FLAG = "flag"
    FLAG_HANDLED = "flag_handled"
    POLICY = "policy"
    KIND_CHOICES = [
        (POST, _("new post")),
        (DIGEST, _("digest")),
        (DECISION, _("decision on a leave request")),
        (ABSENCE, _("absence report")),
        (MESSAGE, _("message in a conversation")),
        (CONSENT, _("request for consent")),
        (PHOTO_HIDDEN, _("photo hidden after consent was withdrawn")),
        (FLAG, _("doubts reported about a post or reaction")),
        (FLAG_HANDLED, _("report handled")),
        (POLICY, _("new policy to read")),
    ]

    # How a row goes out: on its own (when due), or in a digest.
    NOW = "now"
    DELIVERY_CHOICES = [(NOW, _("on its own")), (DAILY, _("in the daily digest")), (WEEKLY, _("in the weekly digest"))]

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BUNDLED = "bundled"
    SKIPPED = "skipped"
    STATUS_CHOICES = [
        (PENDING, _("waiting")),
        (SENT, _("sent")),
        (FAILED, _("failed")),
        (BUNDLED, _("sent in a digest")),
        (SKIPPED, _("not sent")),
    ]

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    delivery = models.CharField(_("delivery"), max_length=10, choices=DELIVERY_CHOICES, default=NOW)
    # The school whose working hours apply, and whose directors see the row
    # in the admin (the school in the default language).
    school = models.ForeignKey(
        SchoolPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    # What it tells of: a post, a leave decision, ... (the default-language
    # page for posts).
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    # For push: the device (webapp.PushSubscription id).
    device_id = models.PositiveBigIntegerField(_("device"), null=True, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    # Quiet hours: False only for urgent school-wide posts and digests.
    waits_for_working_hours = models.BooleanField(_("waits for working hours"), default=True)

    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # A worker that is sending the row holds it until `claimed_until`.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The digest e-mail (itself a Notification) a row went out in.
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items", verbose_name=_("digest")
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel", "dedupe_key"], name="unique_notification"),
        ]
        indexes = [
            models.Index(fields=["status", "delivery", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["school", "delivery", "status"], name="notification_digest"),
            models.Index(fields=["claim"], name="notification_claim"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_channel_display()} · {self.recipient_id}"


class DigestRun(models.Model):
    """One digest of one school for one period: made once (`notifications.digests`)."""

    school = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    frequency = models.CharField(_("digest"), max_length=10, choices=[(DAILY, _("daily")), (WEEKLY, _("weekly"))])
    period = models.DateField(_("period"))
    scheduled_for = models.DateTimeField(_("scheduled for"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    digests = models.PositiveIntegerField(_("digests"), default=0)

    class Meta:
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        constraints = [
            models.UniqueConstraint(fields=["school", "frequency", "period"], name="unique_digest_run"),
        ]

    def __str__(self):
        return f"{self.school} · {self.frequency} · {self.period}"
