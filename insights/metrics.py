"""How the portal is used: one small function per figure of the directors' dashboard.

Every metric is `function(school, period) -> list of dict rows`: `school` is
a `home.SchoolPage` in the default language, `period` a `Period`. The rows
are plain values (str, int, float, date, None) so the dashboard, the CSV
export and the tests all read the same thing. `METRICS` lists them with
their title, columns and explanation; a new figure (e.g. messages sent
outside working hours, once conversations exist) is one more function and
one more entry.

Why the figures are computed as they are
----------------------------------------
* Everything is counted in the database (values + Count, window functions
  for the median): a metric costs a fixed handful of queries, however many
  posts, reads or reports a school has. Python only loops over groups,
  weeks and months.
* Figures are per class group of the current school year and for the whole
  school, never per person: the dashboard is for evaluating the portal, not
  for watching parents.
* A post's parents are those who see it now (`access.rules.parents_who_see`:
  the active guardians of its group's pupils this school year, or of every
  active child for a school-wide post). Reads by anyone else (a parent whose
  child left since) are not counted, so a share never exceeds 100%.
* Posts count in the default language only: a translation is a copy of the
  same post, and reads are recorded against the original (`news.source_post`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractIsoWeekDay,
    ExtractIsoYear,
    ExtractWeek,
    RowNumber,
    Substr,
    TruncDate,
    TruncMonth,
    TruncTime,
)
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from access.rules import GROUP_PATH_LENGTH
from attendance.models import AbsenceReport
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from conversations.models import Message, Participant
from leave import rules
from leave.models import LeaveRequest
from news.models import PostPage, PostRead
from notifications.models import IMMEDIATE, POST_CHOICES
from policies.models import ConsentAnswer, ConsentPurpose
from schoolcalendar.calendar import load
from webapp.models import PushSubscription

# "Logged in recently": within this many days before now.
RECENT_LOGIN_DAYS = 30
SCHOOL_WIDE = ""  # the group key of school-wide posts


# The period -------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days from `first_day` to `last_day`, both included, on the site's clock."""

    first_day: datetime.date
    last_day: datetime.date
    label: str = ""

    @cached_property
    def start(self):
        """The first moment of the period (aware)."""
        return _midnight(self.first_day)

    @cached_property
    def end(self):
        """The first moment after the period (aware, excluded)."""
        return _midnight(self.last_day + datetime.timedelta(days=1))

    def weeks(self):
        """(ISO year, ISO week, Monday) of every week the period touches, in order."""
        monday = self.first_day - datetime.timedelta(days=self.first_day.weekday())
        weeks = []
        while monday <= self.last_day:
            year, week, _day = monday.isocalendar()
            weeks.append((year, week, monday))
            monday += datetime.timedelta(days=7)
        return weeks

    def months(self):
        """The first day of every month the period touches, in order."""
        month = self.first_day.replace(day=1)
        months = []
        while month <= self.last_day:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


def _midnight(day):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min),
        timezone.get_default_timezone(),
    )


# What a school has ------------------------------------------------------------


def active_children(school):
    """The school's children who have not left (any translation of the school)."""
    return Child.objects.active().filter(school__translation_key=school.translation_key)


def current_classes(school):
    """The school's class groups of the current school year, in the school's language, by title."""
    return ClassPage.objects.filter(
        path__startswith=school.path,
        depth=school.depth + 1,
        school_year=current_school_year(),
    ).order_by("title", "pk")


def posts_of(school, period):
    """The school's posts (default language) first published within the period."""
    return PostPage.objects.filter(
        path__startswith=school.path,
        locale__language_code=settings.LANGUAGE_CODE,
        first_published_at__gte=period.start,
        first_published_at__lt=period.end,
    )


