"""leave.rules: counting school days and the rules of the Leerplichtwet, without a database."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from leave import rules
from leave.rules import Assessment, ChildInfo, Earlier, Policy, Proposal
from schoolcalendar.calendar import WorkingCalendar

D = datetime.date
WEEK = frozenset({1, 2, 3, 4, 5})
ANA = ChildInfo(1, "Ana Kind")
BRAM = ChildInfo(2, "Bram Kind")

# School year 2026/2027: the summer holiday ends on Sunday 30 August 2026, so
# the first school weeks run from Monday 31 August to Sunday 13 September.
SUMMER_2026 = (D(2026, 7, 18), D(2026, 8, 30))
AUTUMN_2026 = (D(2026, 10, 17), D(2026, 10, 25))
CALENDAR = WorkingCalendar(working_days=WEEK, closed=(SUMMER_2026, AUTUMN_2026))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def proposal(
    kind=rules.HOLIDAY, first=D(2027, 5, 10), last=D(2027, 5, 14), children=(ANA,), asked_on=D(2027, 1, 4), reason=""
):
    return Proposal(
        kind=kind, first_day=first, last_day=last, children=tuple(children), asked_on=asked_on, reason=reason
    )


def assess(prop, earlier=(), policy=Policy(), calendar=CALENDAR, **kwargs):
    return rules.assess(prop, calendar, policy, list(earlier), **kwargs)


# Counting school days --------------------------------------------------------


def test_a_plain_week_has_five_school_days_and_a_weekend_none():
    calendar = WorkingCalendar(working_days=WEEK)
    assert rules.count_school_days(calendar, D(2026, 11, 23), D(2026, 11, 29)) == 5
    assert rules.count_school_days(calendar, D(2026, 11, 28), D(2026, 11, 29)) == 0
    assert rules.count_school_days(calendar, D(2026, 11, 23), D(2026, 11, 23)) == 1


def test_holidays_and_closed_days_do_not_count():
    # Autumn holiday 17-25 October 2026: the week of 19-23 October is closed.
    assert rules.count_school_days(CALENDAR, D(2026, 10, 12), D(2026, 10, 30)) == 10
    study_day = WorkingCalendar(working_days=WEEK, closed=((D(2026, 11, 25), D(2026, 11, 25)),))
    assert rules.count_school_days(study_day, D(2026, 11, 23), D(2026, 11, 27)) == 4


def test_a_four_day_school_week_counts_four():
    calendar = WorkingCalendar(working_days=frozenset({1, 2, 4, 5}))
    assert rules.count_school_days(calendar, D(2026, 11, 23), D(2026, 11, 29)) == 4


def test_overlapping_closed_periods_are_not_subtracted_twice():
    calendar = WorkingCalendar(
        working_days=WEEK, closed=((D(2026, 11, 23), D(2026, 11, 25)), (D(2026, 11, 24), D(2026, 11, 26)))
    )
    assert rules.count_school_days(calendar, D(2026, 11, 23), D(2026, 11, 27)) == 1


def test_first_day_after_last_day_is_an_error():
    with pytest.raises(ValueError):
        rules.count_school_days(CALENDAR, D(2026, 11, 24), D(2026, 11, 23))


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2032, 12, 31))
working_days = st.frozensets(st.integers(min_value=1, max_value=7), max_size=7)


@st.composite
def periods(draw):
    first = draw(days)
    return first, first + datetime.timedelta(days=draw(st.integers(min_value=0, max_value=60)))


@st.composite
def calendars(draw):
    return WorkingCalendar(working_days=draw(working_days), closed=tuple(draw(st.lists(periods(), max_size=6))))


@st.composite
def ranges(draw):
    first = draw(days)
    return first, first + datetime.timedelta(days=draw(st.integers(min_value=0, max_value=500)))


@given(calendar=calendars(), period=ranges())
@settings(max_examples=300, deadline=None)
def test_counting_agrees_with_the_school_calendar_day_by_day(calendar, period):
    """The arithmetic count equals schoolcalendar's own, which looks at every day."""
    first, last = period
    assert rules.count_school_days(calendar, first, last) == len(calendar.school_days(first, last))


@given(calendar=calendars(), period=ranges(), split=st.integers(min_value=0, max_value=500))
@settings(max_examples=200, deadline=None)
def test_counting_adds_up_over_a_split_period(calendar, period, split):
    first, last = period
    middle = min(first + datetime.timedelta(days=split), last)
    after = middle + datetime.timedelta(days=1)
    whole = rules.count_school_days(calendar, first, last)
    left = rules.count_school_days(calendar, first, middle)
    right = rules.count_school_days(calendar, after, last) if after <= last else 0
    assert whole == left + right


