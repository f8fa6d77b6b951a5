"""A director resets the two-factor sign-in of someone of their school who lost their phone and codes."""

from django.test import Client
from django.urls import reverse

from testing.world import make_user
from twofactor import devices
from twofactor.tests.conftest import code_for, log_in


def signed_in_with_code(world, role, enrolled):
    """A browser of `role` that logged in with password and code."""
    user = world.users[role]
    key, _codes = enrolled(user)
    browser = Client()
    log_in(browser, user)
    assert browser.post(reverse("twofactor:verify"), {"code": code_for(key)}).status_code == 302
    return browser


def reset_url(user):
    return reverse("twofactor_admin:reset", args=[user.pk])


def test_a_director_resets_a_parent_of_their_school(
    client, world, enrolled, mailbox, django_capture_on_commit_callbacks
):
    parent = world.users["parent_a"]
    browser = signed_in_with_code(world, "parent_a", enrolled)
    assert browser.get("/tijdlijn/").status_code == 200
    client.force_login(world.users["director"])
    listing = client.get(reverse("twofactor_admin:index"))
    assert listing.status_code == 200 and parent.email.encode() in listing.content
    confirm = client.get(reset_url(parent))
    assert confirm.status_code == 200 and parent.email.encode() in confirm.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url(parent))
    assert response.status_code == 302 and response["Location"] == reverse("twofactor_admin:index")
    assert not devices.has_device(parent)
    # Logged out everywhere at once.
    ended = browser.get("/tijdlijn/")
    assert ended.status_code == 302 and ended["Location"].startswith(reverse("accounts:login"))
    [mail] = mailbox.to(parent.email)
    assert "two-factor" in mail["Subject"].lower() or "twee" in mail["Subject"].lower()
    assert "http://testserver/accounts/login/" in mailbox.text(mail)
    # The next login is the password only (a parent need not set it up again).
    again = Client()
    log_in(again, parent)
    assert again.get("/tijdlijn/").status_code == 200


def test_a_director_cannot_reset_another_schools_people_or_a_superuser(client, world, enrolled):
    other_parent = world.users["parent_other_school"]
    enrolled(other_parent)
    root = make_user("root@test.example", is_superuser=True, is_staff=True)
    enrolled(root)
    client.force_login(world.users["director"])
    listing = client.get(reverse("twofactor_admin:index"))
    assert other_parent.email.encode() not in listing.content and root.email.encode() not in listing.content
    assert client.post(reset_url(other_parent)).status_code == 404
    assert client.post(reset_url(root)).status_code == 404
    assert client.post(reset_url(world.users["director"])).status_code == 404
    assert devices.has_device(other_parent) and devices.has_device(root)


def test_teachers_cannot_reset(client, world, enrolled):
    enrolled(world.users["parent_a"])
    client.force_login(world.users["teacher_a"])
    # Wagtail answers a refusal in the admin with a redirect to the dashboard and a message.
    for response in (client.get(reverse("twofactor_admin:index")), client.post(reset_url(world.users["parent_a"]))):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert devices.has_device(world.users["parent_a"])


def test_a_superuser_resets_a_director(client, world, enrolled, mailbox, django_capture_on_commit_callbacks):
    director = world.users["director"]
    enrolled(director)
    client.force_login(make_user("root@test.example", is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reset_url(director)).status_code == 302
    assert not devices.has_device(director)
    assert len(mailbox.to(director.email)) == 1


def test_the_list_searches_by_name_or_address(client, world, enrolled):
    enrolled(world.users["parent_a"])
    enrolled(world.users["teacher_a"])
    client.force_login(world.users["director"])
    found = client.get(reverse("twofactor_admin:index"), {"q": "teacher.a"})
    assert b"teacher.a@test.example" in found.content and b"parent.a@test.example" not in found.content