def _group_key(school, prefix=""):
    """The group a post belongs to, as an SQL expression: SCHOOL_WIDE or its class group's path."""
    return Case(
        When(**{f"{prefix}depth": school.depth + 1}, then=Value(SCHOOL_WIDE)),
        default=Substr(f"{prefix}path", 1, GROUP_PATH_LENGTH),
        output_field=CharField(),
    )


def _groups(school):
    """[(group key, label)]: the whole school's posts first, then each class group of this year."""
    groups = [(SCHOOL_WIDE, str(_("Whole school (school-wide posts)")))]
    groups += [(path, title) for path, title in current_classes(school).values_list("path", "title")]
    return groups


def _audiences(school):
    """{group key: ids of the parents who see its posts} for the school-wide group and every current class group.

    Two queries, one row per guardian and class group (the size of the
    roster, not of the posts). These are `access.rules.parents_who_see`,
    taken per group instead of per post: every post of a group has the same
    parents. Passing the ids on to the reads' query keeps that query a plain
    filter instead of a subquery per read.
    """
    children = active_children(school)
    audiences = {
        SCHOOL_WIDE: set(
            Guardianship.objects.filter(child__in=children, user__is_active=True).values_list("user_id", flat=True)
        )
    }
    for path, user_id in Enrollment.objects.filter(
        school_year=current_school_year(),
        class_page__in=current_classes(school),
        child__in=children,
        child__guardianships__user__is_active=True,
    ).values_list("class_page__path", "child__guardianships__user"):
        audiences.setdefault(path, set()).add(user_id)
    return audiences


def _sees_post(audiences):
    """A condition on PostRead rows: the reader is one of the post's parents today.

    Needs the `group` annotation (`_group_key(school, "post__")`).
    """
    condition = Q(pk__isnull=True)  # nobody, without making the query empty (its count stays the same)
    for key, user_ids in audiences.items():
        if user_ids:
            condition |= Q(group=key, user_id__in=sorted(user_ids))
    return condition


def _share(part, whole):
    return part / whole if whole else None


# The metrics -----------------------------------------------------------------


def accounts(school, period):
    """Per class group of this school year: its guardians, how many use their account, and logged in lately.

    Guardians are active accounts (a deactivated one cannot use the portal),
    of children who have not left, like `access.rules.parents_who_see`.

    "Uses the portal" is an active account that has logged in at least once
    (accepting the invitation logs in). "Lately" is the last
    RECENT_LOGIN_DAYS days before now, whatever the period: Django keeps
    only the latest login of each account.
    """
    recent = timezone.now() - datetime.timedelta(days=RECENT_LOGIN_DAYS)

    def counts(user):
        return {
            "guardians": Count(user, distinct=True, filter=Q(**{f"{user}__is_active": True})),
            "with_account": Count(
                user,
                distinct=True,
                filter=Q(**{f"{user}__is_active": True, f"{user}__last_login__isnull": False}),
            ),
            "recent": Count(
                user,
                distinct=True,
                filter=Q(**{f"{user}__is_active": True, f"{user}__last_login__gte": recent}),
            ),
        }

    classes = list(current_classes(school).values_list("pk", "title"))
    children = active_children(school)
    per_class = {
        row["class_page"]: row
        for row in Enrollment.objects.filter(
            school_year=current_school_year(),
            class_page__in=[pk for pk, _title in classes],
            child__in=children,
        )
        .values("class_page")
        .annotate(**counts("child__guardianships__user"))
        .order_by()
    }
    whole = Guardianship.objects.filter(child__in=children).aggregate(**counts("user"))
    rows = []
    for pk, title in classes:
        found = per_class.get(pk, {})
        rows.append(_account_row(title, found))
    rows.append(_account_row(str(_("Whole school")), whole, total=True))
    return rows


def _account_row(label, counts, total=False):
    guardians = counts.get("guardians") or 0
    with_account = counts.get("with_account") or 0
    recent = counts.get("recent") or 0
    return {
        "group": label,
        "guardians": guardians,
        "with_account": with_account,
        "with_account_share": _share(with_account, guardians),
        "recent": recent,
        "recent_share": _share(recent, guardians),
        "total": total,
    }