@given(calendar=calendars(), period=ranges(), extra=periods())
@settings(max_examples=200, deadline=None)
def test_a_closed_period_never_adds_school_days(calendar, period, extra):
    first, last = period
    closed_more = WorkingCalendar(working_days=calendar.working_days, closed=calendar.closed + (extra,))
    count = rules.count_school_days(calendar, first, last)
    assert 0 <= rules.count_school_days(closed_more, first, last) <= count <= (last - first).days + 1


@given(period=ranges())
@settings(max_examples=100, deadline=None)
def test_whole_weeks_hold_five_school_days_each_without_holidays(period):
    first, _last = period
    weeks = ((_last - first).days + 1) // 7
    last = first + datetime.timedelta(days=7 * weeks - 1)
    if weeks:
        assert rules.count_school_days(WorkingCalendar(working_days=WEEK), first, last) == 5 * weeks


# The first school weeks ----------------------------------------------------------


def test_first_school_weeks_start_after_the_summer_holiday():
    assert rules.first_school_weeks(CALENDAR, 2026) == (D(2026, 8, 31), D(2026, 9, 13))


def test_without_a_summer_holiday_the_school_year_starts_on_the_first_working_day_of_august():
    # 1 August 2026 is a Saturday.
    assert rules.first_school_weeks(WorkingCalendar(working_days=WEEK), 2026) == (D(2026, 8, 3), D(2026, 8, 16))


def test_first_school_weeks_starting_midweek_end_on_the_sunday_of_the_next_week():
    calendar = WorkingCalendar(working_days=WEEK, closed=((D(2026, 7, 18), D(2026, 9, 1)),))
    assert rules.first_school_weeks(calendar, 2026) == (D(2026, 9, 2), D(2026, 9, 13))


def test_a_school_that_never_opens_has_no_first_school_weeks():
    assert rules.first_school_weeks(WorkingCalendar(working_days=frozenset()), 2026) is None


# Holiday leave ----------------------------------------------------------------------


def test_holiday_leave_within_the_rules_has_no_problems():
    result = assess(proposal())
    assert result.school_days == 5
    assert result.problems == ()
    assert not result.blocks_approval


def test_holiday_leave_in_the_first_school_weeks_is_refused_by_law():
    result = assess(proposal(first=D(2026, 9, 7), last=D(2026, 9, 11), asked_on=D(2026, 6, 1)))
    assert result.codes() == ["first_school_weeks"]
    assert result.blocks_approval
    assert "first two school weeks" in result.problems[0].message
    assert "31 August 2026 to 13 September 2026" in result.problems[0].message


def test_holiday_leave_of_more_than_ten_school_days_is_refused_by_law():
    result = assess(proposal(first=D(2027, 5, 10), last=D(2027, 5, 24)))
    assert result.school_days == 11
    assert "too_many_days" in result.codes()
    assert result.blocks_approval


def test_holiday_leave_once_per_school_year_counts_pending_at_submission_and_granted_at_decision():
    pending = Earlier(
        child_id=ANA.id,
        kind=rules.HOLIDAY,
        status=rules.SUBMITTED,
        first_day=D(2027, 3, 1),
        last_day=D(2027, 3, 5),
        school_days=5,
    )
    second = proposal(children=(ANA, BRAM))
    at_submission = assess(second, [pending])
    assert at_submission.codes() == ["once_per_school_year"]
    assert "Ana Kind already has holiday leave this school year" in at_submission.problems[0].message
    # Deciding on one of two pending requests is not blocked by the other.
    assert assess(second, [pending], for_decision=True).problems == ()
    granted = Earlier(**{**pending.__dict__, "status": rules.APPROVED})
    assert assess(second, [granted], for_decision=True).codes() == ["once_per_school_year"]
    # Rejected, withdrawn and last school year's leave do not count.
    for other in (
        Earlier(**{**pending.__dict__, "status": rules.REJECTED}),
        Earlier(**{**pending.__dict__, "status": rules.WITHDRAWN}),
        Earlier(
            **{**pending.__dict__, "status": rules.APPROVED, "first_day": D(2026, 3, 2), "last_day": D(2026, 3, 6)}
        ),
    ):
        assert assess(second, [other]).problems == (), other


