"""Posts go out during working hours: publishing outside them is scheduled instead.

A page model opts in with a class attribute::

    class PostPage(Page):
        respects_working_hours = True

When such a page is published outside its school's working hours, Wagtail
schedules the publication for the school's next working moment instead of
making the page live: its `go_live_at` is set to that moment, and Wagtail's
own scheduling takes over (the revision's `approved_go_live_at`, published by
`schoolcalendar.tasks.publish_scheduled_pages`). A page published during
working hours goes live at once; a later `go_live_at` chosen by the editor is
kept (moved to a working moment if it falls outside working hours).
An urgent page (`is_urgent` is True: a director's urgent school-wide post)
goes live at once, whatever the time.

Where this happens, and why there
---------------------------------
Every publication of a page passes through
`PublishPageRevisionAction._publish_revision`: the page editor (publish and
create) builds that action directly, and `Page.publish` (used by workflow
approval, bulk publishing, reverting, the API and scheduled publishing) does
too. That method is also where Wagtail decides between "live now" and
"scheduled" from `go_live_at`. Wagtail offers no hook at this point (the
`before_publish_page` hook runs only in the editor, not when a director
approves a workflow task), so `install()` wraps that one method once, at
start-up. The wrapper only moves `go_live_at`; Wagtail does the rest.

The editor is told when the page will appear by the hooks in
`schoolcalendar.wagtail_hooks`, which read `last_deferral()`.
"""

import contextlib
import contextvars
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from access.rules import SCHOOL_PATH_LENGTH
from home.models import SchoolPage
from schoolcalendar.calendar import NoWorkingMoment, next_working_moment

logger = logging.getLogger(__name__)

OPT_IN_ATTRIBUTE = "respects_working_hours"

# (page id, moment) of the most recent publication in this context that was
# moved to working hours, or None. Set on every publication, so a value never
# outlives the request (or task) that published.
_deferral = contextvars.ContextVar("schoolcalendar_deferral", default=None)
# True inside `without_working_hours()`.
_suspended = contextvars.ContextVar("schoolcalendar_suspended", default=False)


@contextlib.contextmanager
def without_working_hours():
    """Publish at once inside this block, whatever the time.

    For code that builds content rather than announcing it: the demo seed
    and test fixtures, which run at any hour and need live pages.
    """
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def building_content():
    """Are we inside `without_working_hours()`? Such code builds content and announces nothing
    (no notifications to parents either: `notifications.signals`)."""
    return _suspended.get()


def respects_working_hours(page):
    """Has the page's model opted in (class attribute `respects_working_hours = True`)?"""
    return getattr(type(page), OPT_IN_ATTRIBUTE, False) is True


def school_of(page):
    """The school page a page sits in (same locale), or None."""
    path = getattr(page, "path", None)
    if not path or len(path) < SCHOOL_PATH_LENGTH:
        return None
    return SchoolPage.objects.filter(path=path[:SCHOOL_PATH_LENGTH]).first()


def publication_moment(page, now=None):
    """When may this page go live? A moment later than `now`, or None for "now".

    None also for pages that have not opted in, pages outside a school, and a
    school with no working day in sight (then Wagtail's own rules apply).
    """
    if not respects_working_hours(page) or _suspended.get() or getattr(page, "is_urgent", False) is True:
        return None
    school = school_of(page)
    if school is None:
        return None
    now = now or timezone.now()
    wanted = max(now, page.go_live_at) if page.go_live_at else now
    try:
        moment = next_working_moment(school, wanted)
    except NoWorkingMoment:
        logger.warning("School %s has no working day ahead; publishing %s without delay", school.pk, page.pk)
        return None
    return moment if moment > now else None


def defer_to_working_hours(revision, page):
    """Move the page's go_live_at to the next working moment when needed.

    Returns the new moment, or None when the page's own go_live_at (or "now")
    already is a working moment.

    The revision's content is updated as well, so the editor's form and the
    revision history show the moment the page will go live.
    """
    moment = publication_moment(page)
    if moment is None or (page.go_live_at is not None and page.go_live_at >= moment):
        _deferral.set(None)
        return None
    page.go_live_at = moment
    revision.content["go_live_at"] = DjangoJSONEncoder().default(moment)
    revision.save(update_fields=["content"])
    _deferral.set((page.pk, moment))
    return moment


def last_deferral(page):
    """The moment the most recent publication of `page` in this request was moved to, or None."""
    value = _deferral.get()
    if value is None or value[0] != page.pk:
        return None
    return value[1]


def forget_deferral():
    _deferral.set(None)


def install():
    """Wrap Wagtail's page publish action once (see the module docstring)."""
    if getattr(PublishPageRevisionAction, "_schoolcalendar_installed", False):
        return
    wagtail_publish_revision = PublishPageRevisionAction._publish_revision

    def _publish_revision(self, revision, object, *args, **kwargs):
        defer_to_working_hours(revision, object)
        return wagtail_publish_revision(self, revision, object, *args, **kwargs)

    _publish_revision.__doc__ = wagtail_publish_revision.__doc__
    PublishPageRevisionAction._publish_revision = _publish_revision
    PublishPageRevisionAction._schoolcalendar_installed = True