def posts_per_week(school, period):
    """Posts first published in each ISO week of the period: school-wide, in class groups, together."""
    depth = school.depth + 1
    found = {
        (row["year"], row["week"]): row
        for row in posts_of(school, period)
        .values(
            year=ExtractIsoYear("first_published_at"),
            week=ExtractWeek("first_published_at"),
        )
        .annotate(
            school_wide=Count("pk", filter=Q(depth=depth)),
            in_classes=Count("pk", filter=Q(depth__gt=depth)),
            posts=Count("pk"),
        )
        .order_by()
    }
    rows = []
    for year, week, monday in period.weeks():
        row = found.get((year, week), {})
        rows.append(
            {
                "week": f"{year}-W{week:02d}",
                "monday": monday,
                "school_wide": row.get("school_wide", 0),
                "in_classes": row.get("in_classes", 0),
                "posts": row.get("posts", 0),
            }
        )
    return rows


def reading(school, period):
    """For the posts of the period, per group: how many parents read a post on average, and how soon.

    The average share is the mean over posts of (parents who read it /
    parents who see it); the time is the median over every read of the time
    from the post going live (`first_published_at`: for a post that waited
    for working hours, when it appeared) to the parent opening it. Posts in
    class groups of earlier school years have no parents today and are left out.
    """
    groups = _groups(school)
    known = [key for key, _label in groups]
    audiences = _audiences(school)
    posts = posts_of(school, period)
    posts_per_group = dict(
        posts.annotate(group=_group_key(school)).values_list("group").annotate(n=Count("pk")).order_by()
    )
    reads = (
        PostRead.objects.filter(post__in=posts)
        .annotate(group=_group_key(school, "post__"))
        .filter(_sees_post({key: audiences.get(key, ()) for key in known}))
    )
    reads_per_group = dict(reads.values_list("group").annotate(n=Count("pk")).order_by())
    medians = _median_delays(reads)

    rows = []
    share_sum = 0.0
    posts_with_parents = 0
    for key, label in groups:
        n_posts = posts_per_group.get(key, 0)
        parents = len(audiences.get(key, ()))
        n_reads = reads_per_group.get(key, 0)
        share = _share(n_reads, n_posts * parents)
        if parents and n_posts:
            share_sum += n_reads / parents
            posts_with_parents += n_posts
        rows.append(
            {
                "group": label,
                "posts": n_posts,
                "parents": parents,
                "reads": n_reads,
                "average_share": share,
                "median_hours": medians.get(key),
                "total": False,
            }
        )
    rows.append(
        {
            "group": str(_("All posts")),
            "posts": sum(row["posts"] for row in rows),
            "parents": None,
            "reads": sum(row["reads"] for row in rows),
            "average_share": share_sum / posts_with_parents if posts_with_parents else None,
            "median_hours": medians.get(None),
            "total": True,
        }
    )
    return rows


def _median_delays(reads):
    """{group key: median hours from going live to read, None: over all groups}: two queries.

    The median is the middle read in order of delay (the lower middle of an
    even number), found with window functions so no read leaves the database.
    """
    delay = ExpressionWrapper(F("read_at") - F("post__first_published_at"), output_field=DurationField())
    with_delay = reads.annotate(delay=delay)
    medians = {}
    per_group = (
        with_delay.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("group")],
                order_by=[F("delay").asc(), F("pk").asc()],
            ),
            size=Window(Count("pk"), partition_by=[F("group")]),
        )
        .filter(position=(F("size") + 1) / 2)
        .values_list("group", "delay")
    )
    for key, value in per_group:
        medians[key] = _hours(value)
    overall = (
        with_delay.annotate(
            position=Window(RowNumber(), order_by=[F("delay").asc(), F("pk").asc()]),
            size=Window(Count("pk")),
        )
        .filter(position=(F("size") + 1) / 2)
        .values_list("delay", flat=True)
    )
    for value in overall:
        medians[None] = _hours(value)
    return medians