def test_late_holiday_leave_is_the_schools_guidance_not_the_law():
    result = assess(proposal(asked_on=D(2027, 4, 1)))
    assert result.codes() == ["holiday_notice"]
    assert not result.blocks_approval
    assert "at least 8 weeks ahead" in result.problems[0].message
    assert "by 15 March 2027" in result.problems[0].message
    # A school with a shorter notice period has no problem with it.
    assert assess(proposal(asked_on=D(2027, 4, 1)), policy=Policy(holiday_notice_weeks=4)).problems == ()


# Important circumstances ------------------------------------------------------------


def important(first=D(2027, 5, 10), last=D(2027, 5, 10), reason=rules.WEDDING, children=(ANA,), asked_on=D(2027, 5, 1)):
    return proposal(kind=rules.IMPORTANT, first=first, last=last, reason=reason, children=children, asked_on=asked_on)


def granted_important(child, days, status=rules.APPROVED):
    return Earlier(
        child_id=child.id,
        kind=rules.IMPORTANT,
        status=status,
        first_day=D(2027, 2, 1),
        last_day=D(2027, 2, 12),
        school_days=days,
    )


def test_important_circumstances_up_to_ten_days_are_for_the_director():
    result = assess(important(), [granted_important(ANA, 9)])
    assert not result.needs_attendance_officer
    assert result.important_days_granted == {ANA.id: 9}
    assert not result.blocks_approval


def test_important_circumstances_beyond_ten_days_go_to_the_attendance_officer():
    result = assess(important(children=(ANA, BRAM), last=D(2027, 5, 11)), [granted_important(ANA, 9)])
    assert result.needs_attendance_officer
    assert "attendance_officer" in result.codes()
    message = next(p.message for p in result.problems if p.code == "attendance_officer")
    assert "Ana Kind would be away 11 school days" in message
    assert result.blocks_approval
    assert "forward it" in rules.refusal(rules.APPROVE, rules.IMPORTANT, rules.SUBMITTED, result)
    assert rules.refusal(rules.FORWARD, rules.IMPORTANT, rules.SUBMITTED, result) is None


def test_only_granted_important_circumstances_count_towards_ten_days():
    for status in (rules.SUBMITTED, rules.REJECTED, rules.FORWARDED, rules.WITHDRAWN):
        assert not assess(important(), [granted_important(ANA, 10, status)]).needs_attendance_officer, status


def test_a_single_request_of_more_than_ten_days_goes_to_the_attendance_officer():
    result = assess(important(first=D(2027, 5, 10), last=D(2027, 5, 24), reason=rules.SERIOUS_ILLNESS))
    assert result.needs_attendance_officer
    assert "covers 11 school days for Ana Kind" in result.problems[0].message


def test_a_request_afterwards_must_come_within_two_days():
    assert assess(important(asked_on=D(2027, 5, 12))).problems == ()
    late = assess(important(asked_on=D(2027, 5, 13)))
    assert late.codes() == ["late"]
    assert not late.blocks_approval


def test_more_days_than_usual_for_the_reason_is_guidance():
    result = assess(important(reason=rules.MOVING, last=D(2027, 5, 11)))
    assert result.codes() == ["usual_maximum"]
    assert "usually give at most 1 school day" in result.problems[0].message
    assert assess(important(reason=rules.OTHER, last=D(2027, 5, 14))).problems == ()


# Religious obligations ----------------------------------------------------------------


def religious(first=D(2027, 3, 10), asked_on=D(2027, 3, 1)):
    return proposal(kind=rules.RELIGIOUS, first=first, last=first, asked_on=asked_on)


def test_religious_obligation_is_announced_ahead_and_only_acknowledged():
    result = assess(religious())
    assert result.problems == ()
    assert rules.refusal(rules.ACKNOWLEDGE, rules.RELIGIOUS, rules.SUBMITTED, result) is None
    for action in (rules.APPROVE, rules.REJECT, rules.FORWARD):
        assert "notification" in rules.refusal(action, rules.RELIGIOUS, rules.SUBMITTED, result)


def test_religious_obligation_told_too_late_is_guidance():
    result = assess(religious(asked_on=D(2027, 3, 9)))
    assert result.codes() == ["religious_notice"]
    assert not result.blocks_approval
    assert assess(religious(asked_on=D(2027, 3, 9)), policy=Policy(religious_notice_days=1)).problems == ()


# Overlap, and what the director may do ---------------------------------------------------


