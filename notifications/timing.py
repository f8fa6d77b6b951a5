"""Quiet hours: which school a notification belongs to, and when it may go out.

Nothing goes out outside the school's working hours (its school calendar);
a row waits for the school's next working moment. Kept apart from the
outbox so that delivery, which the outbox's tasks run, can use it too.
"""

import logging

from django.utils import timezone

from home.models import SchoolPage
from home.schools import default_school, school_of_page
from schoolcalendar.calendar import NoWorkingMoment, WorkingCalendar, load

logger = logging.getLogger(__name__)


def school_of_item(item):
    """The school an item belongs to: its `school` attribute, or the school of a page."""
    school = getattr(item, "school", None)
    if isinstance(school, SchoolPage):
        return default_school(school)
    return school_of_page(item)


class Calendars:
    """The working calendars of schools, each loaded once (for a batch of rows)."""

    def __init__(self, now=None):
        self.day = timezone.localdate(now or timezone.now())
        self._loaded = {}

    def of(self, school):
        if school is None:
            return WorkingCalendar()  # no school known: the default week and hours
        key = getattr(school, "pk", school)
        if key not in self._loaded:
            school_page = school if isinstance(school, SchoolPage) else SchoolPage.objects.get(pk=key)
            self._loaded[key] = load(school_page, self.day)
        return self._loaded[key]

    def next_moment(self, school, moment):
        """`moment` if the school works then, else its next working moment (or `moment` if it has none)."""
        try:
            return self.of(school).next_working_moment(moment)
        except NoWorkingMoment:
            logger.warning("School %s has no working day ahead; a notification goes out without waiting.", school)
            return moment

    def is_working(self, school, moment):
        return self.of(school).is_working_moment(moment)


def due_moment(school, now, waits=True, calendars=None):
    """When a row written `now` may go out: now, or the school's next working moment."""
    if not waits:
        return now
    return (calendars or Calendars(now)).next_moment(school, now)
