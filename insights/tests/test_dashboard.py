"""The directors' dashboard "Portal use" (insights): exact figures, who sees it, the CSV, bad input, query counts.

The clock is fixed at Wednesday 18 November 2026, 12:00 in Amsterdam
(school year 2026/2027), and a small school is built on the test world so
every figure below was worked out by hand from the data in `data`.
"""

import csv
import datetime
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from attendance.models import AbsenceReport
from classes.models import Child, ClassPage, Enrollment, Guardianship
from home.models import StaffRole
from insights import metrics
from leave import rules as leave_rules
from leave.models import LeaveRequest
from news.models import PostPage, PostRead
from notifications.models import DAILY, IMMEDIATE, WEEKLY, NotificationPreference
from schoolcalendar.models import ClosedPeriod
from schoolcalendar.publishing import without_working_hours
from testing.world import build_world, make_user
from webapp.models import PushSubscription

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=AMS)
NOVEMBER = metrics.Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
DASHBOARD = reverse("insights_dashboard")
EXPORT = reverse("insights_export")


def at(day, month, hour, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


class Data:
    pass


def post(parent, title, published, asked=None):
    """A post first published at `published`; `asked`: when its author saved the version that went live."""
    page = parent.add_child(
        instance=PostPage(title=title, slug=f"p-{uuid.uuid4().hex[:8]}", body=[("text", f"<p>{title}</p>")])
    )
    if asked is not None:
        revision = page.save_revision()
        type(revision).objects.filter(pk=revision.pk).update(created_at=asked)
    PostPage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
    return page


def read(page, user, hours):
    found = PostRead.objects.create(post=page, user=user)
    when = PostPage.objects.get(pk=page.pk).first_published_at + datetime.timedelta(hours=hours)
    PostRead.objects.filter(pk=found.pk).update(read_at=when)


def leave(school, status, created, days=1):
    return LeaveRequest.objects.create(
        school=school,
        kind=leave_rules.IMPORTANT,
        first_day=created.date() + datetime.timedelta(days=14),
        last_day=created.date() + datetime.timedelta(days=14 + days),
        school_days=days,
        school_year=2026,
        status=status,
        submission_key=uuid.uuid4(),
        created_at=created,
    )


def absence(child, class_page, starts_at, reason, late=False):
    return AbsenceReport.objects.create(
        school=child.school,
        child=child,
        class_page=class_page,
        reason=reason,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        late=late,
        submission=uuid.uuid4(),
    )


@pytest.fixture
def data(db, clock):
    clock.set(NOW)
    world = build_world()
    users = world.users
    d = Data()
    d.world = world
    school, class_a, class_b = world.school, world.class_a, world.class_b

    # Guardians: a, c, d in class A; b, c in class B; f only of a child who left.
    for role in ("parent_c", "parent_d", "parent_f", "parent_inactive"):
        users[role] = make_user(f"{role.replace('_', '.')}@test.example")
    User.objects.filter(pk=users["parent_inactive"].pk).update(is_active=False)

    def child(name, class_page, *guardians, left_on=None):
        kid = Child.objects.create(school=school, first_name=name, last_name="Kind", left_on=left_on)
        Enrollment.objects.create(child=kid, class_page=class_page)
        for guardian in guardians:
            Guardianship.objects.create(child=kid, user=users[guardian], relation=Guardianship.MOTHER)
        world.children[name] = kid
        return kid

    child("Cas", class_a, "parent_c", "parent_d", "parent_inactive")
    child("Eva", class_b, "parent_c")
    child("Fien", class_b, "parent_f", left_on=datetime.date(2026, 11, 1))
    last_login = {
        "parent_a": NOW - datetime.timedelta(days=40),
        "parent_b": NOW - datetime.timedelta(days=2),
        "parent_c": NOW - datetime.timedelta(days=5),
        "parent_f": NOW - datetime.timedelta(days=1),
        "parent_inactive": NOW - datetime.timedelta(days=1),
    }
    for role, moment in last_login.items():
        User.objects.filter(pk=users[role].pk).update(last_login=moment)

    # A closed day: Thursday 12 November.
    ClosedPeriod.objects.create(
        school=school,
        name="Studiedag",
        kind=ClosedPeriod.STUDY_DAY if hasattr(ClosedPeriod, "STUDY_DAY") else ClosedPeriod.HOLIDAY,
        first_day=datetime.date(2026, 11, 12),
        last_day=datetime.date(2026, 11, 12),
    )

    # Posts of November (and two that do not count).
    d.p1 = post(school, "P1 school", at(2, 11, 10), asked=at(1, 11, 21))  # asked on a Sunday evening
    d.p2 = post(class_a, "P2 A", at(3, 11, 9), asked=at(3, 11, 9))  # within working hours
    d.p3 = post(class_a, "P3 A", at(11, 11, 14), asked=at(10, 11, 22, 30))  # at night
    d.p4 = post(class_b, "P4 B", at(12, 11, 11))  # no revision: its publication, on the closed day
    d.p6 = post(world.class_old, "P6 old", at(4, 11, 10))  # last year's class group: no parents now
    d.p7 = post(school, "P7 September", at(1, 9, 10, year=2026), asked=at(1, 9, 10))
    d.other = post(world.other_school, "Other", at(5, 11, 10), asked=at(5, 11, 23))

    for role, hours in (
        ("parent_a", 1),
        ("parent_b", 3),
        ("parent_c", 25),
        ("parent_f", 0.2),
        ("parent_other_school", 0.1),
    ):
        read(d.p1, users[role], hours)
    read(d.p2, users["parent_a"], 0.5)
    read(d.p2, users["parent_c"], 2)
    read(d.p3, users["parent_d"], 10)
    read(d.p3, users["parent_b"], 0.3)  # not a parent of class A: does not count
    read(d.p6, users["parent_a"], 1)
    read(d.p7, users["parent_a"], 1)

    # How parents hear of posts.
    NotificationPreference.objects.create(user=users["parent_a"], posts=DAILY)
    NotificationPreference.objects.create(user=users["parent_c"], posts=IMMEDIATE)
    NotificationPreference.objects.create(user=users["parent_d"], posts=WEEKLY)
    NotificationPreference.objects.create(user=users["parent_other_school"], posts=WEEKLY)
    for n, role in enumerate(("parent_a", "parent_c", "parent_c", "parent_f", "parent_other_school")):
        PushSubscription.objects.create(user=users[role], endpoint=f"https://push.example/{n}", p256dh="k", auth="a")

    # Absences: the world's dentist appointments today (18 Nov) plus these.
    absence(world.children["Cas"], class_a, at(30, 10, 8), AbsenceReport.SICK, late=True)
    absence(world.children["Eva"], class_b, at(5, 11, 9), AbsenceReport.OTHER)
    absence(world.children["Xena"], world.other_class, at(6, 11, 9), AbsenceReport.SICK)

    # Leave requests.
    leave(school, leave_rules.REJECTED, at(20, 10, 9))
    leave(school, leave_rules.APPROVED, at(3, 11, 9), days=3)
    leave(school, leave_rules.SUBMITTED, at(16, 11, 20))
    leave(world.other_school, leave_rules.APPROVED, at(4, 11, 9), days=2)

    # Consent this school year: the latest answer counts; Fien left, last year's answers do not count.
    from policies.models import ConsentAnswer, ConsentPurpose

    d.photos = ConsentPurpose.objects.create(school=school, name="Foto's op de portal", sort_order=1)
    d.website = ConsentPurpose.objects.create(school=school, name="Foto's op de website", sort_order=2)
    ConsentPurpose.objects.create(school=school, name="Niet meer gevraagd", active=False, sort_order=3)
    ConsentPurpose.objects.create(school=world.other_school, name="Elders", sort_order=1)
    kids = world.children

    def answer(kid, purpose, given, when, year=2026):
        ConsentAnswer.objects.create(child=kids[kid], purpose=purpose, school_year=year, given=given, answered_at=when)

    answer("Ana", d.photos, True, at(1, 9, 10))
    answer("Ana", d.photos, False, at(2, 10, 10))  # changed her mind: refused
    answer("Bram", d.photos, True, at(1, 9, 10))
    answer("Cas", d.photos, True, at(1, 9, 10), year=2025)  # last year's answer: not answered this year
    answer("Fien", d.photos, True, at(1, 9, 10))  # left school
    answer("Eva", d.website, False, at(1, 9, 10))

    # Conversations: staff and parents writing, in and outside working hours.
    from conversations.models import Conversation, Message, Participant

    def conversation(kid, teacher, parent, messages):
        talk = Conversation.objects.create(school=school, child=kids[kid], subject=f"Over {kid}")
        Participant.objects.create(conversation=talk, user=users[teacher], role=Participant.STAFF)
        Participant.objects.create(conversation=talk, user=users[parent], role=Participant.PARENT)
        for author, when in messages:
            Message.objects.create(
                conversation=talk, author=users[author], author_name=author, text="...", created_at=when
            )

    conversation(
        "Ana",
        "teacher_a",
        "parent_a",
        [
            ("parent_a", at(2, 11, 21)),  # Monday night: outside
            ("teacher_a", at(3, 11, 8, 15)),  # inside
            ("teacher_a", at(3, 11, 19)),  # evening: outside
        ],
    )
    conversation(
        "Eva",
        "teacher_b",
        "parent_c",
        [
            ("parent_c", at(7, 11, 10)),  # Saturday: outside
            ("teacher_b", at(12, 11, 10)),  # the closed day: outside
            ("teacher_b", at(13, 11, 16, 59)),  # inside
            ("teacher_b", at(31, 10, 10)),  # October: not in the period
        ],
    )
    other = Conversation.objects.create(school=world.other_school, child=kids["Xena"], subject="Elders")
    Message.objects.create(
        conversation=other, author=users["parent_other_school"], author_name="x", text="...", created_at=at(7, 11, 23)
    )
    return d


@pytest.fixture(autouse=True)
def english():
    """The figures' labels are read in English here; views answer in the request's language (Dutch)."""
    with translation.override("en"):
        yield


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def by_group(rows, key="group"):
    return {row[key]: row for row in rows}


# The figures ----------------------------------------------------------------


def test_accounts_per_class_group(data):
    rows = metrics.accounts(data.world.school, NOVEMBER)
    assert [(r["group"], r["guardians"], r["with_account"], r["recent"]) for r in rows] == [
        ("Groep A", 3, 2, 1),  # a (40 days ago), c (5 days), d (never); the inactive account not at all
        ("Groep B", 2, 2, 2),  # b and c; f's child left
        ("Whole school", 4, 3, 2),  # c once
    ]
    assert rows[0]["with_account_share"] == pytest.approx(2 / 3)
    assert rows[2]["recent_share"] == pytest.approx(0.5)


def test_posts_per_week(data):
    rows = metrics.posts_per_week(data.world.school, NOVEMBER)
    assert [(r["week"], r["monday"], r["school_wide"], r["in_classes"], r["posts"]) for r in rows] == [
        ("2026-W44", datetime.date(2026, 10, 26), 0, 0, 0),
        ("2026-W45", datetime.date(2026, 11, 2), 1, 2, 3),  # P1, P2, P6
        ("2026-W46", datetime.date(2026, 11, 9), 0, 2, 2),  # P3, P4
        ("2026-W47", datetime.date(2026, 11, 16), 0, 0, 0),
        ("2026-W48", datetime.date(2026, 11, 23), 0, 0, 0),
        ("2026-W49", datetime.date(2026, 11, 30), 0, 0, 0),
    ]


def test_reading_shares_and_median_times(data):
    rows = by_group(metrics.reading(data.world.school, NOVEMBER))
    school = rows["Whole school (school-wide posts)"]
    assert (school["posts"], school["parents"], school["reads"]) == (
        1,
        4,
        3,
    )  # f and the other school's parent left out
    assert school["average_share"] == pytest.approx(0.75)
    assert school["median_hours"] == pytest.approx(3)  # 1, 3, 25
    a = rows["Groep A"]
    assert (a["posts"], a["parents"], a["reads"]) == (2, 3, 3)  # parent_b's read of P3 is not class A's
    assert a["average_share"] == pytest.approx(0.5)  # (2/3 + 1/3) / 2
    assert a["median_hours"] == pytest.approx(2)  # 0.5, 2, 10
    b = rows["Groep B"]
    assert (b["posts"], b["parents"], b["reads"], b["average_share"], b["median_hours"]) == (1, 2, 0, 0.0, None)
    total = rows["All posts"]
    assert (total["posts"], total["reads"]) == (4, 6)
    assert total["average_share"] == pytest.approx((0.75 + 2 / 3 + 1 / 3 + 0) / 4)
    assert total["median_hours"] == pytest.approx(2)  # 0.5, 1, 2, 3, 10, 25: the lower middle


def test_channels(data):
    rows = metrics.channels(data.world.school, NOVEMBER)
    assert [(r["parents"], r["chosen"], r["with_push"]) for r in rows] == [
        (2, 1, 1),  # at once: b (never chose) and c (chose it, two devices)
        (1, 1, 1),  # daily: a
        (1, 1, 0),  # weekly: d
        (0, 0, 0),  # site only
        (4, 3, 2),  # everyone; f and the other school's parent are not this school's
    ]
    assert [r["share"] for r in rows] == [0.5, 0.25, 0.25, 0.0, 1.0]


def test_absences_and_leave_per_month(data):
    period = metrics.Period(datetime.date(2026, 10, 1), datetime.date(2026, 11, 30))
    absences = metrics.absences_per_month(data.world.school, period)
    assert [(r["month"], r["reports"], r["sick"], r["appointments"], r["other"], r["late"]) for r in absences] == [
        (datetime.date(2026, 10, 1), 1, 1, 0, 0, 1),
        (datetime.date(2026, 11, 1), 3, 0, 2, 1, 0),  # the world's two dentist visits today, Eva's other
    ]
    requests = metrics.leave_per_month(data.world.school, period)
    assert [
        (r["month"], r["requests"], r["waiting"], r["approved"], r["rejected"], r["days_granted"]) for r in requests
    ] == [
        (datetime.date(2026, 10, 1), 1, 0, 0, 1, 0),
        (datetime.date(2026, 11, 1), 2, 1, 1, 0, 3),
    ]


def test_posts_outside_working_hours_by_when_the_author_asked(data):
    rows = by_group(metrics.posts_outside_hours(data.world.school, NOVEMBER))
    assert (rows["Whole school (school-wide posts)"]["posts"], rows["Whole school (school-wide posts)"]["outside"]) == (
        1,
        1,
    )
    assert (rows["Groep A"]["posts"], rows["Groep A"]["outside"]) == (2, 1)  # P3 at 22:30
    assert (rows["Groep B"]["posts"], rows["Groep B"]["outside"]) == (1, 1)  # P4 on the closed day
    total = rows["All posts"]
    assert (total["posts"], total["outside"], total["share"]) == (5, 3, 0.6)  # with last year's group's P6


def test_messages_outside_working_hours(data):
    rows = metrics.messages_outside_hours(data.world.school, NOVEMBER)
    assert [(r["author"], r["messages"], r["outside"]) for r in rows] == [
        ("Staff", 4, 2),
        ("Parents", 2, 2),
        ("All messages", 6, 4),
    ]
    assert rows[2]["share"] == pytest.approx(4 / 6)


def test_consent_answers(data):
    rows = metrics.consent(data.world.school, NOVEMBER)
    # Active pupils of school A: Ana, Bram, Cas, Eva (Fien left).
    assert [(r["purpose"], r["children"], r["given"], r["refused"], r["unanswered"]) for r in rows] == [
        ("Foto's op de portal", 4, 1, 1, 2),
        ("Foto's op de website", 4, 0, 1, 3),
    ]
    assert rows[0]["given_share"] == 0.25


def test_a_post_deferred_to_the_morning_counts_when_it_was_written(world, clock):
    """Through Wagtail and the school calendar: written at 22:00, it appears at 08:00, and counts as written outside hours."""
    clock.set(at(17, 11, 22))
    page = world.class_a.add_child(
        instance=PostPage(title="Avond", slug="avond", body=[("text", "<p>Avond</p>")], live=False)
    )
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.go_live_at == at(18, 11, 8)
    clock.set(at(18, 11, 8, 1))
    from schoolcalendar import tasks

    tasks.publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.live and page.first_published_at == at(18, 11, 8, 1)
    with without_working_hours():
        clock.set(at(18, 11, 10))
        daytime = world.class_a.add_child(
            instance=PostPage(title="Dag", slug="dag", body=[("text", "<p>Dag</p>")], live=False)
        )
        daytime.save_revision().publish()
    rows = by_group(metrics.posts_outside_hours(world.school, NOVEMBER))
    assert (rows["Groep A"]["posts"], rows["Groep A"]["outside"]) == (2, 1)


# The dashboard: who sees what -------------------------------------------------


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_director_sees_their_school_only(data):
    response = client_for(data.world.users["director"]).get(DASHBOARD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Windwijzer" in text and "Groep A" in text and "Groep X" not in text
    assert 'name="school"' not in text  # one school: no picker
    response = client_for(data.world.users["director_other_school"]).get(DASHBOARD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Groep X" in text and "Groep A" not in text


def test_another_schools_director_cannot_ask_for_this_school(data):
    client = client_for(data.world.users["director_other_school"])
    for url in (DASHBOARD, EXPORT):
        response = client.get(url, {"school": data.world.school.pk})
        assert response.status_code == 400
        assert "Groep A" not in response.content.decode()


@pytest.mark.parametrize("role", ["teacher_a", "teacher_b", "administration"])
def test_teachers_and_administration_are_refused(data, role):
    if role == "administration":
        user = make_user("admin.office@test.example")
        StaffRole.objects.create(user=user, school=data.world.school, role=StaffRole.ADMINISTRATION)
    else:
        user = data.world.users[role]
    client = client_for(user)
    for url in (DASHBOARD, EXPORT):
        response = client.get(url)  # Wagtail answers a refused admin view with a redirect to the dashboard
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert reverse("insights_dashboard") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_parents_and_anonymous_are_kept_out(data):
    response = client_for(data.world.users["parent_a"]).get(DASHBOARD)
    assert response.status_code == 403
    response = Client().get(EXPORT)
    assert response.status_code == 302


def test_a_director_of_two_schools_chooses(data):
    director = data.world.users["director"]
    StaffRole.objects.create(user=director, school=data.world.other_school, role=StaffRole.DIRECTOR)
    client = client_for(director)
    text = client.get(DASHBOARD).content.decode()
    assert 'name="school"' in text and "Other school" in text
    assert reverse("insights_dashboard") in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(DASHBOARD, {"school": data.world.other_school.pk, "period": "30d"})
    assert response.status_code == 200
    assert "Groep X" in response.content.decode() and "Groep A" not in response.content.decode()


def test_the_tables_show_the_figures(data):
    client = client_for(data.world.users["director"])
    response = client.get(DASHBOARD, {"period": "months", "first_month": "2026-11", "last_month": "2026-11"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "66,7%" in text  # class A: 2 of 3 guardians use their account
    assert "43,8%" in text  # all posts: 0.4375 read on average
    assert 'aria-hidden="true"' in text and '<rect width="75.0"' in text  # the school-wide post's bar (of 100)


# Bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ({"period": "forever"}, "Choose one of the periods offered."),
        (
            {"period": "months", "first_month": "2026-13", "last_month": "2026-11"},
            "Give a month as year and month, for example 2026-09.",
        ),
        (
            {"period": "months", "first_month": "2026-11", "last_month": "2026-10"},
            "The last month cannot be before the first month.",
        ),
        ({"period": "months", "first_month": "2020-01", "last_month": "2026-10"}, "Choose at most 36 months."),
        ({"period": "months"}, "Choose the first month."),
        ({"school": "abc"}, "Choose one of your schools."),
    ],
)
def test_bad_choices_get_a_message_and_a_400(data, query, message):
    client = client_for(data.world.users["director"])
    response = client.get(DASHBOARD, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert dutch(message) in text
    assert "data-metric" not in text
    response = client.get(EXPORT, query)
    assert response.status_code == 400
    assert dutch(message) in response.content.decode()


def test_periods(data):
    from insights.forms import period_for

    last_30 = period_for("30d")
    assert (last_30.first_day, last_30.last_day) == (datetime.date(2026, 10, 20), datetime.date(2026, 11, 18))
    this_year = period_for("year")
    assert (this_year.first_day, this_year.last_day) == (datetime.date(2026, 8, 1), datetime.date(2026, 11, 18))
    last_year = period_for("lastyear")
    assert (last_year.first_day, last_year.last_day) == (datetime.date(2025, 8, 1), datetime.date(2026, 7, 31))
    months = period_for("months", datetime.date(2026, 2, 1), datetime.date(2026, 2, 1))
    assert (months.first_day, months.last_day) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))


# The CSV --------------------------------------------------------------------------


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_export(data):
    client = client_for(data.world.users["director"])
    response = client.get(EXPORT, {"period": "months", "first_month": "2026-10", "last_month": "2026-11"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="portal-use-20261001-20261130.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [dutch("Portal use"), "Windwijzer"]
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles == [dutch(str(metric.title)) for metric in metrics.METRICS]
    assert ["Groep A", "3", "2", "66,7%", "1", "33,3%"] in rows
    assert ["Groep B", "1", "2", "0", "0,0%", ""] in rows  # reading: no reads, so no median
    assert ["oktober 2026", "1", "1", "0", "0", "1"] in rows  # absences in October, month in Dutch
    assert not any("Groep X" in cell for row in rows for cell in row)


def test_csv_cells_are_safe_from_formulas(data):
    ClassPage.objects.filter(pk=data.world.class_a.pk).update(title="=HYPERLINK(1)")
    rows = read_csv(client_for(data.world.users["director"]).get(EXPORT))
    assert ["'=HYPERLINK(1)", "3", "2", "66,7%", "1", "33,3%"] in rows


# Query counts ------------------------------------------------------------------------


def more_of_everything(data, n):
    """n more posts in each group, each read by every parent, and n more absences and leave requests."""
    users = data.world.users
    for i in range(n):
        for parent, readers in (
            (data.world.school, ["parent_a", "parent_b", "parent_c"]),
            (data.world.class_a, ["parent_a", "parent_d"]),
        ):
            page = post(parent, f"Extra {i}", at(6, 11, 10), asked=at(6, 11, 20))
            for role in readers:
                read(page, users[role], i + 1)
        absence(data.world.children["Cas"], data.world.class_a, at(9 + i % 5, 11, 9), AbsenceReport.SICK)
        leave(data.world.school, leave_rules.APPROVED, at(9, 11, 9))


def figures(school, period):
    return [metric.rows(school, period) for metric in metrics.METRICS]


# The queries of all figures together: a fixed number, whatever the amount of data.
FIGURE_QUERIES = 18 + 3 + 3


def test_the_dashboard_costs_the_same_for_few_and_many_posts(data, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school, period = data.world.school, metrics.Period(datetime.date(2026, 10, 1), datetime.date(2026, 11, 30))
    with django_assert_num_queries(FIGURE_QUERIES):
        figures(school, period)
    client = client_for(data.world.users["director"])
    query = {"period": "months", "first_month": "2026-10", "last_month": "2026-11"}
    client.get(DASHBOARD, query)  # warm caches (content types, the user's session)
    counted = {}
    for amount in ("few", "many"):
        if amount == "many":
            more_of_everything(data, 15)
        for url in (DASHBOARD, EXPORT):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, query).status_code == 200
            counted[amount, url] = len(queries)
    with django_assert_num_queries(FIGURE_QUERIES), translation.override("en"):
        rows = figures(school, period)
    assert by_group(rows[2])["All posts"]["posts"] == 4 + 30
    assert counted["few", DASHBOARD] == counted["many", DASHBOARD]
    assert counted["few", EXPORT] == counted["many", EXPORT]
