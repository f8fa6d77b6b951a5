"""Absence reports cannot flood the school's and the guardians' mailboxes, and a sick child is still reported.

Real requests (the page's access check, the form), the outbox delivered by
the worker task once the news is due, and a real SMTP server.
"""

import datetime
import html

import pytest
from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext

from attendance.models import AbsenceReport
from attendance.tests.test_absence_reports import a_school_day, at, form_data, recovered_path, where
from classes.models import Child, Enrollment, Guardianship
from home.models import StaffRole
from notifications import tasks as notification_tasks
from notifications.models import Notification
from testing.world import make_user

HOME = "198.51.100.20"
CALL = "There have been many reports for %(names)s today already. For any further change, please call the school."
FROM_CLIENT = "Many reports have been sent from this connection today. For any further change, please call the school."


@pytest.fixture
def school_day(clock, world):
    """A school day at 07:45, without the world's own reports (so the day's count starts at 0)."""
    AbsenceReport.objects.all().delete()
    day = a_school_day()
    clock.set(at(day, 7, 45))
    return day


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(user, page, data, path=None, address=HOME):
        client.force_login(user)
        host, page_path = where(page)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path or page_path, data, HTTP_HOST=host, REMOTE_ADDR=address)

    return post


@pytest.fixture
def worker(clock):
    def run():
        pending = Notification.objects.filter(status=Notification.PENDING)
        while (due := pending.aggregate(first=Min("next_attempt_at"))["first"]) is not None:
            clock.set(max(due, clock.now))
            notification_tasks.deliver_notifications.call()

    return run


@pytest.fixture
def administration(world):
    user = make_user("administratie@test.example")
    StaffRole.objects.create(user=user, school=world.school, role=StaffRole.ADMINISTRATION)
    return user


def dutch(message):
    with translation.override("nl"):
        return html.escape(gettext(message))


def appointment(child, day, hour):
    return form_data([child], reason=AbsenceReport.DOCTOR, day=day, time=f"{hour:02d}:00", end_time=f"{hour:02d}:30")


def test_thirty_reports_for_one_child_reach_the_school_five_times(
    world, school_day, submit, mailbox, administration, worker, settings
):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    statuses = [
        submit(parent, world.school_absence, appointment(ana, school_day, 8 + n % 10)).status_code for n in range(30)
    ]
    limit = settings.ABSENCE_EVENTS_PER_CHILD_PER_DAY
    assert limit == 5
    assert statuses == [302] * limit + [429] * (30 - limit)
    assert AbsenceReport.objects.filter(child=ana).count() == limit
    worker()
    told = [world.users["teacher_a"].email, administration.email, parent.email]
    # One mail per report and person told: 15, where 30 reports used to send 90.
    assert len(mailbox.messages) == limit * len(told)
    for address in told:
        assert len(mailbox.to(address)) == limit


