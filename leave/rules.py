"""The rules of leave from school, as pure functions: no database, no requests.

Dutch law (Leerplichtwet 1969) and the school's own policy decide whether a
leave request can be granted. Everything here works on plain values: a
`WorkingCalendar` (schoolcalendar.calendar, already loaded), a `Policy` (the
school's leave settings), the `Proposal` itself and the `Earlier` leave of the
same children. `leave.services` loads those from the database; the page and
the director's review queue show the `Problem`s in plain words.

The kinds of leave
------------------
* Holiday leave (vakantieverlof, Lpw art. 13a): at most once per school year
  per child, at most 10 school days, never in the first two school weeks of
  the school year, asked at least the school's notice period ahead (8 weeks
  unless the school sets otherwise). The director decides.
* Important circumstances (gewichtige omstandigheden, Lpw art. 14): the
  director decides up to 10 school days per school year in total (this
  request plus those granted before); beyond that the attendance officer
  (leerplichtambtenaar) decides, so the director forwards the request with
  advice. A request afterwards counts when the reason is given within 2 days
  after the leave began.
* Religious obligation (Lpw art. 13): a notification the director
  acknowledges, not a request that is approved or refused; the school asks
  for it a number of days ahead (2 unless the school sets otherwise).

Problems come in two weights. Those with `blocks_approval` are the law's
limits: the director cannot approve the request (and the review queue says
why). The others are the school's guidance (notice periods, usual numbers of
days): the parent is told, the director weighs them.

Counting, at submission and at decision
---------------------------------------
When a parent submits, holiday leave granted *or still pending* this school
year counts against "once per school year", so a second request is flagged
at once. When the director decides, only leave already granted counts, so
deciding the first of two pending requests is not blocked by the second.
Important circumstances always count the school days granted before.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from classes.schoolyear import school_year_bounds, school_year_of

# Kinds --------------------------------------------------------------------

HOLIDAY = "holiday"
IMPORTANT = "important"
RELIGIOUS = "religious"
KIND_CHOICES = [
    (HOLIDAY, gettext_lazy("Holiday leave")),
    (IMPORTANT, gettext_lazy("Important circumstances")),
    (RELIGIOUS, gettext_lazy("Religious obligation")),
]

# Reasons for important circumstances, with the number of school days schools
# usually give for them (guidance, not law; None: no usual number).
MOVING = "moving"
WEDDING = "wedding"
DEATH_FIRST = "death_1"
DEATH_SECOND = "death_2"
DEATH_THIRD_FOURTH = "death_3_4"
JUBILEE = "jubilee"
SERIOUS_ILLNESS = "illness"
OTHER = "other"
REASON_CHOICES = [
    (MOVING, gettext_lazy("Moving house")),
    (WEDDING, gettext_lazy("Wedding of a relative (up to the 3rd degree)")),
    (DEATH_FIRST, gettext_lazy("Death of a relative in the 1st degree (parent, child)")),
    (DEATH_SECOND, gettext_lazy("Death of a relative in the 2nd degree (grandparent, brother, sister)")),
    (DEATH_THIRD_FOURTH, gettext_lazy("Death of a relative in the 3rd or 4th degree (uncle, aunt, cousin)")),
    (JUBILEE, gettext_lazy("Jubilee of parents or grandparents (12.5, 25, 40, 50 or 60 years)")),
    (SERIOUS_ILLNESS, gettext_lazy("Serious illness of a relative")),
    (OTHER, pgettext_lazy("leave reason", "Other (explain below)")),
]
USUAL_MAXIMUM_DAYS = {
    MOVING: 1,
    WEDDING: 2,
    DEATH_FIRST: 5,
    DEATH_SECOND: 2,
    DEATH_THIRD_FOURTH: 1,
    JUBILEE: 1,
    SERIOUS_ILLNESS: 10,
    OTHER: None,
}

# Statuses -----------------------------------------------------------------

SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"
FORWARDED = "forwarded"
ACKNOWLEDGED = "acknowledged"
WITHDRAWN = "withdrawn"
STATUS_CHOICES = [
    (SUBMITTED, gettext_lazy("Submitted, waiting for the director")),
    (APPROVED, gettext_lazy("Approved")),
    (REJECTED, gettext_lazy("Rejected")),
    (FORWARDED, gettext_lazy("Forwarded to the attendance officer")),
    (ACKNOWLEDGED, gettext_lazy("Acknowledged")),
    (WITHDRAWN, gettext_lazy("Withdrawn")),
]
PENDING = frozenset({SUBMITTED})
# Leave that takes place: granted, or (religious) acknowledged.
GRANTED = frozenset({APPROVED, ACKNOWLEDGED})

# The director's actions, and the status each one leads to.
APPROVE = "approve"
REJECT = "reject"
FORWARD = "forward"
ACKNOWLEDGE = "acknowledge"
WITHDRAW = "withdraw"
RESULT_OF_ACTION = {
    APPROVE: APPROVED,
    REJECT: REJECTED,
    FORWARD: FORWARDED,
    ACKNOWLEDGE: ACKNOWLEDGED,
    WITHDRAW: WITHDRAWN,
}
# Actions that need written grounds (a decision must state them; forwarding
# carries the director's advice to the attendance officer).
GROUNDS_REQUIRED = frozenset({APPROVE, REJECT, FORWARD})
# Actions that are formal decisions, open to objection (bezwaar) within 6 weeks.
DECISIONS = frozenset({APPROVE, REJECT})
OBJECTION_WEEKS = 6

# Limits of the law ----------------------------------------------------------

MAX_SCHOOL_DAYS = 10  # Lpw 13a: holiday leave; Lpw 14: what the director may decide
FIRST_SCHOOL_WEEKS = 2  # Lpw 13a: no holiday leave in the first two school weeks
LATE_REQUEST_DAYS = 2  # Lpw 14: a request afterwards within 2 days after the event

# How far the first school day of a school year is looked for after 1 August.
FIRST_SCHOOL_DAY_SEARCH_DAYS = 120


# Inputs -------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The school's own leave policy (leave.models.LeaveSettings)."""

    holiday_notice_weeks: int = 8
    religious_notice_days: int = 2