def _hours(delay):
    if delay is None:
        return None
    if not isinstance(delay, datetime.timedelta):  # a backend that answers in microseconds
        delay = datetime.timedelta(microseconds=int(delay))
    return max(delay.total_seconds(), 0) / 3600


def channels(school, period):
    """How the school's parents hear of new posts: the e-mail choice, and devices with push.

    Parents are the active guardians of the school's active children. Who
    never chose has the default (an e-mail at once); "chose it" counts
    those who saved the choice themselves. The choice is as it is now.
    """
    parents = get_user_model().objects.filter(
        is_active=True,
        pk__in=Guardianship.objects.filter(child__in=active_children(school)).values("user_id"),
    )
    has_device = Exists(PushSubscription.objects.filter(user=OuterRef("pk")))
    found = {
        row["choice"]: row
        for row in parents.annotate(choice=Coalesce("notification_preference__posts", Value(IMMEDIATE)))
        .values("choice")
        .annotate(
            parents=Count("pk"),
            chosen=Count("notification_preference"),
            with_push=Count("pk", filter=Q(has_device)),
        )
        .order_by()
    }
    total = sum(row["parents"] for row in found.values())
    rows = []
    for value, label in POST_CHOICES:
        row = found.get(value, {})
        rows.append(
            {
                "choice": str(label),
                "parents": row.get("parents", 0),
                "share": _share(row.get("parents", 0), total),
                "chosen": row.get("chosen", 0),
                "with_push": row.get("with_push", 0),
                "total": False,
            }
        )
    with_push = sum(row["with_push"] for row in rows)
    rows.append(
        {
            "choice": str(_("All parents")),
            "parents": total,
            "share": _share(total, total),
            "chosen": sum(row["chosen"] for row in rows),
            "with_push": with_push,
            "total": True,
        }
    )
    return rows


def absences_per_month(school, period):
    """Absence reports per month of the period (by the first day of the absence), by reason and lateness."""
    found = {
        timezone.localtime(row["month"]).date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
        for row in AbsenceReport.objects.filter(
            school__translation_key=school.translation_key,
            starts_at__gte=period.start,
            starts_at__lt=period.end,
        )
        .values(month=TruncMonth("starts_at"))
        .annotate(
            reports=Count("pk"),
            sick=Count("pk", filter=Q(reason=AbsenceReport.SICK)),
            appointments=Count("pk", filter=Q(reason__in=AbsenceReport.APPOINTMENTS)),
            other=Count("pk", filter=Q(reason=AbsenceReport.OTHER)),
            late=Count("pk", filter=Q(late=True)),
        )
        .order_by()
    }
    keys = ("reports", "sick", "appointments", "other", "late")
    return [{"month": month, **{key: found.get(month, {}).get(key, 0) for key in keys}} for month in period.months()]