def test_other_leave_on_the_same_days_is_mentioned():
    other = Earlier(
        child_id=BRAM.id,
        kind=rules.IMPORTANT,
        status=rules.APPROVED,
        first_day=D(2027, 5, 14),
        last_day=D(2027, 5, 14),
        school_days=1,
    )
    result = assess(proposal(children=(ANA, BRAM)), [other])
    assert result.codes() == ["overlap"]
    assert "Bram Kind already has a leave request for some of these days" in result.problems[0].message


def test_decided_requests_take_no_more_actions():
    clean = Assessment(school_days=3)
    for status in (rules.APPROVED, rules.REJECTED, rules.FORWARDED, rules.ACKNOWLEDGED, rules.WITHDRAWN):
        for action in (rules.APPROVE, rules.REJECT, rules.FORWARD, rules.ACKNOWLEDGE):
            assert rules.refusal(action, rules.HOLIDAY, status, clean), (status, action)


def test_holiday_leave_is_approved_or_rejected_never_forwarded_or_acknowledged():
    clean = Assessment(school_days=3)
    assert rules.refusal(rules.APPROVE, rules.HOLIDAY, rules.SUBMITTED, clean) is None
    assert rules.refusal(rules.REJECT, rules.HOLIDAY, rules.SUBMITTED, clean) is None
    assert rules.refusal(rules.FORWARD, rules.HOLIDAY, rules.SUBMITTED, clean)
    assert rules.refusal(rules.ACKNOWLEDGE, rules.HOLIDAY, rules.SUBMITTED, clean)


def test_approval_against_the_law_is_refused_with_the_reason():
    result = assess(proposal(first=D(2026, 9, 7), last=D(2026, 9, 11), asked_on=D(2026, 6, 1)))
    refusal = rules.refusal(rules.APPROVE, rules.HOLIDAY, rules.SUBMITTED, result)
    assert "The law does not allow this leave" in refusal and "first two school weeks" in refusal
    assert rules.refusal(rules.REJECT, rules.HOLIDAY, rules.SUBMITTED, result) is None


def test_forwarding_needs_the_attendance_officers_address():
    result = Assessment(school_days=12, needs_attendance_officer=True)
    assert "e-mail address" in rules.refusal(
        rules.FORWARD, rules.IMPORTANT, rules.SUBMITTED, result, officer_known=False
    )


def test_problems_are_explained_in_dutch_too():
    with translation.override("nl"):
        result = assess(proposal(first=D(2026, 9, 7), last=D(2026, 9, 11), asked_on=D(2026, 6, 1)))
    assert "31 augustus 2026" in result.problems[0].message


@given(
    kind=st.sampled_from([rules.HOLIDAY, rules.IMPORTANT, rules.RELIGIOUS]),
    reason=st.sampled_from([choice for choice, _label in rules.REASON_CHOICES]),
    first=st.dates(min_value=D(2026, 8, 1), max_value=D(2027, 7, 1)),
    length=st.integers(min_value=0, max_value=30),
    asked_ahead=st.integers(min_value=-40, max_value=400),
    earlier=st.lists(
        st.builds(
            Earlier,
            child_id=st.sampled_from([ANA.id, BRAM.id]),
            kind=st.sampled_from([rules.HOLIDAY, rules.IMPORTANT, rules.RELIGIOUS]),
            status=st.sampled_from([choice for choice, _label in rules.STATUS_CHOICES]),
            first_day=st.dates(min_value=D(2026, 8, 1), max_value=D(2027, 7, 31)),
            last_day=st.just(D(2027, 7, 31)),
            school_days=st.integers(min_value=0, max_value=15),
        ),
        max_size=5,
    ),
)
@settings(max_examples=200, deadline=None)
def test_assessment_is_consistent_for_any_proposal(kind, reason, first, length, asked_ahead, earlier):
    last = min(first + datetime.timedelta(days=length), D(2027, 7, 31))
    prop = proposal(
        kind=kind,
        first=first,
        last=last,
        children=(ANA, BRAM),
        asked_on=first - datetime.timedelta(days=asked_ahead),
        reason=reason,
    )
    result = assess(prop, earlier)
    assert result.school_days == len(CALENDAR.school_days(first, last))
    if kind == rules.HOLIDAY and result.school_days > rules.MAX_SCHOOL_DAYS:
        assert result.blocks_approval
    if kind == rules.IMPORTANT and result.school_days > rules.MAX_SCHOOL_DAYS:
        assert result.needs_attendance_officer
    if result.needs_attendance_officer or result.blocks_approval:
        assert rules.refusal(rules.APPROVE, kind, rules.SUBMITTED, result)
    assert all(problem.message for problem in result.problems)
