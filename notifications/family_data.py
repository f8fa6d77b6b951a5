"""The parent's notification settings and what was sent to them, for the family data export (privacy.registry).

Their choice for new posts, and the outbox's rows for them: what kind of
notice, over which channel, when, and whether it went out (not the texts:
those are written from the items, which the other sections hold).
"""

from django.utils.translation import gettext_lazy as _

from notifications import outbox
from notifications.models import POST_CHOICES, Notification, NotificationPreference
from privacy.registry import Part, moment, register


@register("notifications", _("Your notification settings, and the notifications sent to you"), order=90)
def notifications(family):
    user = family.parent
    preference = NotificationPreference.objects.filter(user=user).first()
    rows = family.at_schools(Notification.objects.filter(recipient=user).select_related("school")).order_by(
        "created_at", "pk"
    )
    return Part(
        {
            "new_posts": str(dict(POST_CHOICES)[outbox.preference_of(user)]),
            "changed_at": moment(preference.updated_at) if preference else None,
            "sent": [
                {
                    "kind": row.get_kind_display(),
                    "channel": row.get_channel_display(),
                    "school": row.school.title if row.school else None,
                    "status": row.get_status_display(),
                    "created_at": moment(row.created_at),
                    "sent_at": moment(row.sent_at),
                }
                for row in rows
            ],
        }
    )