def test_beyond_the_limit_the_parent_is_asked_to_call_the_school(world, school_day, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    world.school.phone = "020 123 45 67"
    world.school.save_revision().publish()
    for hour in range(8, 13):
        submit(parent, world.school_absence, appointment(ana, school_day, hour))
    response = submit(parent, world.school_absence, appointment(ana, school_day, 14))
    assert response.status_code == 429
    content = response.content.decode()
    assert dutch(CALL) % {"names": "Ana"} in content
    assert dutch("The school's phone number is %(phone)s.") % {"phone": "020 123 45 67"} in content
    # The form stays as typed, so nothing is lost.
    assert 'value="14:00"' in content


def test_a_genuinely_sick_child_is_reported_better_and_sick_again_the_same_day(
    world, school_day, clock, submit, mailbox, worker
):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    assert submit(parent, world.school_absence, form_data([ana], day=school_day)).status_code == 302
    for hour in (10, 12):
        report = AbsenceReport.objects.open_sick().get(child=ana)
        clock.set(at(school_day, hour))
        better = {"day": school_day.isoformat(), "time": f"{hour:02d}:00"}
        path = recovered_path(world.school_absence, report)
        assert submit(parent, world.school_absence, better, path=path).status_code == 302
        sick_again = form_data([ana], day=school_day, time=f"{hour + 1:02d}:00")
        assert submit(parent, world.school_absence, sick_again).status_code == 302
    # Sick, better, sick, better, sick: five reports, all told.
    worker()
    assert len(mailbox.to(world.users["teacher_a"].email)) == 5


def test_better_is_refused_once_the_day_is_full_and_the_report_stays_open(world, school_day, clock, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    for hour in range(8, 12):
        submit(parent, world.school_absence, appointment(ana, school_day, hour))
    submit(parent, world.school_absence, form_data([ana], day=school_day, time="12:00"))
    report = AbsenceReport.objects.open_sick().get(child=ana)
    clock.set(at(school_day, 13))
    better = {"day": school_day.isoformat(), "time": "13:00"}
    response = submit(parent, world.school_absence, better, path=recovered_path(world.school_absence, report))
    assert response.status_code == 429
    assert dutch(CALL) % {"names": "Ana"} in response.content.decode()
    report.refresh_from_db()
    assert report.is_open


def test_the_limit_is_per_child_and_per_day(world, school_day, clock, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    sibling = Child.objects.create(school=world.school, first_name="Cas", last_name="Kind")
    Enrollment.objects.create(child=sibling, class_page=world.class_b)
    Guardianship.objects.create(child=sibling, user=parent, relation=Guardianship.MOTHER)
    for hour in range(8, 13):
        submit(parent, world.school_absence, appointment(ana, school_day, hour))
    assert submit(parent, world.school_absence, appointment(ana, school_day, 14)).status_code == 429
    # Together with a child that has had its reports: refused, naming only that child.
    both = form_data([ana, sibling], reason=AbsenceReport.DOCTOR, day=school_day, time="15:00", end_time="15:30")
    response = submit(parent, world.school_absence, both)
    assert response.status_code == 429
    assert dutch(CALL) % {"names": "Ana"} in response.content.decode()
    assert submit(parent, world.school_absence, appointment(sibling, school_day, 15)).status_code == 302
    # The next day Ana can be reported again.
    next_day = school_day + datetime.timedelta(days=1)
    clock.set(at(next_day, 7, 30))
    assert submit(parent, world.school_absence, appointment(ana, next_day, 9)).status_code == 302


def test_both_guardians_share_the_childs_limit(world, school_day, submit):
    ana = world.children["Ana"]
    father = make_user("vader.ana@test.example")
    Guardianship.objects.create(child=ana, user=father, relation=Guardianship.FATHER)
    for hour in range(8, 11):
        submit(world.users["parent_a"], world.school_absence, appointment(ana, school_day, hour))
    statuses = [submit(father, world.school_absence, appointment(ana, school_day, h)).status_code for h in (11, 12, 13)]
    assert statuses == [302, 302, 429]


def test_a_double_submit_at_the_limit_is_still_recognised(world, school_day, submit):
    parent, ana = world.users["parent_a"], world.children["Ana"]
    for hour in range(8, 12):
        submit(parent, world.school_absence, appointment(ana, school_day, hour))
    last = appointment(ana, school_day, 12)
    assert submit(parent, world.school_absence, last).status_code == 302
    again = submit(parent, world.school_absence, last)
    assert again.status_code == 302
    assert AbsenceReport.objects.filter(child=ana).count() == 5


def test_one_connection_reporting_for_many_families_is_limited(world, school_day, submit, settings, mailbox, worker):
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "absence_client": {"allowed": 3, "window": 24 * 3600}}
    ana, bram = world.children["Ana"], world.children["Bram"]
    statuses = [
        submit(world.users["parent_a"], world.school_absence, appointment(ana, school_day, 8)).status_code,
        submit(world.users["parent_b"], world.school_absence, appointment(bram, school_day, 8)).status_code,
        submit(world.users["parent_a"], world.school_absence, appointment(ana, school_day, 9)).status_code,
    ]
    refused = submit(world.users["parent_b"], world.school_absence, appointment(bram, school_day, 9))
    assert statuses == [302, 302, 302]
    assert refused.status_code == 429
    assert dutch(FROM_CLIENT) in refused.content.decode()
    assert AbsenceReport.objects.count() == 3
    # The same parent on another connection still reports.
    other = submit(world.users["parent_b"], world.school_absence, appointment(bram, school_day, 9), address="192.0.2.9")
    assert other.status_code == 302
