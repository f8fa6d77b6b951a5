"""The scope and the menu of groups come from Django's cache between requests, never stale and never another's.

Each test warms the cache with a request, changes what a scope is made of,
and checks that the very next request follows the change (access.scope,
access.signals, access.context_processors).
"""

import datetime

from django.test import Client
from django.utils import timezone

from access import rules
from access.models import RosterStamp
from access.signals import current_token
from classes.models import Child, Enrollment, Guardianship
from home.models import StaffRole

TIMELINE = "/tijdlijn/"


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def url(page):
    return page.get_url_parts()[2]


def menu_titles(response):
    context = response.context
    return [item.title for item in context["nav_schools"]] + [item.title for item in context["nav_classes"]]


def test_a_warm_request_reads_the_scope_from_the_cache(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    client.get(TIMELINE)
    scope = rules.scope_of(type(parent).objects.get(pk=parent.pk))
    assert world.class_a.path in scope.class_paths
    assert world.class_b.path not in scope.class_paths


def test_a_new_guardianship_shows_the_new_class_at_once(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert client.get(url(world.class_b)).status_code == 404
    assert "Groep B" not in menu_titles(client.get(TIMELINE))

    Guardianship.objects.create(child=world.children["Bram"], user=parent, relation=Guardianship.MOTHER)

    assert client.get(url(world.class_b)).status_code == 200
    assert "Groep B" in menu_titles(client.get(TIMELINE))


def test_a_removed_guardianship_ends_access_at_once(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert client.get(url(world.class_a)).status_code == 200

    Guardianship.objects.filter(user=parent).delete()

    response = client.get(url(world.class_a))
    assert response.status_code in (302, 404)  # logged out as a member of no school, or refused
    assert client.get(url(world.class_a)).status_code != 200


def test_a_child_that_left_takes_its_class_along(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert client.get(url(world.class_a)).status_code == 200

    ana = world.children["Ana"]
    Child.objects.filter(pk=ana.pk).update(left_on=timezone.localdate() - datetime.timedelta(days=1))
    ana.refresh_from_db()
    ana.save()  # as the roster admin saves it: the signal gives the roster a new token

    assert client.get(url(world.class_a)).status_code != 200


def test_a_moved_child_sees_its_new_class_and_not_the_old(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert client.get(url(world.class_a)).status_code == 200

    enrollment = Enrollment.objects.get(child=world.children["Ana"], class_page=world.class_a)
    enrollment.class_page = world.class_b
    enrollment.save()

    assert client.get(url(world.class_a)).status_code == 404
    assert client.get(url(world.class_b)).status_code == 200


def test_a_removed_staff_role_ends_the_admin_at_once(world):
    teacher = world.users["teacher_a"]
    client = client_of(teacher)
    assert client.get("/admin/").status_code == 200

    StaffRole.objects.filter(user=teacher).delete()

    assert client.get("/admin/").status_code != 200


def test_a_renamed_class_page_is_renamed_in_the_menu_at_once(world):
    client = client_of(world.users["parent_a"])
    assert "Groep A" in menu_titles(client.get(TIMELINE))

    world.class_a.title = "Groep 3a"
    world.class_a.save_revision().publish()

    assert "Groep 3a" in menu_titles(client.get(TIMELINE))


def test_one_familys_scope_and_menu_never_answer_for_another(world):
    first = client_of(world.users["parent_a"])
    second = client_of(world.users["parent_b"])
    assert "Groep A" in menu_titles(first.get(TIMELINE))
    menu = menu_titles(second.get(TIMELINE))
    assert "Groep B" in menu and "Groep A" not in menu
    assert second.get(url(world.class_a)).status_code == 404
    assert first.get(url(world.class_b)).status_code == 404


def test_logging_in_keeps_the_token_and_a_roster_change_makes_a_new_one(world):
    before = current_token()
    client = Client()
    client.force_login(world.users["parent_a"])  # saves last_login only
    assert current_token() == before
    StaffRole.objects.create(user=world.users["parent_a"], school=world.school, role=StaffRole.TEACHER)
    assert current_token() not in ("", before)


def test_another_process_sees_a_change_through_the_token(world):
    """A change made in another process reaches this one's cache through the database's token."""
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert client.get(url(world.class_b)).status_code == 404
    # As another process would: the row is written and the token changed there; this process's cache knows nothing.
    Guardianship.objects.bulk_create(
        [Guardianship(child=world.children["Bram"], user=parent, relation=Guardianship.MOTHER)]
    )
    RosterStamp.objects.update(token="changed-by-another-process")
    assert client.get(url(world.class_b)).status_code == 200


def group_titles(response):
    return [group.title for group in response.context["timeline"].groups]


def test_the_timelines_groups_follow_the_roster_at_once_and_are_each_familys_own(world):
    parent = world.users["parent_a"]
    client = client_of(parent)
    assert "Groep B" not in group_titles(client.get(TIMELINE))
    assert "Groep A" not in group_titles(client_of(world.users["parent_b"]).get(TIMELINE))

    Guardianship.objects.create(child=world.children["Bram"], user=parent, relation=Guardianship.MOTHER)

    assert "Groep B" in group_titles(client.get(TIMELINE))
    assert "Groep A" not in group_titles(client_of(world.users["parent_b"]).get(TIMELINE))