def leave_per_month(school, period):
    """Leave requests per month of the period (by when they were submitted), and what became of them."""

    def status(*values):
        return Count("pk", filter=Q(status__in=values))

    found = {
        timezone.localtime(row["month"]).date(): row
        for row in LeaveRequest.objects.filter(
            school__translation_key=school.translation_key,
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .values(month=TruncMonth("created_at"))
        .annotate(
            requests=Count("pk"),
            waiting=status(*rules.PENDING),
            approved=status(rules.APPROVED),
            acknowledged=status(rules.ACKNOWLEDGED),
            rejected=status(rules.REJECTED),
            forwarded=status(rules.FORWARDED),
            withdrawn=status(rules.WITHDRAWN),
            days_granted=Coalesce(Sum("school_days", filter=Q(status__in=rules.GRANTED)), 0),
        )
        .order_by()
    }
    keys = (
        "requests",
        "waiting",
        "approved",
        "acknowledged",
        "rejected",
        "forwarded",
        "withdrawn",
        "days_granted",
    )
    return [{"month": month, **{key: found.get(month, {}).get(key, 0) for key in keys}} for month in period.months()]


def outside_working_hours(queryset, moment, school, period):
    """`queryset` annotated with `outside`: is `moment` (an expression) outside the school's working hours?

    The same rule as `schoolcalendar.calendar.WorkingCalendar.is_working_moment`
    (a working weekday, not a closed day, start <= local time < end), written
    as SQL so that counting costs one query. Loads the school's calendar (two
    queries). Shared by every "outside working hours" figure.
    """
    calendar = load(school, period.first_day - datetime.timedelta(days=366), period.last_day)
    tz = timezone.get_default_timezone()
    queryset = queryset.annotate(
        _moment=moment,
    ).annotate(
        _local_day=TruncDate("_moment", tzinfo=tz),
        _local_time=TruncTime("_moment", tzinfo=tz),
        _weekday=ExtractIsoWeekDay("_moment", tzinfo=tz),
    )
    working = Q(
        _weekday__in=sorted(calendar.working_days),
        _local_time__gte=calendar.start,
        _local_time__lt=calendar.end,
    )
    for first_day, last_day in calendar.closed:
        working &= ~Q(_local_day__range=(first_day, last_day))
    return queryset.annotate(outside=Case(When(working, then=Value(0)), default=Value(1), output_field=IntegerField()))


def asked_to_publish():
    """When the author asked for a post to be published, as an SQL expression.

    The revision that went live first is the newest one saved at or before
    the first publication: the author's "publish" (or, with approval, the
    version they submitted). Its `created_at` is when they pressed the
    button, also when the post then waited for working hours or for the
    director. A post without revisions (made by a script) falls back to its
    first publication.
    """
    revisions = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        created_at__lte=OuterRef("first_published_at"),
    ).order_by("-created_at", "-pk")
    return Coalesce(Subquery(revisions.values("created_at")[:1]), F("first_published_at"))


def posts_outside_hours(school, period):
    """Per group: the posts of the period, and how many of them the author asked to publish outside working hours."""
    groups = _groups(school)
    posts = outside_working_hours(posts_of(school, period), asked_to_publish(), school, period)
    found = {
        row["group"]: row
        for row in posts.annotate(group=_group_key(school))
        .values("group")
        .annotate(posts=Count("pk"), outside=Sum("outside"))
        .order_by()
    }
    rows = []
    for key, label in groups:
        row = found.get(key, {})
        rows.append(_outside_row(label, row.get("posts", 0), row.get("outside") or 0))
    posts_total = sum(row["posts"] for row in found.values())
    outside_total = sum(row["outside"] or 0 for row in found.values())
    rows.append(_outside_row(str(_("All posts")), posts_total, outside_total, total=True))
    return rows


def _outside_row(label, posts, outside, total=False):
    return {
        "group": label,
        "posts": posts,
        "outside": outside,
        "share": _share(outside, posts),
        "total": total,
    }


def consent(school, period):
    """Per consent purpose the school asks this school year: the active children with consent, without, not answered.

    The latest answer per child and purpose counts (answers are append-only).
    The state today, whatever the period: consent is given per school year.
    """
    year = current_school_year()
    children = active_children(school)
    purposes = list(
        ConsentPurpose.objects.filter(school__translation_key=school.translation_key, active=True)
        .order_by("sort_order", "pk")
        .values_list("pk", "name")
    )
    n_children = children.count()
    later = ConsentAnswer.objects.filter(
        child=OuterRef("child"),
        purpose=OuterRef("purpose"),
        school_year=OuterRef("school_year"),
    ).filter(Q(answered_at__gt=OuterRef("answered_at")) | Q(answered_at=OuterRef("answered_at"), pk__gt=OuterRef("pk")))
    latest = ConsentAnswer.objects.filter(
        ~Exists(later),
        school_year=year,
        purpose__in=[pk for pk, _name in purposes],
        child__in=children,
    ).values("pk")
    found = {
        row["purpose"]: row
        for row in ConsentAnswer.objects.filter(pk__in=latest)
        .values("purpose")
        .annotate(yes=Count("pk", filter=Q(given=True)), no=Count("pk", filter=Q(given=False)))
        .order_by()
    }
    rows = []
    for pk, name in purposes:
        given = found.get(pk, {}).get("yes", 0)
        refused = found.get(pk, {}).get("no", 0)
        rows.append(
            {
                "purpose": name,
                "children": n_children,
                "given": given,
                "refused": refused,
                "unanswered": n_children - given - refused,
                "given_share": _share(given, n_children),
            }
        )
    return rows


