"""When is a school working? Pure date arithmetic on one school's calendar.

Every function takes a school (a `home.SchoolPage`, any translation) or a
`WorkingCalendar` already loaded with `load()`. Given a school, each call
loads the calendar with two queries (the settings row and the closed periods
that matter), never one per day; a caller that asks many questions about the
same school loads once and passes the `WorkingCalendar`.

Times are wall-clock times of the site's time zone (Europe/Amsterdam). A
moment is a working moment when its local day is a working weekday, the
school is not closed that day, and its local time lies in [start, end).
Daylight saving time changes happen at night, outside the hours a school may
set (`models.EARLIEST_TIME` to `models.LATEST_TIME`), so "the start of a working day"
always exists exactly once on the clock.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from schoolcalendar.models import (
    DEFAULT_SCHOOL_STARTS_AT,
    DEFAULT_WORKING_DAYS,
    DEFAULT_WORKING_HOURS_END,
    DEFAULT_WORKING_HOURS_START,
    ClosedPeriod,
    SchoolCalendarSettings,
    parse_working_days,
)

# How far ahead next_working_moment looks before giving up: a school closed
# for longer than this has no next working moment worth scheduling for.
SEARCH_DAYS = 2 * 366


class NoWorkingMoment(ValueError):
    """The school has no working day within SEARCH_DAYS."""


@dataclass(frozen=True)
class WorkingCalendar:
    """One school's week and closed days, detached from the database."""

    working_days: frozenset = parse_working_days(DEFAULT_WORKING_DAYS)  # ISO weekdays, Monday is 1
    start: datetime.time = DEFAULT_WORKING_HOURS_START
    end: datetime.time = DEFAULT_WORKING_HOURS_END
    school_starts_at: datetime.time = DEFAULT_SCHOOL_STARTS_AT
    closed: tuple = ()  # ((first_day, last_day), ...), both days included

    def is_closed(self, day):
        return any(first <= day <= last for first, last in self.closed)

    def is_school_day(self, day):
        return day.isoweekday() in self.working_days and not self.is_closed(day)

    def is_working_moment(self, moment):
        local = timezone.localtime(moment)
        return self.start <= local.time() < self.end and self.is_school_day(local.date())

    def day_start(self, day):
        """The aware moment the working hours of `day` begin."""
        naive = datetime.datetime.combine(day, self.start)
        return timezone.localtime(timezone.make_aware(naive))

    def next_working_moment(self, moment):
        if self.is_working_moment(moment):
            return moment
        local = timezone.localtime(moment)
        day = local.date()
        if local.time() < self.start and self.is_school_day(day):
            return self.day_start(day)
        for _offset in range(SEARCH_DAYS):
            day += datetime.timedelta(days=1)
            if self.is_school_day(day):
                return self.day_start(day)
        raise NoWorkingMoment(f"no working day within {SEARCH_DAYS} days after {local:%Y-%m-%d}")

    def school_days(self, first_day, last_day):
        """Every school day from first_day to last_day, both included."""
        if first_day > last_day:
            raise ValueError("first_day is after last_day")
        days = []
        day = first_day
        while day <= last_day:
            if self.is_school_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days


def load(school, from_day=None, to_day=None):
    """The school's WorkingCalendar, with the closed periods that touch [from_day, to_day].

    Settings and closed periods belong to the school in the default language;
    any translation of it finds them by translation key. Without a settings
    row the defaults apply (nothing is written here: reading is side-effect free).
    """
    if isinstance(school, WorkingCalendar):
        return school
    key = school.translation_key
    settings = SchoolCalendarSettings.objects.filter(school__translation_key=key).order_by("pk").first()
    periods = ClosedPeriod.objects.filter(school__translation_key=key)
    if from_day is not None:
        periods = periods.filter(last_day__gte=from_day)
    if to_day is not None:
        periods = periods.filter(first_day__lte=to_day)
    closed = tuple(periods.order_by("first_day").values_list("first_day", "last_day"))
    if settings is None:
        return WorkingCalendar(closed=closed)
    return WorkingCalendar(
        working_days=settings.working_day_numbers,
        start=settings.working_hours_start,
        end=settings.working_hours_end,
        school_starts_at=settings.school_starts_at,
        closed=closed,
    )


def _calendar(school, from_day=None, to_day=None):
    return school if isinstance(school, WorkingCalendar) else load(school, from_day, to_day)


def is_working_moment(school, aware_dt):
    """Is the school working at this moment (a working day, not closed, within working hours)?"""
    day = timezone.localtime(aware_dt).date()
    return _calendar(school, day, day).is_working_moment(aware_dt)


def next_working_moment(school, aware_dt):
    """`aware_dt` itself if the school is working then; else the start of the next school day.

    Raises NoWorkingMoment when the school is closed for more than SEARCH_DAYS.
    """
    return _calendar(school, timezone.localtime(aware_dt).date()).next_working_moment(aware_dt)


def is_school_day(school, day):
    """Is `day` a working weekday on which the school is not closed?"""
    return _calendar(school, day, day).is_school_day(day)


def school_days(school, first_day, last_day):
    """The school days from first_day to last_day (both included), as a list of dates."""
    return _calendar(school, first_day, last_day).school_days(first_day, last_day)


def school_days_between(school, first_day, last_day):
    """How many school days lie from first_day to last_day, both included.

    Days that are not working days (weekends), holidays and other closed days
    do not count. Raises ValueError when first_day is after last_day.
    """
    return len(school_days(school, first_day, last_day))
