"""The retention page in the admin: what goes next per rule, the periods, the log; and who may see it.

Directors see and set their own school's retention (and superusers every
school's); teachers, administration, parents and another school's director
are refused, as elsewhere in the admin.
"""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from attendance.models import AbsenceReport, moment
from classes.models import Child
from home.models import StaffRole
from retention.models import RetentionLogEntry, RetentionSettings
from retention.periods import shift_years
from retention.runner import apply_all
from testing.world import make_user

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=AMS)
TODAY = NOW.date()
OVERVIEW = reverse("retention:overview")


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def left_child_with_report(school, name, left_on):
    kid = Child.objects.create(school=school, first_name=name, last_name="Weg", left_on=left_on)
    AbsenceReport.objects.create(
        school=school,
        child=kid,
        reason=AbsenceReport.SICK,
        starts_at=moment(datetime.date(2021, 3, 1), datetime.time(8)),
        ends_at=moment(datetime.date(2021, 3, 1), datetime.time(15)),
        submission=uuid.uuid4(),
    )
    return kid


def rule_row(html, key):
    match = re.search(rf'<tr data-rule="{re.escape(key)}" data-count="(\d+)">(.*?)</tr>', html, re.S)
    assert match, key
    return int(match[1]), match[2]


def test_the_director_sees_what_goes_in_the_next_30_days_with_its_day_and_no_names(world, clock):
    clock.set(NOW)
    # Goes in 10 days (5 years after leaving), and one that goes in 40 days: not shown yet.
    left_child_with_report(world.school, "Quinten", shift_years(TODAY, -5) + datetime.timedelta(days=9))
    left_child_with_report(world.school, "Rosa", shift_years(TODAY, -5) + datetime.timedelta(days=39))
    left_child_with_report(world.other_school, "Sem", shift_years(TODAY, -6))

    response = client_as(world.users["director"]).get(OVERVIEW)

    assert response.status_code == 200
    html = response.content.decode()
    count, row = rule_row(html, "attendance.absence_reports")
    assert count == 1
    assert "28 november 2026" in row  # the day it goes
    for name in ("Quinten", "Rosa", "Sem", "Other school"):
        assert name not in html
    assert reverse("retention_settings:edit", args=[RetentionSettings.for_school(world.school).pk]) in html


def test_the_page_shows_the_log_of_what_went(world, clock):
    clock.set(NOW)
    left_child_with_report(world.school, "Teun", shift_years(TODAY, -6))
    apply_all()
    entry = RetentionLogEntry.objects.get(school=world.school, rule="attendance.absence_reports")
    assert entry.count == 1

    html = client_as(world.users["director"]).get(OVERVIEW).content.decode()

    assert '<tr data-log-rule="attendance.absence_reports" data-log-count="1">' in html
    assert 'data-log-rule="leave.requests"' not in html  # nothing went: no line
    other = client_as(world.users["director_other_school"]).get(OVERVIEW).content.decode()
    assert "data-log-rule" not in other


@pytest.mark.parametrize("role", ["teacher_a", "teacher_b", "administration"])
def test_teachers_and_administration_are_refused(world, role):
    if role == "administration":
        user = make_user("office@test.example")
        StaffRole.objects.create(user=user, school=world.school, role=StaffRole.ADMINISTRATION)
    else:
        user = world.users[role]
    client = client_as(user)
    response = client.get(OVERVIEW)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    response = client.get(reverse("retention_settings:index"))
    assert response.status_code in (302, 403)
    assert OVERVIEW not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_parents_and_anonymous_are_kept_out(world):
    assert client_as(world.users["parent_a"]).get(OVERVIEW).status_code == 403
    response = Client().get(OVERVIEW)
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_schools_director_is_refused_this_school(world):
    client = client_as(world.users["director_other_school"])
    response = client.get(OVERVIEW, {"school": world.school.pk})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    row = RetentionSettings.for_school(world.school)
    assert client.get(reverse("retention_settings:edit", args=[row.pk])).status_code == 404
    assert client.get(OVERVIEW, {"school": "x1"}).status_code == 400
    assert client.get(OVERVIEW, {"school": "9" * 40}).status_code == 400


def test_a_superuser_sees_every_school(world):
    admin = make_user("root@test.example", is_superuser=True, is_staff=True)
    client = client_as(admin)
    for school in (world.school, world.other_school):
        response = client.get(OVERVIEW, {"school": school.pk})
        assert response.status_code == 200
        assert f'<option value="{school.pk}" selected>' in response.content.decode()


def test_the_director_changes_the_periods_but_never_below_the_law(world):
    client = client_as(world.users["director"])
    row = RetentionSettings.for_school(world.school)
    url = reverse("retention_settings:edit", args=[row.pk])
    data = {
        "absence_years": 6,
        "leave_school_years": 3,
        "conversation_months": 12,
        "photo_months": 6,
        "parent_account_months": 18,
        "moderation_months": 6,
        "outbox_days": 30,
    }
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.absence_years, row.conversation_months, row.outbox_days) == (6, 12, 30)

    response = client.post(url, {**data, "absence_years": 4})
    assert response.status_code == 200  # the form again, with its message
    assert "absence_years" in response.context["form"].errors
    row.refresh_from_db()
    assert row.absence_years == 6
