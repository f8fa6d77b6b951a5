"""Absence reports (attendance): the parent's form page, what is stored, who is told, what staff see.

The world of testing/world.py (every child has a dentist's appointment today,
made without mail), a real SMTP server (`mailbox`), the real URL stack (the
page's access check, LoginRequiredMiddleware) and the `clock` fixture for
the time of day. Mail goes out by a task when the request's transaction
commits: `submit` captures those callbacks and runs them, as the worker would.
"""

import csv
import datetime
import io
import uuid
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from access.rules import (
    absence_reports_for_staff,
    can_report_absence,
    can_report_recovered,
    own_absence_reports,
    own_children_at,
    told_of_absence,
)
from attendance.models import AbsenceReport, moment
from attendance.reports import is_late
from classes.models import Child, Enrollment, Guardianship
from classes.schoolyear import current_school_year, school_year_of
from home.models import StaffRole
from notifications import tasks as notification_tasks
from notifications.models import Notification
from plumbing.csv import safe_cell
from schoolcalendar.calendar import WorkingCalendar
from schoolcalendar.models import SchoolCalendarSettings
from testing.world import make_user

# Helpers ------------------------------------------------------------------------


def a_school_day():
    """A weekday in the current school year, near today (the world's class groups are this year's)."""
    today = timezone.localdate()
    year = current_school_year()
    for offset in [*range(0, 7), *range(-1, -8, -1)]:
        day = today + datetime.timedelta(days=offset)
        if day.isoweekday() <= 5 and school_year_of(day) == year:
            return day
    raise AssertionError("no weekday this school year near today")


def at(day, hour, minute=0):
    return moment(day, datetime.time(hour, minute))


def where(page):
    """(host, path) of a world page."""
    _site_id, root_url, path = page.specific.get_url_parts()
    return urlsplit(root_url).hostname, path


def recovered_path(page, report):
    return where(page)[1] + page.specific.reverse_subpage("recovered_route", kwargs={"report_id": report.pk}).lstrip(
        "/"
    )


