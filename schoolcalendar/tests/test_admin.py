"""The school calendar in the Wagtail admin: directors only, each for their own school."""

import datetime

import pytest
from django.urls import reverse

from home.models import StaffRole
from schoolcalendar.models import ClosedPeriod, SchoolCalendarSettings
from testing.world import make_user

D = datetime.date


def body(response):
    return response.content.decode()


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.fixture
def director(client, world):
    client.force_login(world.users["director"])
    return world.users["director"]


@pytest.fixture
def periods(world):
    return {
        "own": ClosedPeriod.objects.create(
            school=world.school, name="Herfstvakantie", first_day=D(2026, 10, 17), last_day=D(2026, 10, 25)
        ),
        "other": ClosedPeriod.objects.create(
            school=world.other_school, name="Andere vakantie", first_day=D(2026, 10, 10), last_day=D(2026, 10, 18)
        ),
    }


def test_menu_only_for_directors(client, world):
    office = make_user("office@test.example")
    StaffRole.objects.create(user=office, school=world.school, role=StaffRole.ADMINISTRATION)
    url = reverse("schoolcalendar_settings:index")
    for user, shown in ((world.users["director"], True), (office, False), (world.users["teacher_a"], False)):
        client.force_login(user)
        assert (url in body(client.get(reverse("wagtailadmin_home")))) is shown, user


@pytest.mark.parametrize("name", ["schoolcalendar_settings", "schoolcalendar_closed_periods"])
def test_teachers_administration_and_parents_are_refused(client, world, name):
    office = make_user("office@test.example")
    StaffRole.objects.create(user=office, school=world.school, role=StaffRole.ADMINISTRATION)
    for user in (world.users["teacher_a"], office):
        client.force_login(user)
        assert refused(client.get(reverse(f"{name}:index")))
    client.force_login(world.users["parent_a"])
    assert client.get(reverse(f"{name}:index")).status_code == 403


def test_working_hours_listing_creates_the_row_for_own_school_only(client, world, director):
    response = client.get(reverse("schoolcalendar_settings:index"))
    assert response.status_code == 200
    assert list(SchoolCalendarSettings.objects.values_list("school", flat=True)) == [world.school.pk]
    assert "Windwijzer" in body(response) and "Other school" not in body(response)