@dataclass(frozen=True)
class ChildInfo:
    id: int
    name: str


@dataclass(frozen=True)
class Earlier:
    """Another leave request of one of the children (never the one being assessed)."""

    child_id: int
    kind: str
    status: str
    first_day: datetime.date
    last_day: datetime.date
    school_days: int


@dataclass(frozen=True)
class Proposal:
    kind: str
    first_day: datetime.date
    last_day: datetime.date
    children: tuple  # of ChildInfo
    asked_on: datetime.date  # the day the parent submitted (or submits) it
    reason: str = ""  # for important circumstances: one of REASON_CHOICES


# Outputs ------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    blocks_approval: bool = False


@dataclass(frozen=True)
class Assessment:
    school_days: int
    problems: tuple = ()
    # Important circumstances beyond 10 school days this school year: the
    # attendance officer decides, the director forwards.
    needs_attendance_officer: bool = False
    # {child id: school days of important circumstances granted before this one}
    important_days_granted: dict = field(default_factory=dict)

    @property
    def blocks_approval(self):
        return any(problem.blocks_approval for problem in self.problems)

    def codes(self):
        return [problem.code for problem in self.problems]


# Counting school days -------------------------------------------------------


def _weekdays_in(working_days, first_day, last_day):
    """How many days from first_day to last_day (included) fall on one of `working_days`."""
    days = (last_day - first_day).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * len(working_days)
    weekday = first_day.isoweekday()
    for offset in range(rest):
        if (weekday - 1 + offset) % 7 + 1 in working_days:
            count += 1
    return count


