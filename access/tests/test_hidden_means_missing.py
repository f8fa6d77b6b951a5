"""Something that exists but is not yours is answered exactly like something that does not exist.

A 403 for another class's page or photo would confirm that it exists; page
and file ids count up, so a parent could map other families' groups and
posts. The portal answers 404 for both, with the same page (access.wagtail_hooks,
privatemedia.views).
"""

import difflib
import re

import pytest
from django.test import Client

from testing.posts import make_image, media_root  # noqa: F401 (the fixture)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def path_of(page):
    return page.get_url_parts()[2]


TOKENS = re.compile(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')


def assert_answered_alike(hidden, missing):
    """Same status, type and body, but for what differs between any two requests.

    That is the CSRF token, CSP nonces and the requested path itself (the
    language switch sends the visitor back to it).
    """
    assert (hidden.status_code, hidden["Content-Type"]) == (missing.status_code, missing["Content-Type"])
    lines = [
        TOKENS.sub(b"", r.content).replace(r.wsgi_request.path.encode(), b"PATH").decode().splitlines()
        for r in (hidden, missing)
    ]
    assert lines[0] == lines[1], "\n".join(difflib.unified_diff(*lines, lineterm=""))


@pytest.mark.parametrize("role", ["parent_a", "teacher_a"])
def test_another_class_page_is_answered_like_a_page_that_does_not_exist(world, role):
    client = client_of(world.users[role])
    hidden = client.get(path_of(world.class_b))
    missing = client.get(path_of(world.class_b).rstrip("/") + "-bestaat-niet/")
    assert hidden.status_code == 404
    assert_answered_alike(hidden, missing)
    assert world.class_b.title not in hidden.content.decode()


def test_another_schools_post_is_answered_like_a_post_that_does_not_exist(world):
    client = client_of(world.users["parent_a"])
    hidden = client.get(path_of(world.other_post), HTTP_HOST=world.other_school.get_site().hostname)
    missing = client.get(
        path_of(world.other_post).rstrip("/") + "-bestaat-niet/", HTTP_HOST=world.other_school.get_site().hostname
    )
    assert hidden.status_code == 404
    assert_answered_alike(hidden, missing)


def test_another_class_photo_is_answered_like_a_file_that_does_not_exist(world, media_root):
    image = make_image(world.class_b, "klas-b-foto.jpg")
    client = client_of(world.users["parent_a"])
    hidden = client.get(image.file.url)
    missing = client.get(image.file.url.replace("klas-b-foto", "bestaat-niet"))
    assert hidden.status_code == 404
    assert_answered_alike(hidden, missing)