def messages_outside_hours(school, period):
    """Conversation messages of the period sent outside working hours, by staff and by parents.

    A message is staff's when its author takes part in the conversation as
    staff. Measured when it was sent (`created_at`); the mail about it waits
    for working hours, the message does not.
    """
    as_staff = Exists(
        Participant.objects.filter(
            conversation=OuterRef("conversation"),
            user=OuterRef("author"),
            role=Participant.STAFF,
        )
    )
    messages = Message.objects.filter(
        conversation__school__translation_key=school.translation_key,
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    messages = outside_working_hours(messages, F("created_at"), school, period)
    found = {
        row["staff"]: row
        for row in messages.annotate(
            staff=Case(
                When(as_staff, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("staff")
        .annotate(messages=Count("pk"), outside=Sum("outside"))
        .order_by()
    }
    rows = []
    for key, label in ((1, _("Staff")), (0, _("Parents"))):
        row = found.get(key, {})
        rows.append(_message_row(str(label), row.get("messages", 0), row.get("outside") or 0))
    rows.append(
        _message_row(
            str(_("All messages")),
            sum(row["messages"] for row in rows),
            sum(row["outside"] for row in rows),
            total=True,
        )
    )
    return rows


def _message_row(label, messages, outside, total=False):
    return {
        "author": label,
        "messages": messages,
        "outside": outside,
        "share": _share(outside, messages),
        "total": total,
    }


# The dashboard's figures, in order ---------------------------------------------

TEXT, COUNT, SHARE, HOURS, DAY, MONTH = (
    "text",
    "count",
    "share",
    "hours",
    "day",
    "month",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    bar: bool = False  # draw a bar for this column (shares: of 100%; counts: of the largest)


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    help: str
    columns: tuple
    function: object

    def rows(self, school, period):
        return self.function(school, period)


METRICS = [
    Metric(
        "accounts",
        _("Guardians and their accounts"),
        _(
            "Per class group of this school year: its pupils' guardians, how many of them have used their account "
            "(logged in at least once, which accepting the invitation does) and how many logged in during the last "
            "30 days, whatever the period chosen. A guardian with children in two groups counts in both, and once "
            "for the whole school."
        ),
        (
            Column("group", _("Class group"), TEXT),
            Column("guardians", _("Guardians")),
            Column("with_account", _("Use their account")),
            Column("with_account_share", _("Share using their account"), SHARE, bar=True),
            Column("recent", _("Logged in in the last 30 days")),
            Column("recent_share", _("Share logged in lately"), SHARE, bar=True),
        ),
        accounts,
    ),
    Metric(
        "posts_per_week",
        _("Posts per week"),
        _("Posts first published in each week of the period (ISO weeks, Monday to Sunday), in the school's language."),
        (
            Column("week", _("Week"), TEXT),
            Column("monday", _("Starts on"), DAY),
            Column("school_wide", _("School-wide")),
            Column("in_classes", _("In class groups")),
            Column("posts", _("Posts"), bar=True),
        ),
        posts_per_week,
    ),
    Metric(
        "reading",
        _("How posts are read"),
        _(
            "For the posts of the period: the parents who see a post (the guardians of the group's pupils today), "
            "the average share of them who opened it, and the median time from the post appearing to a parent "
            "opening it. Only parents' reads count; staff reads are not recorded."
        ),
        (
            Column("group", _("Group"), TEXT),
            Column("posts", _("Posts")),
            Column("parents", _("Parents who see them")),
            Column("reads", _("Reads")),
            Column("average_share", _("Average share read"), SHARE, bar=True),
            Column("median_hours", _("Median time to read (hours)"), HOURS),
        ),
        reading,
    ),
    Metric(
        "channels",
        _("How parents hear of new posts"),
        _(
            "The choice of the school's parents today (the active guardians of its pupils). Parents who never "
            'chose get an e-mail at once; the column "chose it" counts those who saved a choice themselves. '
            "Push: parents with at least one device that receives push notifications."
        ),
        (
            Column("choice", _("E-mail"), TEXT),
            Column("parents", _("Parents")),
            Column("share", _("Share"), SHARE, bar=True),
            Column("chosen", _("Chose it")),
            Column("with_push", _("With push on a device")),
        ),
        channels,
    ),
    Metric(
        "absences",
        _("Absence reports per month"),
        _("Absences reported by parents, counted in the month the absence began."),
        (
            Column("month", _("Month"), MONTH),
            Column("reports", _("Absence reports"), bar=True),
            Column("sick", _("Sick")),
            Column("appointments", _("Appointments")),
            Column("other", _("Other")),
            Column("late", _("Reported late")),
        ),
        absences_per_month,
    ),
    Metric(
        "leave",
        _("Leave requests per month"),
        _("Leave requests counted in the month they were submitted, with what became of them so far."),
        (
            Column("month", _("Month"), MONTH),
            Column("requests", _("Requests"), bar=True),
            Column("waiting", _("Waiting")),
            Column("approved", _("Approved")),
            Column("acknowledged", _("Acknowledged")),
            Column("rejected", _("Rejected")),
            Column("forwarded", _("Forwarded")),
            Column("withdrawn", _("Withdrawn")),
            Column("days_granted", _("School days granted")),
        ),
        leave_per_month,
    ),
    Metric(
        "posts_outside_hours",
        _("Posts written outside working hours"),
        _(
            "Posts of the period whose author asked to publish them outside the school's working hours (its "
            "working days, hours and closed days). Such a post only appears at the next working moment, so what "
            "counts is when the author pressed publish, or submitted it for approval: the saved version that "
            "went live first."
        ),
        (
            Column("group", _("Group"), TEXT),
            Column("posts", _("Posts")),
            Column("outside", _("Outside working hours")),
            Column("share", _("Share outside working hours"), SHARE, bar=True),
        ),
        posts_outside_hours,
    ),
    Metric(
        "messages_outside_hours",
        _("Messages sent outside working hours"),
        _(
            "Messages in conversations between parents and staff sent in the period, and how many were sent outside "
            "the school's working hours, by staff and by parents. Mail about a message waits for working hours; "
            "this counts when the message was written."
        ),
        (
            Column("author", _("Sent by"), TEXT),
            Column("messages", _("Messages")),
            Column("outside", _("Outside working hours")),
            Column("share", _("Share outside working hours"), SHARE, bar=True),
        ),
        messages_outside_hours,
    ),
    Metric(
        "consent",
        _("Consent answers"),
        _(
            "For each purpose the school asks consent for, the answers for this school year's pupils as they are "
            "today (the latest answer counts), whatever the period chosen."
        ),
        (
            Column("purpose", _("Purpose"), TEXT),
            Column("children", _("Pupils")),
            Column("given", _("Consent given")),
            Column("refused", _("Consent refused")),
            Column("unanswered", _("Not answered")),
            Column("given_share", _("Share given"), SHARE, bar=True),
        ),
        consent,
    ),
]