def form_data(
    children, reason=AbsenceReport.SICK, day=None, time="08:30", end_day="", end_time="", note="", token=None
):
    return {
        "token": str(token or uuid.uuid4()),
        "children": [child.pk if hasattr(child, "pk") else child for child in children],
        "reason": reason,
        "note": note,
        "first_day": day.isoformat() if hasattr(day, "isoformat") else day,
        "first_time": time,
        "end_day": end_day.isoformat() if hasattr(end_day, "isoformat") else end_day,
        "end_time": end_time,
    }


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST as a user to a page (or one of its routes), running the mail tasks as the worker would."""

    def post(user, page, data, path=None):
        client.force_login(user)
        host, page_path = where(page)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path or page_path, data, HTTP_HOST=host)

    return post


@pytest.fixture
def worker(clock):
    """Run the outbox as the task worker does once the news is due.

    Absence news waits for the school's working hours (08:00 by default), so
    a report made at 07:45 reaches people at 08:00: the clock moves on to
    the first moment something is due, then the delivery task runs.
    """

    def run():
        pending = Notification.objects.filter(status=Notification.PENDING)
        while (due := pending.aggregate(first=Min("next_attempt_at"))["first"]) is not None:
            clock.set(max(due, clock.now))
            notification_tasks.deliver_notifications.call()
            assert not pending.filter(next_attempt_at__lte=clock.now).exists(), "the worker left due news unsent"

    return run


@pytest.fixture
def school_day(clock):
    day = a_school_day()
    clock.set(at(day, 7, 45))
    return day


@pytest.fixture
def administration(world):
    user = make_user("administratie@test.example")
    StaffRole.objects.create(user=user, school=world.school, role=StaffRole.ADMINISTRATION)
    return user


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def body(response):
    return response.content.decode()


def new_reports(world):
    """Reports made by the tests (the world's own are dentist's appointments)."""
    return AbsenceReport.objects.exclude(reason=AbsenceReport.DENTIST)


# Reporting -----------------------------------------------------------------------


def test_sick_report_before_school_starts_is_in_time_and_everyone_is_told(
    world, school_day, submit, mailbox, administration, worker
):
    ana = world.children["Ana"]
    response = submit(world.users["parent_a"], world.school_absence, form_data([ana], day=school_day))
    assert response.status_code == 302
    [report] = new_reports(world)
    assert (report.child, report.reason, report.late, report.ends_at) == (ana, AbsenceReport.SICK, False, None)
    assert report.starts_at == at(school_day, 8, 30)
    assert report.class_page == world.class_a.page_ptr.specific
    assert report.reported_by == world.users["parent_a"]

    # Reported at 07:45: the news waits for working hours (08:00), then reaches everyone told.
    assert mailbox.messages == []
    assert {row.due_at for row in Notification.objects.filter(kind=Notification.ABSENCE)} == {at(school_day, 8, 0)}
    worker()
    told = {world.users["teacher_a"].email, administration.email, world.users["parent_a"].email}
    assert sorted(message["To"].addresses[0].addr_spec for message in mailbox.messages) == sorted(told)
    for address in told:
        [message] = mailbox.to(address)
        assert "Ana Kind" in message["Subject"]
        assert "Ana Kind" in mailbox.text(message) and "Ana Kind" in mailbox.html(message)
    # Not the teacher of another class group, not the director, not other parents.
    for role in ("teacher_b", "director", "parent_b", "parent_other_school"):
        assert mailbox.to(world.users[role].email) == []


def test_report_after_the_start_time_is_accepted_and_marked_late(
    client, world, school_day, clock, submit, mailbox, worker
):
    clock.set(at(school_day, 8, 31))
    response = submit(world.users["parent_a"], world.school_absence, form_data([world.children["Ana"]], day=school_day))
    assert response.status_code == 302
    [report] = new_reports(world)
    assert report.late
    worker()
    teacher_mail = mailbox.to(world.users["teacher_a"].email)[0]
    assert dutch("Reported late: after school had started.") in mailbox.text(teacher_mail)
    # The parent is told so, and sees it in their list.
    host, _path = where(world.school_absence)
    html = body(client.get(response["Location"], HTTP_HOST=host))
    assert dutch("Your report came in after school started, so it is marked as late.") in html
    assert dutch("reported late") in html


def test_the_start_time_is_the_schools_own_setting(world, school_day, clock, submit):
    settings_row = SchoolCalendarSettings.for_school(world.school)
    settings_row.school_starts_at = datetime.time(9, 0)
    settings_row.save()
    clock.set(at(school_day, 8, 45))
    submit(
        world.users["parent_a"], world.school_absence, form_data([world.children["Ana"]], day=school_day, time="08:00")
    )
    assert new_reports(world).get().late is False
    # The other school keeps the default 08:30: the same moment is late there.
    submit(
        world.users["parent_other_school"],
        world.other_absence,
        form_data([world.children["Xena"]], day=school_day, time="08:00"),
    )
    assert new_reports(world).get(child=world.children["Xena"]).late is True


def test_times_are_amsterdam_wall_clock_times(world, school_day, submit):
    submit(
        world.users["parent_a"], world.school_absence, form_data([world.children["Ana"]], day=school_day, time="08:30")
    )
    report = new_reports(world).get()
    local = timezone.localtime(report.starts_at, datetime.UTC)
    offset = at(school_day, 8, 30).utcoffset()
    assert local.hour == (8 - int(offset.total_seconds() // 3600)) and local.minute == 30
    assert str(report.starts_at.astimezone(timezone.get_default_timezone()).tzinfo) == "Europe/Amsterdam"


def test_the_page_shows_the_form_with_only_the_parents_own_children(client, world, school_day):
    sibling = Child.objects.create(school=world.school, first_name="Cas", last_name="Kind")
    Enrollment.objects.create(child=sibling, class_page=world.class_b)
    Guardianship.objects.create(child=sibling, user=world.users["parent_a"], relation=Guardianship.MOTHER)
    client.force_login(world.users["parent_a"])
    host, path = where(world.school_absence)
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    html = body(response)
    assert 'name="children"' in html and "Ana Kind" in html and "Cas Kind" in html
    assert "Bram Kind" not in html and "Xena Kind" not in html
    assert response["Cache-Control"].count("no-store") or "no-cache" in response["Cache-Control"]


def test_the_school_page_links_to_the_absence_page(client, world):
    for role, school, absence_page in (
        ("parent_a", world.school, world.school_absence),
        ("teacher_a", world.school, world.school_absence),
        ("parent_other_school", world.other_school, world.other_absence),
    ):
        client.force_login(world.users[role])
        host, path = where(school)
        html = body(client.get(path, HTTP_HOST=host))
        assert f'href="{where(absence_page)[1]}"' in html, role
    # Unpublished: no link.
    world.school_absence.unpublish()
    client.force_login(world.users["parent_a"])
    host, path = where(world.school)
    assert "Absentie melden" not in body(client.get(path, HTTP_HOST=host))


def test_forged_child_ids_are_a_form_error(world, school_day, submit, mailbox):
    parent = world.users["parent_a"]
    for forged in (world.children["Bram"].pk, world.children["Xena"].pk, 999_999, "Ana", ""):
        response = submit(
            parent, world.school_absence, form_data([world.children["Ana"], forged], day=school_day, note="typed note")
        )
        assert response.status_code == 400, forged
        assert dutch("Choose only your own children at this school.") in body(response) or forged == ""
        assert "typed note" in body(response)
    assert not new_reports(world).exists()
    assert mailbox.messages == []


def test_a_child_sent_twice_in_one_form_is_reported_once(world, school_day, submit):
    ana = world.children["Ana"]
    response = submit(
        world.users["parent_a"], world.school_absence, form_data([ana, ana.pk, str(ana.pk)], day=school_day)
    )
    assert response.status_code == 302
    assert new_reports(world).count() == 1


def test_a_parent_cannot_report_at_another_school_or_for_no_child(world, school_day, submit):
    # parent_a on the other school's page: not found (the page is not hers), before the form is read.
    response = submit(world.users["parent_a"], world.other_absence, form_data([world.children["Ana"]], day=school_day))
    assert response.status_code == 404
    response = submit(world.users["parent_a"], world.school_absence, form_data([], day=school_day))
    assert response.status_code == 400
    assert dutch("Choose the child (or children) who will be absent.") in body(response)
    assert not new_reports(world).exists()


def test_staff_see_an_explanation_and_cannot_report(client, world, school_day, submit):
    for role in ("teacher_a", "director"):
        client.force_login(world.users[role])
        host, path = where(world.school_absence)
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200
        html = body(response)
        assert 'name="children"' not in html
        assert reverse("attendance_absences") in html
        response = submit(world.users[role], world.school_absence, form_data([world.children["Ana"]], day=school_day))
        assert response.status_code == 403
        assert dutch("Only parents of children at this school can report an absence.") in body(response)
    assert not new_reports(world).exists()


def test_anonymous_visitors_go_to_the_login_form(client, world):
    host, path = where(world.school_absence)
    response = client.post(path, {}, HTTP_HOST=host)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_several_children_in_one_report_and_a_double_submit_creates_nothing_twice(
    world, school_day, submit, mailbox, worker
):
    sibling = Child.objects.create(school=world.school, first_name="Cas", last_name="Kind")
    Enrollment.objects.create(child=sibling, class_page=world.class_b)
    Guardianship.objects.create(child=sibling, user=world.users["parent_a"], relation=Guardianship.MOTHER)
    data = form_data(
        [world.children["Ana"], sibling], reason=AbsenceReport.OTHER, day=school_day, note="Begrafenis oma"
    )
    first = submit(world.users["parent_a"], world.school_absence, data)
    second = submit(world.users["parent_a"], world.school_absence, data)
    assert first.status_code == second.status_code == 302
    assert new_reports(world).count() == 2
    worker()
    assert len(mailbox.to(world.users["parent_a"].email)) == 1
    # Each teacher hears of their own pupil only.
    [mail_a] = mailbox.to(world.users["teacher_a"].email)
    [mail_b] = mailbox.to(world.users["teacher_b"].email)
    assert "Ana Kind" in mailbox.text(mail_a) and "Cas Kind" not in mailbox.text(mail_a)
    assert "Cas Kind" in mailbox.text(mail_b) and "Ana Kind" not in mailbox.text(mail_b)


def test_guardians_only_hear_of_their_own_children(world, school_day, submit, mailbox, worker):
    """A blended family: Cas has a second guardian who is not Ana's. Their mail names Cas only."""
    sibling = Child.objects.create(school=world.school, first_name="Cas", last_name="Kind")
    Enrollment.objects.create(child=sibling, class_page=world.class_b)
    Guardianship.objects.create(child=sibling, user=world.users["parent_a"], relation=Guardianship.MOTHER)
    other_parent = make_user("cas.vader@test.example", preferred_language="en")
    Guardianship.objects.create(child=sibling, user=other_parent, relation=Guardianship.FATHER)
    submit(world.users["parent_a"], world.school_absence, form_data([world.children["Ana"], sibling], day=school_day))
    worker()
    [mail] = mailbox.to(other_parent.email)
    assert "Cas Kind" in mailbox.text(mail) and "Ana" not in mailbox.text(mail) and "Ana" not in mailbox.html(mail)
    assert mail["Content-Language"] == "en"
    assert mailbox.to(world.users["parent_a"].email)[0]["Content-Language"] == "nl"
    # The link leads parents to the absence page, staff to the admin overview.
    assert "/absentie/" in mailbox.text(mail)
    assert reverse("attendance_absences") in mailbox.text(mailbox.to(world.users["teacher_a"].email)[0])


