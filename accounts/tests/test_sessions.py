"""Sessions end at once when someone no longer belongs to any school."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import UserSession
from classes.models import Child, Enrollment, Guardianship
from home.models import StaffRole
from testing.world import PASSWORD

LOGIN = "/accounts/login/"


def logged_in(user):
    client = Client()
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def session_exists(client):
    return Session.objects.filter(session_key=client.session.session_key).exists()


def assert_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_last_child_leaving_ends_the_parents_sessions_at_once(world, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    laptop, phone = logged_in(parent), logged_in(parent)
    bystander = logged_in(world.users["parent_b"])
    assert laptop.get("/").status_code == 200
    assert UserSession.objects.filter(user=parent).count() == 2
    keys = [laptop.session.session_key, phone.session.session_key]

    ana = Child.objects.get(pk=world.children["Ana"].pk)
    ana.left_on = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        ana.save()

    assert not UserSession.objects.filter(user=parent).exists()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert_sent_to_login(laptop)
    assert_sent_to_login(phone)
    # Another parent of the same school is not touched.
    assert session_exists(bystander)
    assert bystander.get("/").status_code == 200


def test_leaving_later_or_keeping_another_child_keeps_the_session(world, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    client = logged_in(parent)

    ana = Child.objects.get(pk=world.children["Ana"].pk)
    ana.left_on = timezone.localdate() + timezone.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        ana.save()
    assert session_exists(client)

    # A second child at the other school: Ana leaving today leaves them a member.
    xavi = Child.objects.create(school=world.other_school, first_name="Xavi", last_name="Kind")
    Guardianship.objects.create(child=xavi, user=parent, relation=Guardianship.MOTHER)
    ana.left_on = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        ana.save()
    assert session_exists(client)
    assert UserSession.objects.filter(user=parent).exists()


def test_removing_the_last_guardianship_ends_the_session(world, django_capture_on_commit_callbacks):
    client = logged_in(world.users["parent_b"])
    with django_capture_on_commit_callbacks(execute=True):
        Guardianship.objects.get(user=world.users["parent_b"]).delete()
    assert not session_exists(client)
    assert_sent_to_login(client)


def test_deleting_the_child_ends_the_session(world, django_capture_on_commit_callbacks):
    client = logged_in(world.users["parent_b"])
    with django_capture_on_commit_callbacks(execute=True):
        Child.objects.get(pk=world.children["Bram"].pk).delete()
    assert not session_exists(client)


def test_removing_an_enrollment_keeps_a_parent_whose_child_is_still_at_school(
    world, django_capture_on_commit_callbacks
):
    client = logged_in(world.users["parent_b"])
    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.filter(child=world.children["Bram"]).delete()
    # The child still attends the school, so the parent still sees its school-wide group.
    assert session_exists(client)


def test_removing_the_last_staff_role_ends_the_session(world, django_capture_on_commit_callbacks):
    teacher = world.users["teacher_a"]
    client = logged_in(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        StaffRole.objects.get(user=teacher).delete()
    assert not session_exists(client)
    assert not UserSession.objects.filter(user=teacher).exists()
    assert_sent_to_login(client)


def test_switching_an_account_off_ends_its_sessions(world, django_capture_on_commit_callbacks):
    parent = world.users["parent_a"]
    client = logged_in(parent)
    parent.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        parent.save()
    assert not session_exists(client)


def test_nothing_happens_before_the_commit(world, django_capture_on_commit_callbacks):
    client = logged_in(world.users["parent_b"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Guardianship.objects.get(user=world.users["parent_b"]).delete()
    assert session_exists(client)
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_in_a_real_transaction_the_session_ends_on_commit():
    from django.db import transaction

    from testing.world import build_world

    world = build_world()
    client = logged_in(world.users["parent_a"])
    with transaction.atomic():
        ana = Child.objects.get(pk=world.children["Ana"].pk)
        ana.left_on = timezone.localdate()
        ana.save()
        assert session_exists(client), "not before the commit"
    assert not session_exists(client)
    assert_sent_to_login(client)
