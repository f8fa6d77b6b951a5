"""The school calendar: settings per school, closed days, and the calendar arithmetic."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.schoolcalendar import add_example_holidays
from schoolcalendar import calendar
from schoolcalendar.calendar import NoWorkingMoment, WorkingCalendar
from schoolcalendar.models import ClosedPeriod, SchoolCalendarSettings

AMS = ZoneInfo("Europe/Amsterdam")
D = datetime.date
T = datetime.time


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


# The pure calendar --------------------------------------------------------

DEFAULT = WorkingCalendar()  # Monday-Friday, 08:00-17:00, nothing closed
# 2026-11-20 is a Friday, 2026-11-23 a Monday.


@pytest.mark.parametrize(
    "moment, working",
    [
        (at(2026, 11, 23, 8, 0), True),  # start included
        (at(2026, 11, 23, 16, 59), True),
        (at(2026, 11, 23, 17, 0), False),  # end excluded
        (at(2026, 11, 23, 7, 59), False),
        (at(2026, 11, 21, 10, 0), False),  # Saturday
        (at(2026, 11, 22, 10, 0), False),  # Sunday
    ],
)
def test_is_working_moment_defaults(moment, working):
    assert DEFAULT.is_working_moment(moment) is working


def test_is_working_moment_reads_local_time_of_any_time_zone():
    # 07:30 UTC on a Monday in winter is 08:30 in Amsterdam.
    assert DEFAULT.is_working_moment(datetime.datetime(2026, 11, 23, 7, 30, tzinfo=datetime.UTC))
    assert not DEFAULT.is_working_moment(datetime.datetime(2026, 11, 23, 6, 30, tzinfo=datetime.UTC))


def test_next_working_moment_is_the_same_moment_when_working():
    moment = at(2026, 11, 23, 10, 15)
    assert DEFAULT.next_working_moment(moment) is moment


@pytest.mark.parametrize(
    "moment, expected",
    [
        (at(2026, 11, 23, 22, 0), at(2026, 11, 24, 8, 0)),  # Monday night -> Tuesday
        (at(2026, 11, 23, 6, 0), at(2026, 11, 23, 8, 0)),  # early morning -> same day
        (at(2026, 11, 20, 17, 0), at(2026, 11, 23, 8, 0)),  # Friday at closing -> Monday
        (at(2026, 11, 21, 12, 0), at(2026, 11, 23, 8, 0)),  # Saturday -> Monday
    ],
)
def test_next_working_moment_skips_nights_and_weekends(moment, expected):
    assert DEFAULT.next_working_moment(moment) == expected


def test_next_working_moment_skips_closed_periods():
    christmas = WorkingCalendar(closed=((D(2026, 12, 19), D(2027, 1, 3)),))
    assert christmas.next_working_moment(at(2026, 12, 18, 20, 0)) == at(2027, 1, 4, 8, 0)
    assert not christmas.is_working_moment(at(2026, 12, 21, 10, 0))


def test_next_working_moment_across_daylight_saving_changes():
    # Summer time starts on Sunday 28 March 2027 and ends on Sunday 25 October 2026.
    spring = DEFAULT.next_working_moment(at(2027, 3, 26, 18, 0))
    assert spring == at(2027, 3, 29, 8, 0)
    assert spring.utcoffset() == datetime.timedelta(hours=2)
    autumn = DEFAULT.next_working_moment(at(2026, 10, 23, 18, 0))
    assert autumn == at(2026, 10, 26, 8, 0)
    assert autumn.utcoffset() == datetime.timedelta(hours=1)
    # A Sunday-working school starts at 08:00 on the change day itself.
    every_day = WorkingCalendar(working_days=frozenset(range(1, 8)))
    assert every_day.next_working_moment(at(2027, 3, 27, 20, 0)) == at(2027, 3, 28, 8, 0)


def test_custom_week_and_hours():
    # A school working Monday, Tuesday, Thursday from 07:30 to 15:00.
    cal = WorkingCalendar(working_days=frozenset({1, 2, 4}), start=T(7, 30), end=T(15, 0))
    assert cal.next_working_moment(at(2026, 11, 24, 15, 0)) == at(2026, 11, 26, 7, 30)  # Tue -> Thu
    assert cal.is_working_moment(at(2026, 11, 26, 7, 30))
    assert not cal.is_working_moment(at(2026, 11, 25, 10, 0))  # Wednesday


def test_no_working_moment_raises():
    closed_for_ever = WorkingCalendar(closed=((D(2026, 1, 1), D(2030, 1, 1)),))
    with pytest.raises(NoWorkingMoment):
        closed_for_ever.next_working_moment(at(2026, 11, 23, 10, 0))


def test_school_days_between_excludes_weekends_and_closed_days():
    cal = WorkingCalendar(closed=((D(2026, 12, 19), D(2027, 1, 3)), (D(2026, 12, 16), D(2026, 12, 16))))
    # Mon 14 Dec - Fri 8 Jan: 20 weekdays; 10 in the Christmas holiday, 1 study day.
    assert cal.school_days(D(2026, 12, 14), D(2027, 1, 8))[:4] == [
        D(2026, 12, 14),
        D(2026, 12, 15),
        D(2026, 12, 17),
        D(2026, 12, 18),
    ]
    assert len(cal.school_days(D(2026, 12, 14), D(2027, 1, 8))) == 20 - 10 - 1
    assert cal.school_days(D(2026, 11, 21), D(2026, 11, 21)) == []  # a Saturday
    with pytest.raises(ValueError):
        cal.school_days(D(2026, 11, 24), D(2026, 11, 23))


# Properties of next_working_moment ---------------------------------------

times = st.builds(T, st.integers(5, 22), st.sampled_from([0, 15, 30, 45]))


@st.composite
def calendars(draw):
    start = draw(times)
    end = draw(times.filter(lambda t: t > start))
    days = draw(st.frozensets(st.integers(1, 7), min_size=1))
    closed = []
    for _ in range(draw(st.integers(0, 4))):
        first = draw(st.dates(D(2026, 1, 1), D(2028, 12, 31)))
        closed.append((first, first + datetime.timedelta(days=draw(st.integers(0, 20)))))
    return WorkingCalendar(working_days=days, start=start, end=end, closed=tuple(closed))


# Any instant from 2026 to 2028, DST change nights included; drawn in UTC so
# every value is a real instant.
moments = st.datetimes(
    min_value=datetime.datetime(2026, 1, 1), max_value=datetime.datetime(2028, 12, 1), timezones=st.just(datetime.UTC)
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(cal=calendars(), moment=moments, data=st.data())
def test_next_working_moment_properties(cal, moment, data):
    result = cal.next_working_moment(moment)
    assert cal.is_working_moment(result)
    assert result >= moment
    if result == moment:
        return
    assert not cal.is_working_moment(moment)
    # Nothing in between is a working moment: the result is a day's start, ...
    local_result, local_moment = result.astimezone(AMS), moment.astimezone(AMS)
    assert local_result.time() == cal.start
    # ... every day strictly between is no school day, ...
    day = local_moment.date() + datetime.timedelta(days=1)
    while day < local_result.date():
        assert not cal.is_school_day(day)
        day += datetime.timedelta(days=1)
    # ... the day of `moment` has no working time left after it, ...
    if local_moment.date() < local_result.date() and cal.is_school_day(local_moment.date()):
        assert local_moment.time() >= cal.end
    # ... and sampled instants in between are not working moments either.
    gap = (result - moment) // datetime.timedelta(microseconds=1)
    for offset in data.draw(st.lists(st.integers(0, gap - 1), max_size=5)):
        assert not cal.is_working_moment(moment + datetime.timedelta(microseconds=offset))


@given(cal=calendars(), first=st.dates(D(2026, 1, 1), D(2028, 12, 31)), length=st.integers(0, 60))
def test_school_days_count_matches_is_school_day(cal, first, length):
    last = first + datetime.timedelta(days=length)
    days = cal.school_days(first, last)
    assert all(cal.is_school_day(day) for day in days)
    assert len(days) == sum(cal.is_school_day(first + datetime.timedelta(days=n)) for n in range(length + 1))


# Settings and closed periods in the database ----------------------------


def test_defaults_apply_without_settings_row(world):
    assert not SchoolCalendarSettings.objects.exists()
    assert calendar.is_working_moment(world.school, at(2026, 11, 23, 9, 0))
    assert calendar.next_working_moment(world.school, at(2026, 11, 21, 9, 0)) == at(2026, 11, 23, 8, 0)
    assert not SchoolCalendarSettings.objects.exists(), "reading must not create rows"


def test_for_school_creates_defaults_once(world):
    settings_row = SchoolCalendarSettings.for_school(world.school)
    assert settings_row.working_day_numbers == frozenset({1, 2, 3, 4, 5})
    assert (settings_row.working_hours_start, settings_row.working_hours_end) == (T(8, 0), T(17, 0))
    assert settings_row.school_starts_at == T(8, 30)
    assert SchoolCalendarSettings.for_school(world.school).pk == settings_row.pk


def test_settings_and_closed_days_are_per_school(world):
    SchoolCalendarSettings.objects.create(school=world.school, working_days="1,2,3,4", working_hours_start=T(7, 0))
    ClosedPeriod.objects.create(
        school=world.school,
        name="Studiedag",
        kind=ClosedPeriod.STUDY_DAY,
        first_day=D(2026, 11, 24),
        last_day=D(2026, 11, 24),
    )
    # Friday evening: Windwijzer next works on Monday 07:00, the other school on Monday 08:00.
    friday = at(2026, 11, 20, 18, 0)
    assert calendar.next_working_moment(world.school, friday) == at(2026, 11, 23, 7, 0)
    assert calendar.next_working_moment(world.other_school, friday) == at(2026, 11, 23, 8, 0)
    assert not calendar.is_school_day(world.school, D(2026, 11, 24))
    assert calendar.is_school_day(world.other_school, D(2026, 11, 24))
    # Week of 23 Nov: Windwijzer works Mon-Thu minus the study day = 3; the other school 5.
    assert calendar.school_days_between(world.school, D(2026, 11, 23), D(2026, 11, 29)) == 3
    assert calendar.school_days_between(world.other_school, D(2026, 11, 23), D(2026, 11, 29)) == 5


def test_a_translation_of_the_school_uses_the_same_calendar(world):
    from wagtail.models import Locale

    english = world.school.copy_for_translation(Locale.objects.get(language_code="en"))
    SchoolCalendarSettings.objects.create(school=world.school, working_hours_start=T(9, 0))
    assert calendar.next_working_moment(english, at(2026, 11, 23, 8, 0)) == at(2026, 11, 23, 9, 0)


def test_closed_periods_load_in_one_query_per_call(world, django_assert_max_num_queries):
    for week in range(30):
        first = D(2026, 9, 7) + datetime.timedelta(weeks=week)
        ClosedPeriod.objects.create(school=world.school, name=f"Dicht {week}", first_day=first, last_day=first)
    with django_assert_max_num_queries(2):  # the settings row and the closed periods
        assert calendar.school_days_between(world.school, D(2026, 9, 1), D(2027, 7, 31)) > 100
    with django_assert_max_num_queries(2):
        calendar.next_working_moment(world.school, at(2026, 9, 6, 20, 0))


def test_settings_validation():
    bad = SchoolCalendarSettings(
        working_days="", working_hours_start=T(17, 0), working_hours_end=T(8, 0), school_starts_at=T(3, 0)
    )
    with pytest.raises(ValidationError) as error:
        bad.clean()
    assert set(error.value.message_dict) == {"working_days", "working_hours_end", "school_starts_at"}


def test_closed_period_validation():
    with pytest.raises(ValidationError) as error:
        ClosedPeriod(name="x", first_day=D(2026, 11, 24), last_day=D(2026, 11, 23)).clean()
    assert "last_day" in error.value.message_dict


# The demo helper ------------------------------------------------------------


def test_add_example_holidays_for_region_midden(world):
    created = add_example_holidays(world.school, 2026)
    assert len(created) >= 5
    assert add_example_holidays(world.school, 2026) == []  # idempotent
    kinds = {period.kind for period in created}
    assert ClosedPeriod.HOLIDAY in kinds
    # The autumn, Christmas, spring, May and summer holidays are closed, and
    # every period lies in the school year 2026/2027.
    for day in [D(2026, 10, 21), D(2026, 12, 23), D(2027, 2, 24), D(2027, 4, 28), D(2027, 8, 4)]:
        assert not calendar.is_school_day(world.school, day), day
    assert calendar.is_school_day(world.school, D(2026, 11, 23))
    assert all(D(2026, 8, 1) <= p.first_day <= D(2027, 7, 31) for p in created)
    assert not ClosedPeriod.objects.filter(school=world.other_school).exists()
    with pytest.raises(ValueError):
        add_example_holidays(world.school, 1999)