def test_news_is_written_to_the_outbox_and_sent_by_the_worker_in_working_hours(
    client, world, school_day, clock, mailbox, django_capture_on_commit_callbacks
):
    """A report at 21:00 is in the outbox at once, but nobody (staff nor parents) is mailed before 08:00."""
    evening = at(school_day, 21, 0)
    clock.set(evening)
    client.force_login(world.users["parent_a"])
    host, path = where(world.school_absence)
    tomorrow = school_day + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, form_data([world.children["Ana"]], day=tomorrow), HTTP_HOST=host)
    assert response.status_code == 302
    rows = Notification.objects.filter(kind=Notification.ABSENCE, channel=Notification.EMAIL)
    assert {row.recipient for row in rows} == {world.users["teacher_a"], world.users["parent_a"]}
    assert {row.due_at for row in rows} == {at(tomorrow, 8, 0)}
    assert mailbox.messages == []  # nothing sent inside the request, nor in the evening
    notification_tasks.deliver_notifications.call()
    assert mailbox.messages == []
    clock.set(at(tomorrow, 8, 0))
    notification_tasks.deliver_notifications.call()
    assert len(mailbox.to(world.users["teacher_a"].email)) == 1
    notification_tasks.deliver_notifications.call()  # a second run sends nothing again
    assert len(mailbox.messages) == 2


