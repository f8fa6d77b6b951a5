"""How long the outbox keeps what it sent: days after a notification was written (90 unless set otherwise).

Registered with the retention mechanism (`retention.registry`). A row of
the outbox says who was told what, when, and why it failed (the mail
server's answer, which may name the address). Rows that are finished
(sent, sent in a digest, not sent, failed) are deleted after the period;
rows still waiting are never. Announcements of posts stay: their row is
what keeps a post that is published again (a correction, months later)
from being announced to its parents a second time; they go with the
parent's account.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from retention.registry import DELETE, Rule, delete_all, register

FINISHED = [Notification.SENT, Notification.BUNDLED, Notification.SKIPPED, Notification.FAILED]


def due(school, days, moment):
    return Notification.objects.filter(
        school=school, status__in=FINISHED, created_at__lt=moment - datetime.timedelta(days=days)
    ).exclude(kind=Notification.POST)


def expires(notification, days):
    return timezone.localtime(notification.created_at + datetime.timedelta(days=days)).date()


def describe(notification):
    return gettext("%(kind)s by %(channel)s, %(day)s") % {
        "kind": notification.get_kind_display(),
        "channel": notification.get_channel_display(),
        "day": formats.date_format(timezone.localtime(notification.created_at).date(), "j F Y"),
    }


register(
    Rule(
        key="notifications.outbox",
        label=_("Sent notifications"),
        setting="outbox_days",
        action=DELETE,
        due=due,
        expires=expires,
        describe=describe,
        apply=delete_all,
        order=70,
    )
)
