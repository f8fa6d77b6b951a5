"""The roster in the Wagtail admin: scoped to the director's own school, everywhere."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from access.rules import can_view_page
from accounts.models import Invitation, User
from classes.models import Child, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import StaffRole
from testing.world import make_user

VIEWSETS = ["roster_children", "roster_parents", "roster_guardians", "roster_staff"]


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
def office(world):
    user = make_user("office@test.example")
    StaffRole.objects.create(user=user, school=world.school, role=StaffRole.ADMINISTRATION)
    return user


# Menus and access --------------------------------------------------------------


def test_roster_menu_only_for_roster_managers(client, world, office):
    for user, shown in ((world.users["director"], True), (office, True), (world.users["teacher_a"], False)):
        client.force_login(user)
        assert (reverse("roster_children:index") in body(client.get(reverse("wagtailadmin_home")))) is shown


@pytest.mark.parametrize("name", VIEWSETS)
def test_teacher_and_parent_are_refused(client, world, name):
    client.force_login(world.users["teacher_a"])
    assert refused(client.get(reverse(f"{name}:index")))
    assert refused(client.get(reverse(f"{name}:add")))
    client.force_login(world.users["parent_a"])
    assert client.get(reverse(f"{name}:index")).status_code == 403


def test_listings_show_only_own_school(client, world, director):
    children = body(client.get(reverse("roster_children:index")))
    assert "Ana" in children and "Bram" in children and "Xena" not in children
    assert "Groep A" in children  # class group this school year
    parents = body(client.get(reverse("roster_parents:index")))
    assert "parent.a@test.example" in parents and "parent.other@test.example" not in parents
    staff = body(client.get(reverse("roster_staff:index")))
    assert "teacher.a@test.example" in staff and "director.other@test.example" not in staff
    guardians = body(client.get(reverse("roster_guardians:index")))
    assert "Ana" in guardians and "Xena" not in guardians


def test_other_schools_rows_are_not_found(client, world, director):
    xena = world.children["Xena"]
    other_parent = world.users["parent_other_school"]
    other_link = Guardianship.objects.get(child=xena)
    other_role = StaffRole.objects.get(user=world.users["director_other_school"])
    assert client.get(reverse("roster_children:edit", args=[xena.pk])).status_code == 404
    assert client.post(reverse("roster_children:edit", args=[xena.pk]), {"first_name": "X"}).status_code == 404
    assert client.get(reverse("roster_parents:edit", args=[other_parent.pk])).status_code == 404
    assert client.post(reverse("roster_guardians:delete", args=[other_link.pk])).status_code == 404
    assert client.post(reverse("roster_staff:delete", args=[other_role.pk])).status_code == 404
    assert client.get(reverse("roster_children:history", args=[xena.pk])).status_code == 404
    assert Guardianship.objects.filter(pk=other_link.pk).exists()
    assert StaffRole.objects.filter(pk=other_role.pk).exists()


# Children ---------------------------------------------------------------------


def child_data(world, **overrides):
    data = {
        "first_name": "Cas",
        "last_name": "Nieuw",
        "date_of_birth": "2018-05-01",
        "school": world.school.pk,
        "class_group": world.class_b.pk,
        "left_on": "",
    }
    data.update(overrides)
    return data


def test_director_adds_child_with_class_group(client, world, director):
    response = client.post(reverse("roster_children:add"), child_data(world))
    assert response.status_code == 302, body(response)
    child = Child.objects.get(first_name="Cas")
    assert child.school == world.school
    enrollment = Enrollment.objects.get(child=child)
    assert enrollment.class_page_id == world.class_b.pk
    assert enrollment.school_year == current_school_year()


def test_child_form_offers_and_accepts_only_own_school(client, world, director):
    form = body(client.get(reverse("roster_children:add")))
    assert "Groep A" in form and "Groep X" not in form and "Other school" not in form
    assert "Groep A oud" not in form  # last year's class group is not for enrolling now
    response = client.post(reverse("roster_children:add"), child_data(world, class_group=world.other_class.pk))
    assert response.status_code == 200
    response = client.post(reverse("roster_children:add"), child_data(world, school=world.other_school.pk))
    assert response.status_code == 200
    assert not Child.objects.filter(first_name="Cas").exists()


def test_child_leaving_sets_left_on_and_ends_parent_access(client, world, director):
    ana = world.children["Ana"]
    today = timezone.localdate().isoformat()
    data = child_data(
        world, first_name="Ana", last_name="Kind", date_of_birth="", class_group=world.class_a.pk, left_on=today
    )
    response = client.post(reverse("roster_children:edit", args=[ana.pk]), data)
    assert response.status_code == 302, body(response)
    ana.refresh_from_db()
    assert ana.left_on == timezone.localdate()
    parent = User.objects.get(pk=world.users["parent_a"].pk)
    assert not can_view_page(parent, world.class_a)


def test_children_cannot_be_deleted(client, world, director):
    ana = world.children["Ana"]
    assert refused(client.post(reverse("roster_children:delete", args=[ana.pk])))
    assert Child.objects.filter(pk=ana.pk).exists()


# Parents ----------------------------------------------------------------------


def parent_data(world, **overrides):
    data = {
        "email": "Nieuwe.Ouder@Test.example ",
        "first_name": "Nienke",
        "last_name": "Ouder",
        "preferred_language": "nl",
        "child": world.children["Bram"].pk,
        "relation": Guardianship.MOTHER,
    }
    data.update(overrides)
    return data


def test_director_creates_parent_who_is_invited(client, world, director, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster_parents:add"), parent_data(world))
    assert response.status_code == 302, body(response)
    parent = User.objects.get(email="nieuwe.ouder@test.example")
    assert Guardianship.objects.filter(user=parent, child=world.children["Bram"], relation="mother").exists()
    assert Invitation.objects.filter(user=parent).count() == 1
    assert mailbox.to("nieuwe.ouder@test.example")
    assert can_view_page(parent, world.class_b)


def test_existing_account_is_linked_not_duplicated(client, world, director, django_capture_on_commit_callbacks):
    other = world.users["parent_other_school"]
    data = parent_data(world, email=other.email.upper(), first_name="Overwritten")
    response = client.post(reverse("roster_parents:add"), data)
    assert response.status_code == 302, body(response)
    other.refresh_from_db()
    assert other.first_name != "Overwritten"
    assert User.objects.filter(email__iexact=other.email).count() == 1
    assert Guardianship.objects.filter(user=other, child=world.children["Bram"]).exists()
    assert not Invitation.objects.filter(user=other).exists()
    # Linking twice is an error on the form, not a crash.
    response = client.post(reverse("roster_parents:add"), data)
    assert response.status_code == 200


def test_parent_form_offers_only_own_children(client, world, director):
    form = body(client.get(reverse("roster_parents:add")))
    assert "Bram" in form and "Xena" not in form
    response = client.post(reverse("roster_parents:add"), parent_data(world, child=world.children["Xena"].pk))
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuwe.ouder@test.example").exists()


def test_shared_parent_account_cannot_be_changed_by_one_school(client, world, director):
    shared = world.users["parent_other_school"]
    Guardianship.objects.create(child=world.children["Bram"], user=shared, relation=Guardianship.CARER)
    response = client.post(
        reverse("roster_parents:edit", args=[shared.pk]),
        {"email": "hijack@test.example", "first_name": "A", "last_name": "B", "preferred_language": "nl"},
    )
    assert refused(response)
    shared.refresh_from_db()
    assert shared.email == "parent.other@test.example"
    # A parent only this school knows can be corrected.
    own = world.users["parent_b"]
    data = {"email": own.email, "first_name": "Bert", "last_name": "Kind", "preferred_language": "en"}
    assert client.post(reverse("roster_parents:edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert own.first_name == "Bert"


# Guardians --------------------------------------------------------------------


def test_guardian_choices_are_scoped(client, world, director):
    form = body(client.get(reverse("roster_guardians:add")))
    assert "Ana" in form and "Xena" not in form
    assert "parent.a" in form and "parent.other" not in form
    response = client.post(
        reverse("roster_guardians:add"),
        {"child": world.children["Ana"].pk, "user": world.users["parent_other_school"].pk, "relation": "father"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("roster_guardians:add"),
        {"child": world.children["Ana"].pk, "user": world.users["parent_b"].pk, "relation": "father"},
    )
    assert response.status_code == 302
    assert Guardianship.objects.filter(child=world.children["Ana"], user=world.users["parent_b"]).exists()


# Staff ------------------------------------------------------------------------


def test_director_adds_teacher_who_gets_admin_access(client, world, director, django_capture_on_commit_callbacks):
    data = {
        "email": "juf@test.example",
        "first_name": "Juf",
        "last_name": "Nieuw",
        "school": world.school.pk,
        "role": "teacher",
    }
    response = client.post(reverse("roster_staff:add"), data)
    assert response.status_code == 302, body(response)
    teacher = User.objects.get(email="juf@test.example")
    assert teacher.has_perm("wagtailadmin.access_admin")
    assert not teacher.has_perm("classes.manage_roster")
    assert Invitation.objects.filter(user=teacher).exists()


def test_staff_form_rejects_other_school(client, world, director):
    form = body(client.get(reverse("roster_staff:add")))
    assert "Other school" not in form
    data = {
        "email": "x@test.example",
        "first_name": "X",
        "last_name": "Y",
        "school": world.other_school.pk,
        "role": "teacher",
    }
    assert client.post(reverse("roster_staff:add"), data).status_code == 200
    assert not StaffRole.objects.filter(school=world.other_school, role="teacher").exists()


def test_administration_cannot_appoint_or_remove_directors(client, world, office):
    client.force_login(office)
    data = {
        "email": "boss@test.example",
        "first_name": "B",
        "last_name": "C",
        "school": world.school.pk,
        "role": "director",
    }
    assert client.post(reverse("roster_staff:add"), data).status_code == 200
    assert not User.objects.filter(email="boss@test.example").exists()
    director_role = StaffRole.objects.get(user=world.users["director"])
    assert refused(client.post(reverse("roster_staff:delete", args=[director_role.pk])))
    assert StaffRole.objects.filter(pk=director_role.pk).exists()
    teacher_role = StaffRole.objects.get(user=world.users["teacher_b"])
    assert client.post(reverse("roster_staff:delete", args=[teacher_role.pk])).status_code == 302
    assert not StaffRole.objects.filter(pk=teacher_role.pk).exists()


# The teachers of a class group page --------------------------------------------


def class_page_post(world, page, teacher_ids):
    """Publish the page with exactly these teachers: the current ones deleted, these added."""
    current = [{"id": ct.pk, "user": ct.user_id, "DELETE": "1"} for ct in ClassTeacher.objects.filter(page=page)]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "school_year": page.school_year,
            "year_levels": page.year_levels,
            "intro": rich_text(""),
            "teacher_assignments": inline_formset(current + [{"user": pk} for pk in teacher_ids], initial=len(current)),
            "action-publish": "publish",
        }
    )


def test_teacher_choice_on_class_page_is_own_school_staff(client, world, director):
    form = body(client.get(reverse("wagtailadmin_pages:edit", args=[world.class_a.pk])))
    assert "teacher.b@test.example" in form or "teacher.b Test" in form
    assert "director.other" not in form
    assert "parent.a" not in form
    url = reverse("wagtailadmin_pages:edit", args=[world.class_a.pk])
    response = client.post(url, class_page_post(world, world.class_a, [world.users["director_other_school"].pk]))
    assert response.status_code == 200  # invalid choice
    assert not ClassTeacher.objects.filter(user=world.users["director_other_school"]).exists()
    response = client.post(url, class_page_post(world, world.class_a, [world.users["teacher_b"].pk]))
    assert response.status_code == 302
    assert set(ClassTeacher.objects.filter(page=world.class_a).values_list("user__email", flat=True)) == {
        "teacher.b@test.example"
    }
    # teacher B now edits class A; teacher A no longer does.
    client.force_login(world.users["teacher_b"])
    assert client.get(url).status_code == 200
    client.force_login(world.users["teacher_a"])
    assert client.get(url).status_code == 403  # no longer their class: not even visible


def test_teacher_cannot_change_teachers_by_posting_the_hidden_panel(client, world):
    client.force_login(world.users["teacher_a"])
    url = reverse("wagtailadmin_pages:edit", args=[world.class_a.pk])
    response = client.post(url, class_page_post(world, world.class_a, [world.users["teacher_b"].pk]))
    assert response.status_code == 302
    assert list(ClassTeacher.objects.filter(page=world.class_a).values_list("user__email", flat=True)) == [
        "teacher.a@test.example"
    ]