def _merged_closed(closed, first_day, last_day):
    """The closed periods clipped to [first_day, last_day], overlapping or touching ones merged."""
    clipped = sorted(
        (max(start, first_day), min(end, last_day)) for start, end in closed if start <= last_day and end >= first_day
    )
    merged = []
    for start, end in clipped:
        if merged and (start - merged[-1][1]).days <= 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def count_school_days(calendar, first_day, last_day):
    """The number of school days from first_day to last_day, both included.

    Days that are not working days of the school (weekends), and days in
    one of its closed periods (holidays, public holidays, study days) do not
    count. The same answer as `schoolcalendar.calendar.school_days_between`,
    computed per week and per closed period rather than per day, so a long
    or absurd period costs no more than a short one. Raises ValueError when
    first_day is after last_day.
    """
    if first_day > last_day:
        raise ValueError("first_day is after last_day")
    working_days = frozenset(calendar.working_days)
    total = _weekdays_in(working_days, first_day, last_day)
    for start, end in _merged_closed(calendar.closed, first_day, last_day):
        total -= _weekdays_in(working_days, start, end)
    return total


def first_school_weeks(calendar, school_year):
    """(first day, last day) of the first two school weeks of a school year, or None.

    They begin on the first school day on or after 1 August (after the
    summer holiday the school entered as closed) and end on the Sunday of the
    week after: the week of the first school day and the next one.
    None when the school has no school day within the first
    FIRST_SCHOOL_DAY_SEARCH_DAYS days of the school year.
    """
    day, _last = school_year_bounds(school_year)
    for _offset in range(FIRST_SCHOOL_DAY_SEARCH_DAYS):
        if calendar.is_school_day(day):
            monday = day - datetime.timedelta(days=day.isoweekday() - 1)
            return day, monday + datetime.timedelta(days=7 * FIRST_SCHOOL_WEEKS - 1)
        day += datetime.timedelta(days=1)
    return None


def calendar_range(first_day, last_day):
    """The days a calendar must cover to assess leave from first_day to last_day.

    From 1 August of the school year (to find its first school weeks) up to
    the last day, and at least as far as the first school weeks can lie.
    """
    start, _end = school_year_bounds(school_year_of(first_day))
    return start, max(last_day, start + datetime.timedelta(days=FIRST_SCHOOL_DAY_SEARCH_DAYS))


def holiday_notice_deadline(first_day, policy):
    """The last day holiday leave from `first_day` can be asked for, under the school's notice period."""
    return first_day - datetime.timedelta(weeks=policy.holiday_notice_weeks)


def spans_school_years(first_day, last_day):
    return school_year_of(first_day) != school_year_of(last_day)


# Assessing a proposal -------------------------------------------------------


def _date(day):
    return formats.date_format(day, "j F Y")


def _period(first_day, last_day):
    if first_day == last_day:
        return _date(first_day)
    return gettext("%(first)s to %(last)s") % {"first": _date(first_day), "last": _date(last_day)}


def _overlaps(first_day, last_day, other_first, other_last):
    return first_day <= other_last and other_first <= last_day


def _status_label(status):
    return str(dict(STATUS_CHOICES).get(status, status)).lower()


def _days(count):
    return ngettext("%(count)s school day", "%(count)s school days", count) % {"count": count}


