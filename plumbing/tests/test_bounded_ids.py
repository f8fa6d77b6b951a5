"""An id beyond 64 bits in any URL is a 404, never a 500 (plumbing.middleware.BoundedIdsMiddleware)."""

import pytest
from django.test import Client

from school_site.tests.test_url_matrix import url_patterns

TOO_LARGE = str(2**63)  # one more than the largest signed 64-bit integer


def urls_with_an_int_id():
    """Every URL pattern that ends in an integer argument (ours, Wagtail's admin and its viewsets), with a huge id."""
    urls = []
    for pattern in url_patterns():
        route = pattern.route.replace("<lang>/", "")
        if "<int:" not in route or route.count("<") != 1:
            continue
        start = route.index("<int:")
        urls.append("/" + route[:start] + TOO_LARGE + route[route.index(">", start) + 1 :])
    return urls


URLS = urls_with_an_int_id()


def test_the_walk_finds_the_urls_that_were_server_errors():
    for url in ("/melden/bericht/", "/reacties/bericht/", "/admin/news/posts/"):
        assert any(found.startswith(url + TOO_LARGE) for found in URLS), url


@pytest.mark.parametrize("role", ["parent_a", "teacher_a", "director"])
def test_an_id_beyond_64_bits_is_not_found(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    problems = []
    for url in URLS:
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            # Parents are turned away from the whole admin first ("admin is for staff").
            expected = {403} if role == "parent_a" and url.startswith("/admin/") else {404}
            if status not in expected:
                problems.append(f"{method.upper()} {url}: {status}")
    assert problems == []


def test_the_largest_id_is_an_id_like_any_other(world):
    client = Client()
    client.force_login(world.users["parent_a"])
    assert client.get(f"/melden/bericht/{2**63 - 1}/").status_code == 404
    assert client.get(f"/melden/bericht/{world.class_a_post.pk}/").status_code == 200
