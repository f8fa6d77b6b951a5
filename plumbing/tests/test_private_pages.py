"""Nothing shown to a logged-in user is kept by a cache (plumbing.middleware.PrivatePagesMiddleware)."""

import pytest
from django.test import Client

from testing.posts import make_image, media_root, url_of  # noqa: F401  (fixture)


def client_of(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ["parent_a", "teacher_a"])
def test_pages_of_a_logged_in_user_are_kept_by_no_cache(world, role):
    client = client_of(world, role)
    for url in ("/tijdlijn/", url_of(world.class_a), url_of(world.class_a_post), "/gesprekken/", "/admin/"):
        response = client.get(url)
        if role == "parent_a" and url == "/admin/":
            assert response.status_code == 403
        else:
            assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store", "no-cache"} <= directives, url


def test_a_photo_keeps_its_own_short_private_lifetime(world, media_root):
    photo = make_image(world.class_a, "klas.jpg")
    response = client_of(world, "parent_a").get(photo.get_rendition("fill-320x240").url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