def assess(proposal, calendar, policy, earlier, *, for_decision=False):
    """Check a proposal against the law and the school's policy.

    `calendar` is the school's WorkingCalendar covering `calendar_range()`;
    `earlier` the other leave requests of the same children (any status;
    those of other school years are ignored). With `for_decision`, only
    leave already granted counts against the limits (see the module's
    docstring); otherwise pending requests count too.
    """
    school_days = count_school_days(calendar, proposal.first_day, proposal.last_day)
    school_year = school_year_of(proposal.first_day)
    same_year = [
        item
        for item in earlier
        if school_year_of(item.first_day) == school_year and item.child_id in {child.id for child in proposal.children}
    ]
    problems = []
    needs_officer = False
    granted_important = {}

    if proposal.kind == HOLIDAY:
        problems.extend(
            _holiday_problems(proposal, calendar, policy, same_year, school_days, school_year, for_decision)
        )
    elif proposal.kind == IMPORTANT:
        for child in proposal.children:
            granted = sum(
                item.school_days
                for item in same_year
                if item.child_id == child.id and item.kind == IMPORTANT and item.status == APPROVED
            )
            granted_important[child.id] = granted
            if granted + school_days > MAX_SCHOOL_DAYS:
                needs_officer = True
                if granted:
                    message = gettext(
                        "Together with the leave for important circumstances granted earlier this school year "
                        "(%(granted)s), %(child)s would be away %(total)s school days: more than 10. The attendance "
                        "officer of the municipality decides on this request; the director forwards it with advice."
                    ) % {"granted": _days(granted), "child": child.name, "total": granted + school_days}
                else:
                    message = gettext(
                        "This request covers %(days)s school days for %(child)s: more than 10. The attendance "
                        "officer of the municipality decides on this request; the director forwards it with advice."
                    ) % {"days": school_days, "child": child.name}
                problems.append(Problem("attendance_officer", message, blocks_approval=True))
        if (proposal.asked_on - proposal.first_day).days > LATE_REQUEST_DAYS:
            problems.append(
                Problem(
                    "late",
                    gettext(
                        "The leave began on %(first)s. A request afterwards is only accepted when the reason is "
                        "given within 2 days after the leave began."
                    )
                    % {"first": _date(proposal.first_day)},
                )
            )
        usual = USUAL_MAXIMUM_DAYS.get(proposal.reason)
        if usual is not None and school_days > usual:
            problems.append(
                Problem(
                    "usual_maximum",
                    ngettext(
                        "For “%(reason)s”, schools usually give at most %(usual)s school day; this request covers %(days)s.",
                        "For “%(reason)s”, schools usually give at most %(usual)s school days; this request covers %(days)s.",
                        usual,
                    )
                    % {"reason": dict(REASON_CHOICES)[proposal.reason], "usual": usual, "days": school_days},
                )
            )
    elif proposal.kind == RELIGIOUS:
        ahead = (proposal.first_day - proposal.asked_on).days
        if ahead < policy.religious_notice_days:
            problems.append(
                Problem(
                    "religious_notice",
                    ngettext(
                        "The school asks to be told of a religious obligation at least %(days)s day ahead: for "
                        "%(first)s, by %(deadline)s.",
                        "The school asks to be told of a religious obligation at least %(days)s days ahead: for "
                        "%(first)s, by %(deadline)s.",
                        policy.religious_notice_days,
                    )
                    % {
                        "days": policy.religious_notice_days,
                        "first": _date(proposal.first_day),
                        "deadline": _date(proposal.first_day - datetime.timedelta(days=policy.religious_notice_days)),
                    },
                )
            )

    problems.extend(_overlap_problems(proposal, same_year, for_decision))
    return Assessment(
        school_days=school_days,
        problems=tuple(problems),
        needs_attendance_officer=needs_officer,
        important_days_granted=granted_important,
    )