# What is checked ------------------------------------------------------------------


def test_an_appointment_needs_an_end_after_its_start(world, school_day, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    response = submit(
        parent,
        world.school_absence,
        form_data([ana], reason=AbsenceReport.DENTIST, day=school_day, time="10:00", note="Beugel"),
    )
    assert response.status_code == 400
    html = body(response)
    assert dutch("An appointment needs an end: give the time your child is back.") in html
    assert "Beugel" in html and 'value="10:00"' in html  # what was typed stays
    response = submit(
        parent,
        world.school_absence,
        form_data([ana], reason=AbsenceReport.DENTIST, day=school_day, time="10:00", end_time="09:00"),
    )
    assert response.status_code == 400
    assert dutch("The end must be after the start.") in body(response)
    response = submit(
        parent,
        world.school_absence,
        form_data([ana], reason=AbsenceReport.HOSPITAL, day=school_day, time="10:00", end_time="12:30"),
    )
    assert response.status_code == 302
    report = new_reports(world).get()
    assert report.ends_at == at(school_day, 12, 30) and not report.is_open


def test_other_needs_a_note_and_days_must_be_sane(world, school_day, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    response = submit(parent, world.school_absence, form_data([ana], reason=AbsenceReport.OTHER, day=school_day))
    assert response.status_code == 400
    assert dutch("Tell the school what the absence is for.") in body(response)
    for day in ("0001-01-01", "9999-12-31", "2026-02-30", "gisteren", ""):
        response = submit(parent, world.school_absence, form_data([ana], day=day))
        assert response.status_code == 400, day
    assert not new_reports(world).exists()


def test_one_open_sick_report_per_child_and_recovered_closes_it(
    client, world, school_day, clock, submit, mailbox, worker
):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    submit(parent, world.school_absence, form_data([ana], day=school_day))
    report = new_reports(world).get()
    assert report.is_open

    # A second open sick report for the same child: a clear message, nothing stored.
    response = submit(parent, world.school_absence, form_data([ana], day=school_day, time="09:00"))
    assert response.status_code == 400
    assert dutch(
        "%(names)s is already reported sick. Report your child better first (in the list below), or give a last day."
    ) % {"names": "Ana"} in body(response)
    assert new_reports(world).count() == 1

    # The parent's list offers "better"; the form defaults to now.
    client.force_login(parent)
    host, path = where(world.school_absence)
    html = body(client.get(path, HTTP_HOST=host))
    assert recovered_path(world.school_absence, report) in html
    clock.set(at(school_day + datetime.timedelta(days=1), 7, 30))
    response = client.get(recovered_path(world.school_absence, report), HTTP_HOST=host)
    assert response.status_code == 200
    mailbox.clear()
    later = school_day + datetime.timedelta(days=1)
    data = {"day": later.isoformat(), "time": "08:30"}
    response = submit(parent, world.school_absence, data, path=recovered_path(world.school_absence, report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.is_open and report.ends_at == at(later, 8, 30) and report.is_recovered
    assert report.recovered_reported_by == parent
    worker()
    assert {m["To"].addresses[0].addr_spec for m in mailbox.messages} == {parent.email, world.users["teacher_a"].email}
    assert "Ana Kind" in mailbox.messages[0]["Subject"]

    # Sent again: nothing changes, nobody is told twice.
    mailbox.clear()
    response = submit(parent, world.school_absence, data, path=recovered_path(world.school_absence, report))
    assert response.status_code == 302
    assert mailbox.messages == []

    # Now Ana can be reported sick again.
    response = submit(parent, world.school_absence, form_data([ana], day=later, time="12:00"))
    assert response.status_code == 302
    assert AbsenceReport.objects.open_sick().filter(child=ana).count() == 1


def test_recovered_is_checked_and_only_for_the_childs_guardians(client, world, school_day, submit):
    submit(world.users["parent_a"], world.school_absence, form_data([world.children["Ana"]], day=school_day))
    report = new_reports(world).get()
    path = recovered_path(world.school_absence, report)
    for role in ("parent_b", "teacher_a", "director"):
        response = submit(
            world.users[role], world.school_absence, {"day": school_day.isoformat(), "time": "12:00"}, path=path
        )
        assert response.status_code == 404, role
    response = submit(
        world.users["parent_a"], world.school_absence, {"day": school_day.isoformat(), "time": "08:00"}, path=path
    )
    assert response.status_code == 400
    assert dutch("Your child cannot be better before the absence started.") in body(response)
    response = submit(world.users["parent_a"], world.school_absence, {"day": "0001-01-01", "time": "08:00"}, path=path)
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.is_open


def test_the_database_allows_one_open_sick_report_per_child(world):
    ana = world.children["Ana"]
    fields = {"school": world.school, "child": ana, "reason": AbsenceReport.SICK, "starts_at": timezone.now()}
    AbsenceReport.objects.create(submission=uuid.uuid4(), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        AbsenceReport.objects.create(submission=uuid.uuid4(), **fields)


def test_the_parent_sees_only_their_own_reports(client, world, school_day, submit):
    submit(
        world.users["parent_a"], world.school_absence, form_data([world.children["Ana"]], day=school_day, note="Koorts")
    )
    client.force_login(world.users["parent_b"])
    host, path = where(world.school_absence)
    html = body(client.get(path, HTTP_HOST=host))
    assert "Koorts" not in html and "Ana Kind" not in html
    assert "Bram Kind" in html  # Bram's own dentist's appointment of the world
    client.force_login(world.users["parent_a"])
    html = body(client.get(path, HTTP_HOST=host))
    assert "Koorts" in html


# The late rule -------------------------------------------------------------------

MONDAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    "starts, reported, late",
    [
        (at(MONDAY, 8, 30), at(MONDAY, 8, 29), False),
        (at(MONDAY, 8, 30), at(MONDAY, 8, 30), False),
        (at(MONDAY, 8, 30), at(MONDAY, 8, 31), True),
        (at(MONDAY, 14, 0), at(MONDAY, 10, 0), False),  # an afternoon appointment, told before it starts
        (at(MONDAY, 14, 0), at(MONDAY, 14, 5), True),
        (at(MONDAY, 8, 30), at(MONDAY - datetime.timedelta(days=1), 20, 0), False),  # told the evening before
        (
            at(MONDAY - datetime.timedelta(days=2), 9, 0),
            at(MONDAY, 8, 0),
            False,
        ),  # sick since Saturday, told Monday early
        (at(MONDAY - datetime.timedelta(days=2), 9, 0), at(MONDAY, 9, 0), True),  # ... or after school started
        (
            at(MONDAY - datetime.timedelta(days=2), 9, 0),
            at(MONDAY - datetime.timedelta(days=1), 9, 0),
            False,
        ),  # weekend only
    ],
)
def test_late_means_after_the_child_was_due_at_school(starts, reported, late):
    assert is_late(WorkingCalendar(school_starts_at=datetime.time(8, 30)), starts, None, reported) is late


def test_closed_days_do_not_count_for_late():
    calendar = WorkingCalendar(closed=((MONDAY, MONDAY),))
    assert is_late(calendar, at(MONDAY, 8, 30), None, at(MONDAY, 10, 0)) is False
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert is_late(calendar, at(MONDAY, 8, 30), None, at(tuesday, 10, 0)) is True


# access.rules -------------------------------------------------------------------


def test_rules_for_reporting_and_seeing(world):
    ana, bram, xena = (world.children[name] for name in ("Ana", "Bram", "Xena"))
    assert list(own_children_at(world.users["parent_a"], world.school)) == [ana]
    assert not own_children_at(world.users["parent_a"], world.other_school).exists()
    for role in ("teacher_a", "director", "director_other_school"):
        assert not can_report_absence(world.users[role], world.school)
    assert not can_report_absence(None, world.school)

    def children_seen(role):
        return {
            report.child.first_name
            for report in absence_reports_for_staff(world.users[role], AbsenceReport.objects.all())
        }

    assert children_seen("teacher_a") == {"Ana"}
    assert children_seen("teacher_b") == {"Bram"}
    assert children_seen("director") == {"Ana", "Bram"}
    assert children_seen("director_other_school") == {"Xena"}
    assert children_seen("parent_a") == set()
    assert {r.child.first_name for r in own_absence_reports(world.users["parent_a"], AbsenceReport.objects.all())} == {
        "Ana"
    }
    assert not own_absence_reports(world.users["teacher_a"], AbsenceReport.objects.all()).exists()

    # A child who left: no longer reportable, its open report no longer closable by the parent.
    report = AbsenceReport.objects.create(
        school=world.school, child=ana, reason=AbsenceReport.SICK, starts_at=timezone.now(), submission=uuid.uuid4()
    )
    assert can_report_recovered(world.users["parent_a"], report)
    assert not can_report_recovered(world.users["parent_b"], report)
    assert not can_report_recovered(world.users["director"], report)
    ana.left_on = timezone.localdate()
    ana.save()
    assert not can_report_recovered(world.users["parent_a"], report)
    assert bram not in own_children_at(world.users["parent_a"], world.school)
    assert xena.pk


def test_who_is_told(world, administration):
    report = AbsenceReport.objects.filter(child=world.children["Ana"]).get()
    assert set(told_of_absence(report)) == {world.users["teacher_a"], world.users["parent_a"], administration}
    # A teacher who lost their role at the school is no longer told; an inactive guardian neither.
    StaffRole.objects.filter(user=world.users["teacher_a"]).delete()
    parent = world.users["parent_a"]
    parent.is_active = False
    parent.save()
    assert set(told_of_absence(report)) == {administration}


# The admin: dashboard, list, export -------------------------------------------------


def test_dashboard_shows_todays_absences_in_scope(client, world, administration):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AbsenceReport.objects.create(
        school=world.school,
        child=world.children["Bram"],
        class_page=world.class_b,
        reason=AbsenceReport.DOCTOR,
        note="gisteren-bij-de-huisarts",
        starts_at=at(yesterday, 9),
        ends_at=at(yesterday, 10),
        submission=uuid.uuid4(),
    )
    expectations = {
        "teacher_a": ({"Ana Kind"}, {"Bram Kind", "Xena Kind"}),
        "teacher_b": ({"Bram Kind"}, {"Ana Kind", "Xena Kind"}),
        "director": ({"Ana Kind", "Bram Kind"}, {"Xena Kind"}),
        "director_other_school": ({"Xena Kind"}, {"Ana Kind", "Bram Kind"}),
    }
    for role, (shown, hidden) in expectations.items():
        client.force_login(world.users[role])
        html = body(client.get(reverse("wagtailadmin_home")))
        assert "data-todays-absences" in html, role
        assert all(name in html for name in shown), role
        assert not any(name in html for name in hidden), role
        assert "gisteren-bij-de-huisarts" not in html
    client.force_login(administration)
    html = body(client.get(reverse("wagtailadmin_home")))
    assert "Ana Kind" in html and "Bram Kind" in html and "Xena Kind" not in html


def _list(client, user, **params):
    client.force_login(user)
    return client.get(reverse("attendance_absences"), params)


def _export(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("attendance_absences_export"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_list_filters_within_scope(client, world, school_day, clock, submit):
    clock.set(at(school_day, 9, 0))
    submit(world.users["parent_b"], world.school_absence, form_data([world.children["Bram"]], day=school_day))  # late
    director = world.users["director"]
    html = body(_list(client, director))
    assert "Ana Kind" in html and "Bram Kind" in html and "Xena Kind" not in html
    html = body(_list(client, director, reason=AbsenceReport.SICK))
    assert "Bram Kind" in html and "Ana Kind" not in html
    html = body(_list(client, director, late="yes"))
    assert "Bram Kind" in html and "Ana Kind" not in html
    html = body(_list(client, director, late="no"))
    assert "Ana Kind" in html
    html = body(_list(client, director, class_page=world.class_a.pk))
    assert "Ana Kind" in html and "Bram Kind" not in html
    far = school_day + datetime.timedelta(days=400)
    html = body(_list(client, director, first_day=far.isoformat(), last_day=far.isoformat()))
    assert "Ana Kind" not in html and "Bram Kind" in html  # the open sick report lasts until it is closed

    # Teachers see their own class groups only; another group's id is refused.
    html = body(_list(client, world.users["teacher_a"]))
    assert "Ana Kind" in html and "Bram Kind" not in html
    response = _list(client, world.users["teacher_a"], class_page=world.class_b.pk)
    assert response.status_code == 400
    assert "Bram Kind" not in body(response) and "Groep B" not in body(response)
    for params in (
        {"first_day": "gisteren"},
        {"first_day": "2026-05-02", "last_day": "2026-05-01"},
        {"late": "misschien"},
    ):
        assert _list(client, director, **params).status_code == 400
    # Parents never get the admin.
    assert _list(client, world.users["parent_a"]).status_code == 403


def test_the_export_is_scoped_and_safe_against_formulas(client, world, school_day, submit):
    submit(
        world.users["parent_a"],
        world.school_absence,
        form_data(
            [world.children["Ana"]],
            reason=AbsenceReport.OTHER,
            day=school_day,
            note='=HYPERLINK("http://evil.example","klik")',
        ),
    )
    rows = _export(client, world.users["director"])
    header, *data = rows
    assert header[0] == dutch("Child")
    notes = [row[-1] for row in data]
    assert '\'=HYPERLINK("http://evil.example","klik")' in notes
    assert {row[0] for row in data} == {"Ana Kind", "Bram Kind"}
    assert {row[0] for row in _export(client, world.users["teacher_b"])[1:]} == {"Bram Kind"}
    assert {row[0] for row in _export(client, world.users["director_other_school"])[1:]} == {"Xena Kind"}
    assert {row[0] for row in _export(client, world.users["director"], reason=AbsenceReport.OTHER)[1:]} == {"Ana Kind"}
    client.force_login(world.users["teacher_a"])
    assert client.get(reverse("attendance_absences_export"), {"class_page": world.class_b.pk}).status_code == 400


@pytest.mark.parametrize("value", ["=1+1", "+31612345678", "-2", "@SUM(A1)", "\tx", "\rx", "|calc", "%x"])
def test_safe_cell_neutralises_formulas(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_keeps_plain_text():
    assert safe_cell("Ana Kind") == "Ana Kind" and safe_cell(None) == "" and safe_cell(3) == "3"


# No input makes a 500 -----------------------------------------------------------

TEXT = st.text(max_size=40) | st.sampled_from(
    ["", "2026-11-23", "08:30", "25:61", "0001-01-01", "9999-12-31", "\x00", "-1"]
)


def mostly(valid, noise=TEXT):
    """Nine times in ten a well-formed value, else noise: so examples pass validation too and reach
    the deeper paths (saving, the open-sick check, recovered) as well as every error path."""
    return st.sampled_from([True] * 9 + [False]).flatmap(lambda well_formed: valid if well_formed else noise)


NEAR_DAYS = st.integers(-40, 40).map(
    lambda offset: (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()
)
ANY_DAYS = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(datetime.date.isoformat)
DAYS = mostly(NEAR_DAYS, ANY_DAYS | TEXT)
TIMES = mostly(st.times().map(lambda value: value.strftime("%H:%M")))
CHILD = mostly(st.sampled_from(["ANA", "BRAM", "XENA"]), st.integers(min_value=-(2**63), max_value=2**63) | TEXT)
REASONS = mostly(st.sampled_from(["sick", "doctor", "dentist", "hospital", "other"]), st.just("Appointment") | TEXT)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    children=mostly(st.lists(CHILD, min_size=1, max_size=3), st.lists(CHILD, max_size=3)),
    reason=REASONS,
    note=mostly(st.text(max_size=200), st.text(min_size=1900, max_size=2100) | TEXT),
    first_day=DAYS,
    first_time=TIMES,
    end_day=mostly(st.just(""), DAYS),
    end_time=st.just("") | TIMES,
    token=mostly(st.uuids().map(str)),
    recovered_day=DAYS,
    recovered_time=TIMES,
)
def test_no_input_makes_a_server_error(
    client,
    world,
    django_capture_on_commit_callbacks,
    children,
    reason,
    note,
    first_day,
    first_time,
    end_day,
    end_time,
    token,
    recovered_day,
    recovered_time,
):
    client.force_login(world.users["parent_a"])
    host, path = where(world.school_absence)
    ids = {"ANA": world.children["Ana"].pk, "BRAM": world.children["Bram"].pk, "XENA": world.children["Xena"].pk}
    data = {
        "children": [ids.get(child, child) for child in children],
        "reason": reason,
        "note": note,
        "first_day": first_day,
        "first_time": first_time,
        "end_day": end_day,
        "end_time": end_time,
        "token": token,
    }
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(path, data, HTTP_HOST=host)
    assert response.status_code < 500
    event(f"report: {response.status_code}")
    open_report = AbsenceReport.objects.open_sick().filter(child=world.children["Ana"]).first()
    if open_report is not None:
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                recovered_path(world.school_absence, open_report),
                {"day": recovered_day, "time": recovered_time},
                HTTP_HOST=host,
            )
        assert response.status_code < 500
        event(f"recovered: {response.status_code}")


# On the demo board: the parent of two children ----------------------------------


@pytest.fixture
def demo(db, settings, tmp_path, clock):
    """The demo board of `manage.py seed_demo`, seeded on a school day before school starts."""
    from django.core.management import call_command

    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path  # the demo's photos
    day = a_school_day()
    clock.set(at(day, 7, 50))
    call_command("seed_demo", stdout=io.StringIO())
    return day


def test_the_demo_has_an_absence_page_per_school_in_both_languages(demo):
    from attendance.models import AbsenceReportPage
    from home.models import SchoolPage

    for school in SchoolPage.objects.filter(locale__language_code="nl"):
        [page] = AbsenceReportPage.objects.child_of(school)
        assert page.live and page.intro
        assert page.get_translation_or_none(_english()) is not None
    before = AbsenceReportPage.objects.count()
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    assert AbsenceReportPage.objects.count() == before


def _english():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def test_the_demo_parent_reports_one_child_sick_before_and_one_after_the_start_time(
    demo, client, clock, submit, mailbox, worker
):
    from accounts.models import User
    from attendance.models import AbsenceReportPage
    from home.models import SchoolPage

    day = demo
    parent = User.objects.get(email="ouder.twee@windwijzer.test")
    lotte = Child.objects.get(first_name="Lotte", last_name="Jansen")
    sem = Child.objects.get(first_name="Sem", last_name="Jansen")
    windwijzer = SchoolPage.objects.get(locale__language_code="nl", slug="de-windwijzer")
    page = AbsenceReportPage.objects.child_of(windwijzer).get()
    starts_at = SchoolCalendarSettings.for_school(windwijzer).school_starts_at

    # The parent finds the form on the school page; it offers exactly their two children.
    client.force_login(parent)
    host, path = where(page)
    assert f'href="{path}"' in body(client.get(where(windwijzer)[1], HTTP_HOST=host))
    html = body(client.get(path, HTTP_HOST=host))
    assert html.count('name="children"') == 2 and "Lotte Jansen" in html and "Sem Jansen" in html

    # Lotte sick before school starts: in time.
    assert clock.now < at(day, starts_at.hour, starts_at.minute)
    response = submit(parent, page, form_data([lotte], day=day, time=starts_at.strftime("%H:%M")))
    assert response.status_code == 302
    lotte_report = AbsenceReport.objects.get(child=lotte)
    assert lotte_report.is_open and not lotte_report.late
    worker()
    told = {
        "leerkracht.groep3@windwijzer.test",
        "administratie@windwijzer.test",
        "ouder.twee@windwijzer.test",
        "ilse.bakker@windwijzer.test",
    }
    assert {message["To"].addresses[0].addr_spec for message in mailbox.messages} == told
    assert all(
        "Lotte Jansen" in mailbox.text(message) and "Sem" not in mailbox.text(message) for message in mailbox.messages
    )

    # Sem sick after school started: accepted, marked late; his teachers are told, Lotte's is not.
    mailbox.clear()
    clock.set(at(day, starts_at.hour, starts_at.minute) + datetime.timedelta(minutes=35))
    response = submit(parent, page, form_data([sem], day=day, time=starts_at.strftime("%H:%M")))
    assert response.status_code == 302
    sem_report = AbsenceReport.objects.get(child=sem)
    assert sem_report.is_open and sem_report.late
    worker()
    told = {
        "leerkracht.groep56@windwijzer.test",
        "sander.vos@windwijzer.test",
        "administratie@windwijzer.test",
        "ouder.twee@windwijzer.test",
        "ilse.bakker@windwijzer.test",
    }
    assert {message["To"].addresses[0].addr_spec for message in mailbox.messages} == told
    for message in mailbox.messages:
        assert dutch("Reported late: after school had started.") in mailbox.text(message)

    # One open sick report per child.
    response = submit(parent, page, form_data([lotte], day=day, time="10:00"))
    assert response.status_code == 400
    assert AbsenceReport.objects.filter(child=lotte).count() == 1

    # Teachers see today's absences of their class on the dashboard; the director the whole school.
    for email, shown, hidden in (
        ("leerkracht.groep3@windwijzer.test", {"Lotte Jansen"}, {"Sem Jansen"}),
        ("leerkracht.groep56@windwijzer.test", {"Sem Jansen"}, {"Lotte Jansen"}),
        ("directeur@windwijzer.test", {"Lotte Jansen", "Sem Jansen"}, set()),
        ("directeur@regenboog.test", set(), {"Lotte Jansen", "Sem Jansen"}),
    ):
        client.force_login(User.objects.get(email=email))
        html = body(client.get(reverse("wagtailadmin_home")))
        assert all(name in html for name in shown) and not any(name in html for name in hidden), email

    # The next morning Lotte is better: the report is closed and everyone is told again.
    mailbox.clear()
    next_day = day + datetime.timedelta(days=1)
    clock.set(at(next_day, 7, 40))
    response = submit(
        parent,
        page,
        {"day": next_day.isoformat(), "time": starts_at.strftime("%H:%M")},
        path=recovered_path(page, lotte_report),
    )
    assert response.status_code == 302
    lotte_report.refresh_from_db()
    assert not lotte_report.is_open and lotte_report.recovered_reported_by == parent
    worker()
    assert {message["To"].addresses[0].addr_spec for message in mailbox.messages} == {
        "leerkracht.groep3@windwijzer.test",
        "administratie@windwijzer.test",
        "ouder.twee@windwijzer.test",
        "ilse.bakker@windwijzer.test",
    }
    client.force_login(parent)
    html = body(client.get(path, HTTP_HOST=host))
    assert html.count("data-report=") == 2
    assert recovered_path(page, sem_report) in html and recovered_path(page, lotte_report) not in html


# Editors ---------------------------------------------------------------------------


def test_editors_place_one_page_per_school_and_describe_it(client, world):
    from attendance.models import AbsenceReportPage
    from home.models import SchoolPage

    assert not AbsenceReportPage.can_create_at(world.school)  # it has one already
    assert not AbsenceReportPage.can_create_at(world.class_a)
    new_school = world.school.get_parent().add_child(instance=SchoolPage(title="Nieuwe school", slug="nieuw"))
    assert AbsenceReportPage.can_create_at(new_school)

    client.force_login(world.users["director"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.school_absence.pk]))
    assert response.status_code == 200
    assert 'name="intro"' in body(response)
    # The preview is the page as parents see it (the director gets the staff explanation).
    request = client.get(reverse("wagtailadmin_home")).wsgi_request
    request.user = world.users["director"]
    preview = world.school_absence.specific.serve_preview(request, "")
    assert preview.status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    first_day=DAYS,
    last_day=DAYS,
    class_page=mostly(st.integers(-(2**63), 2**63).map(str), TEXT),
    reason=REASONS,
    late=mostly(st.sampled_from(["", "yes", "no"])),
    page_number=TEXT,
)
def test_no_filter_makes_a_server_error(client, world, first_day, last_day, class_page, reason, late, page_number):
    client.force_login(world.users["director"])
    params = {
        "first_day": first_day,
        "last_day": last_day,
        "class_page": class_page,
        "reason": reason,
        "late": late,
        "p": page_number,
    }
    for name in ("attendance_absences", "attendance_absences_export"):
        response = client.get(reverse(name), params)
        assert response.status_code < 500