def test_director_edits_working_hours(client, world, director):
    row = SchoolCalendarSettings.for_school(world.school)
    url = reverse("schoolcalendar_settings:edit", args=[row.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "working_days": ["1", "2", "4", "5"],
            "working_hours_start": "07:30",
            "working_hours_end": "16:00",
            "school_starts_at": "08:15",
        },
    )
    assert response.status_code == 302, body(response)[:3000]
    row.refresh_from_db()
    assert row.working_day_numbers == frozenset({1, 2, 4, 5})
    assert (row.working_hours_start, row.working_hours_end, row.school_starts_at) == (
        datetime.time(7, 30),
        datetime.time(16, 0),
        datetime.time(8, 15),
    )


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {
                "working_hours_start": "17:00",
                "working_hours_end": "08:00",
                "school_starts_at": "08:30",
                "working_days": ["1"],
            },
            "working_hours_end",
        ),
        ({"working_hours_start": "08:00", "working_hours_end": "17:00", "school_starts_at": "08:30"}, "working_days"),
        (
            {
                "working_hours_start": "25:99",
                "working_hours_end": "17:00",
                "school_starts_at": "08:30",
                "working_days": ["1"],
            },
            "working_hours_start",
        ),
        (
            {
                "working_hours_start": "08:00",
                "working_hours_end": "17:00",
                "school_starts_at": "08:30",
                "working_days": ["9"],
            },
            "working_days",
        ),
        (
            {
                "working_hours_start": "02:30",
                "working_hours_end": "17:00",
                "school_starts_at": "08:30",
                "working_days": ["1"],
            },
            "working_hours_start",
        ),
    ],
)
def test_bad_working_hours_come_back_as_form_errors(client, world, director, data, field):
    row = SchoolCalendarSettings.for_school(world.school)
    response = client.post(reverse("schoolcalendar_settings:edit", args=[row.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    row.refresh_from_db()
    assert row.working_hours_start == datetime.time(8, 0)


def test_another_schools_rows_are_not_found(client, world, periods):
    other_row = SchoolCalendarSettings.for_school(world.other_school)
    client.force_login(world.users["director"])
    assert client.get(reverse("schoolcalendar_settings:edit", args=[other_row.pk])).status_code == 404
    assert client.post(reverse("schoolcalendar_settings:edit", args=[other_row.pk]), {}).status_code == 404
    other = periods["other"]
    assert client.get(reverse("schoolcalendar_closed_periods:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("schoolcalendar_closed_periods:delete", args=[other.pk])).status_code == 404
    assert client.get(reverse("schoolcalendar_closed_periods:history", args=[other.pk])).status_code == 404
    assert ClosedPeriod.objects.filter(pk=other.pk).exists()
    listing = body(client.get(reverse("schoolcalendar_closed_periods:index")))
    assert "Herfstvakantie" in listing and "Andere vakantie" not in listing
    # And the other way round.
    client.force_login(world.users["director_other_school"])
    assert client.get(reverse("schoolcalendar_closed_periods:edit", args=[periods["own"].pk])).status_code == 404
    assert client.get(reverse("schoolcalendar_closed_periods:edit", args=[other.pk])).status_code == 200


def test_director_adds_edits_and_deletes_a_closed_period(client, world, director):
    add = reverse("schoolcalendar_closed_periods:add")
    form = client.get(add).context["form"]
    assert list(form.fields["school"].queryset) == [world.school]
    response = client.post(
        add,
        {
            "school": world.school.pk,
            "name": "Studiedag",
            "kind": "study_day",
            "first_day": "2026-12-02",
            "last_day": "2026-12-02",
        },
    )
    assert response.status_code == 302, body(response)[:3000]
    period = ClosedPeriod.objects.get(name="Studiedag")
    assert period.school_id == world.school.pk
    edit = reverse("schoolcalendar_closed_periods:edit", args=[period.pk])
    response = client.post(
        edit,
        {
            "school": world.school.pk,
            "name": "Studiedagen",
            "kind": "study_day",
            "first_day": "2026-12-02",
            "last_day": "2026-12-03",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.last_day == D(2026, 12, 3)
    assert client.post(reverse("schoolcalendar_closed_periods:delete", args=[period.pk])).status_code == 302
    assert not ClosedPeriod.objects.filter(pk=period.pk).exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"first_day": "2026-12-05", "last_day": "2026-12-01"}, "last_day"),
        ({"first_day": "2026-13-45", "last_day": "2026-12-01"}, "first_day"),
        ({"first_day": "", "last_day": ""}, "first_day"),
        ({"first_day": "2026-01-01", "last_day": "2028-01-01"}, "last_day"),
    ],
)
def test_bad_closed_periods_come_back_as_form_errors(client, world, director, data, field):
    response = client.post(
        reverse("schoolcalendar_closed_periods:add"),
        {"school": world.school.pk, "name": "Vakantie", "kind": "holiday", **data},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ClosedPeriod.objects.exists()


def test_a_forged_school_is_refused(client, world, director):
    response = client.post(
        reverse("schoolcalendar_closed_periods:add"),
        {
            "school": world.other_school.pk,
            "name": "Stiekem",
            "kind": "holiday",
            "first_day": "2026-12-02",
            "last_day": "2026-12-02",
        },
    )
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not ClosedPeriod.objects.exists()


def test_missing_ids_are_not_found(client, world, director):
    assert client.get(reverse("schoolcalendar_settings:edit", args=[999999])).status_code == 404
    assert client.get(reverse("schoolcalendar_closed_periods:edit", args=[999999])).status_code == 404