def _holiday_problems(proposal, calendar, policy, same_year, school_days, school_year, for_decision):
    problems = []
    if school_days > MAX_SCHOOL_DAYS:
        problems.append(
            Problem(
                "too_many_days",
                gettext("Holiday leave can be at most 10 school days. This request covers %(days)s school days.")
                % {"days": school_days},
                blocks_approval=True,
            )
        )
    weeks = first_school_weeks(calendar, school_year)
    if weeks is not None and _overlaps(proposal.first_day, proposal.last_day, *weeks):
        problems.append(
            Problem(
                "first_school_weeks",
                gettext("Holiday leave is not possible in the first two school weeks of the school year (%(period)s).")
                % {"period": _period(*weeks)},
                blocks_approval=True,
            )
        )
    counted = {APPROVED} if for_decision else {APPROVED, *PENDING}
    for child in proposal.children:
        taken = [
            item for item in same_year if item.child_id == child.id and item.kind == HOLIDAY and item.status in counted
        ]
        if taken:
            item = min(taken, key=lambda item: item.first_day)
            problems.append(
                Problem(
                    "once_per_school_year",
                    gettext(
                        "%(child)s already has holiday leave this school year (%(period)s, %(status)s). "
                        "Holiday leave is possible once per school year."
                    )
                    % {
                        "child": child.name,
                        "period": _period(item.first_day, item.last_day),
                        "status": _status_label(item.status),
                    },
                    blocks_approval=True,
                )
            )
    deadline = holiday_notice_deadline(proposal.first_day, policy)
    if proposal.asked_on > deadline:
        problems.append(
            Problem(
                "holiday_notice",
                ngettext(
                    "The school asks for holiday leave at least %(weeks)s week ahead: for leave from %(first)s, by "
                    "%(deadline)s. The director may refuse a late request.",
                    "The school asks for holiday leave at least %(weeks)s weeks ahead: for leave from %(first)s, by "
                    "%(deadline)s. The director may refuse a late request.",
                    policy.holiday_notice_weeks,
                )
                % {
                    "weeks": policy.holiday_notice_weeks,
                    "first": _date(proposal.first_day),
                    "deadline": _date(deadline),
                },
            )
        )
    return problems


def _overlap_problems(proposal, same_year, for_decision):
    """A child with other leave (pending or granted) on some of the same days."""
    counted = GRANTED | {FORWARDED} if for_decision else GRANTED | PENDING | {FORWARDED}
    problems = []
    for child in proposal.children:
        for item in same_year:
            if (
                item.child_id == child.id
                and item.status in counted
                and _overlaps(proposal.first_day, proposal.last_day, item.first_day, item.last_day)
            ):
                problems.append(
                    Problem(
                        "overlap",
                        gettext(
                            "%(child)s already has a leave request for some of these days (%(period)s, %(status)s)."
                        )
                        % {
                            "child": child.name,
                            "period": _period(item.first_day, item.last_day),
                            "status": _status_label(item.status),
                        },
                    )
                )
                break
    return problems


# What the director may do ----------------------------------------------------


def refusal(action, kind, status, assessment, officer_known=True):
    """Why the director may not take `action` on a request now, in plain words; None when allowed.

    `assessment` is the request's assessment `for_decision`; `officer_known`
    whether the school has entered its attendance officer's e-mail address.
    """
    if status not in PENDING:
        return gettext("This request is no longer waiting for a decision (%(status)s).") % {
            "status": _status_label(status)
        }
    if kind == RELIGIOUS:
        if action == ACKNOWLEDGE:
            return None
        return gettext(
            "A religious obligation is a notification, not a request: the director acknowledges it, but does not "
            "approve, refuse or forward it (Leerplichtwet art. 13)."
        )
    if action == ACKNOWLEDGE:
        return gettext(
            "Only the notification of a religious obligation is acknowledged; decide on this request instead."
        )
    if action == APPROVE:
        if assessment.needs_attendance_officer:
            return gettext(
                "This request takes the leave for important circumstances this school year beyond 10 school days. "
                "Then the attendance officer decides, not the school (Leerplichtwet art. 14): forward it with your "
                "advice instead."
            )
        blocking = [problem.message for problem in assessment.problems if problem.blocks_approval]
        if blocking:
            return gettext("The law does not allow this leave: %(problems)s Reject it and state these grounds.") % {
                "problems": " ".join(blocking)
            }
        return None
    if action == FORWARD:
        if kind != IMPORTANT:
            return gettext("Only requests for important circumstances go to the attendance officer.")
        if not officer_known:
            return gettext("Enter the attendance officer's e-mail address in the leave settings first.")
        return None
    if action == REJECT:
        return None
    return gettext("Unknown action.")
