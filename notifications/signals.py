"""A post going live writes its notifications, in the same transaction.

Every publication of a page, in the editor, by a workflow approval or by
scheduled publishing (`publish_scheduled`, which the working-hours rule of
`schoolcalendar.publishing` relies on), runs Wagtail's
`PublishPageRevisionAction`, which sends `page_published`. Wagtail does not
wrap that action in a transaction, so `install()` does (once, at start-up):
the page going live and its notification rows are committed together.

Only the first time a post goes live counts (`first_published_at` is set
then), so editing a live post tells nobody again; a translation going live
later adds nothing either (the rows' dedupe key is the same for every
translation of a post). Code that builds content rather than announcing
it (the demo seed, test fixtures: inside
`schoolcalendar.publishing.without_working_hours()`) tells nobody.
"""

import logging

from django.db import transaction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from notifications.outbox import notify_post
from schoolcalendar.publishing import building_content

logger = logging.getLogger(__name__)


def post_published(sender, instance, revision=None, **kwargs):
    """Connected to `page_published` of posts by the news app (news.notices), which this app does not know."""
    if building_content():
        return  # the demo seed, test fixtures: content built by code is not announced
    if not instance.live:
        return  # scheduled for later: Wagtail sends the signal again when it goes live
    if instance.first_published_at is None or instance.first_published_at != instance.last_published_at:
        return  # published before: its parents were told then
    notify_post(instance)


def install():
    """Make Wagtail's page publish action atomic (see the module docstring)."""
    if getattr(PublishPageRevisionAction, "_notifications_atomic", False):
        return
    wagtail_execute = PublishPageRevisionAction.execute

    def execute(self, *args, **kwargs):
        with transaction.atomic():
            return wagtail_execute(self, *args, **kwargs)

    execute.__doc__ = wagtail_execute.__doc__
    PublishPageRevisionAction.execute = execute
    PublishPageRevisionAction._notifications_atomic = True


def connect():
    install()
