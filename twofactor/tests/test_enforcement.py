"""Who must use two-factor sign-in is sent to set it up on every page until they have (TWOFACTOR_ENFORCED on)."""

from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from home.models import StaffRole
from testing.world import make_user
from twofactor.models import TwoFactorSettings
from twofactor.tests.conftest import log_in, set_up


def setup_url(next_path):
    return reverse("twofactor:setup") + "?" + urlencode({"next": next_path})


def require_all_staff(value=True):
    row = TwoFactorSettings.load()
    row.required_for_all_staff = value
    row.save()


def test_a_director_without_two_factor_is_sent_to_set_it_up_on_every_page(client, world, enforced):
    client.force_login(world.users["director"])
    for path in ("/admin/", "/admin/pages/", "/tijdlijn/", reverse("notifications:preferences")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == setup_url(path), path
    page = client.get(setup_url("/admin/"))
    assert page.status_code == 200 and b"data-twofactor-required" in page.content
    # The language switch and logging out stay open.
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("twofactor:setup")})
    assert switched["Location"] == reverse("twofactor:setup")
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_after_setting_it_up_the_director_reaches_the_admin(client, world, enforced):
    log_in(client, world.users["director"])
    set_up(client)
    assert client.get("/admin/").status_code == 200


def test_administration_must_too(client, world, enforced):
    office = make_user("office@test.example")
    StaffRole.objects.create(user=office, school=world.school, role=StaffRole.ADMINISTRATION)
    client.force_login(office)
    assert client.get("/admin/")["Location"] == setup_url("/admin/")


def test_teachers_must_only_when_the_board_requires_it_of_all_staff(client, world, enforced):
    client.force_login(world.users["teacher_a"])
    assert client.get("/admin/").status_code == 200
    require_all_staff()
    assert client.get("/admin/")["Location"] == setup_url("/admin/")
    require_all_staff(False)
    assert client.get("/admin/").status_code == 200


def test_parents_never_must(client, world, enforced):
    require_all_staff()
    client.force_login(world.users["parent_a"])
    assert client.get("/tijdlijn/").status_code == 200


def test_without_enforcement_a_director_signs_in_with_the_password(client, world):
    client.force_login(world.users["director"])
    assert client.get("/admin/").status_code == 200


def test_the_boards_setting_is_edited_by_superusers_only(client, world):
    url = reverse("wagtailsettings:edit", args=["twofactor", "twofactorsettings", TwoFactorSettings.load().pk])
    director = Client()
    director.force_login(world.users["director"])
    refused = director.post(url, {"required_for_all_staff": "on"})
    assert refused.status_code in (302, 403)
    assert not TwoFactorSettings.load().required_for_all_staff
    assert "twofactorsettings" not in director.get("/admin/").content.decode()

    client.force_login(make_user("root@test.example", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200
    saved = client.post(url, {"required_for_all_staff": "on"})
    assert saved.status_code == 302
    assert TwoFactorSettings.load().required_for_all_staff
