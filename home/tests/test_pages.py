"""The public pages: what a logged-in parent sees, what they never see, and what it costs.

Uses the small `world` (testing/world.py): school "Windwijzer" with class
groups "Groep A", "Groep B" and last year's "Groep A oud", and "Other school"
with "Groep X".
"""

import re

import pytest
from django.utils.html import escape

from home.models import InfoPage

ALL_CLASS_TITLES = ["Groep A", "Groep B", "Groep A oud", "Groep X"]


def names_a_class(html, title):
    """Is the class group's title in the HTML as a whole name ("Groep A" does not match "Groep A oud")?"""
    return re.search(re.escape(escape(title)) + r"(?![\w/]| oud)", html) is not None


def menu(html):
    match = re.search(r'<nav class="groups".*?</nav>', html, re.S)
    return match.group(0) if match else ""


def path(page):
    """The page's URL within its own site, as the templates link to it."""
    return page.get_url_parts()[2]


def get(client, user, page):
    client.force_login(user)
    return client.get(path(page))


@pytest.mark.parametrize(
    "role, own_class, own_info",
    [("parent_a", "class_a", "class_a_info"), ("parent_b", "class_b", "class_b_info")],
)
def test_parent_sees_own_groups_and_no_other_class(client, world, role, own_class, own_info):
    user = world.users[role]
    own = getattr(world, own_class)
    own_info = getattr(world, own_info)
    for page in (world.school, own):
        response = get(client, user, page)
        assert response.status_code == 200
        html = response.content.decode()
        # Their school and class group in the menu, linked.
        assert f'href="{path(world.school)}"' in menu(html)
        assert f'href="{path(own)}"' in menu(html)
        assert names_a_class(menu(html), own.title)
        # No other class group named anywhere on the page, nor the other school.
        for title in ALL_CLASS_TITLES:
            if title != own.title:
                assert not names_a_class(html, title), f"{title} named on {page.title} for {role}"
        assert world.other_school.title not in html
        assert world.other_info.title not in html

    school_html = get(client, user, world.school).content.decode()
    assert world.school_info.title in school_html  # school-wide information is listed
    class_html = get(client, user, own).content.decode()
    assert own_info.title in class_html  # the class group's own information is listed


def test_school_page_lists_only_visible_info_and_classes(client, world):
    html = get(client, world.users["parent_a"], world.school).content.decode()
    assert f'href="{path(world.class_a)}"' in html
    assert f'href="{path(world.school_info)}"' in html
    for hidden in (world.class_b, world.class_old, world.class_b_info, world.class_a_info):
        assert f'href="{path(hidden)}"' not in html


def test_director_sees_every_current_class_group_on_the_school_page(client, world):
    html = get(client, world.users["director"], world.school).content.decode()
    main = html.split('<main id="main">', 1)[1]
    assert f'href="{path(world.class_a)}"' in main
    assert f'href="{path(world.class_b)}"' in main
    # Last year's group is not listed as one of this year's class groups.
    assert f'href="{path(world.class_old)}"' not in main


def test_class_page_names_its_teachers(client, world):
    teacher = world.users["teacher_a"]
    teacher.first_name, teacher.last_name = "Marieke", "Bos"
    teacher.save()
    html = get(client, world.users["parent_a"], world.class_a).content.decode()
    assert "Marieke Bos" in html
    assert "teacher.b" not in html


def test_info_page_shows_its_text_and_a_way_back(client, world):
    world.class_a_info.body = "<p>Gym op dinsdag</p>"
    world.class_a_info.save()
    html = get(client, world.users["parent_a"], world.class_a_info).content.decode()
    assert "Gym op dinsdag" in html
    assert f'href="{path(world.class_a)}"' in html


def test_another_class_is_not_found_with_an_explanation(client, world):
    response = get(client, world.users["parent_a"], world.class_b)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Groep B" not in html
    assert "parent.a@test.example" in html  # tells which account is logged in


def test_unknown_page_explains(client, world):
    client.force_login(world.users["parent_a"])
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    assert 'href="/accounts/start/"' in response.content.decode()


# Query counts --------------------------------------------------------------
#
# Measured once and pinned: a page costs the same number of queries whether
# its school or class group has two information pages or twenty-two. If a
# template starts querying per item, the second half of each test fails.

# Session, user, the roster token (the access scope and the menu of schools
# and classes come from the cache on a warm request: access.scope,
# access.context_processors; the site too, plumbing.middleware), the locale lookup, the page and its view
# restrictions, the header's conversations with news, and the page's own
# listings; the class page adds its teachers and its parent (the back link).
# The page's posts (news.timeline) take two: the "posts" stamp (the rendered page and the group come
# from the cache, news.listing_cache) and the user's reads; photos add none (news/tests/test_timeline.py).
# The school page also looks up its absence report page (one query) and its
# leave request page (one query).
SCHOOL_PAGE_QUERIES = 14
CLASS_PAGE_QUERIES = 14


def add_info_pages(parent, count):
    for number in range(count):
        parent.add_child(instance=InfoPage(title=f"Extra {number}", slug=f"extra-{number}", body="<p>x</p>"))
        parent.refresh_from_db()


def warm_get(client, page):
    """Fetch once so per-process caches (site root paths, content types) are filled, as in a running server."""
    client.get(path(page))


@pytest.mark.parametrize("which", ["school", "class_a"])
def test_query_count_does_not_grow_with_pages(client, world, django_assert_num_queries, which):
    page = getattr(world, which)
    expected = {"school": SCHOOL_PAGE_QUERIES, "class_a": CLASS_PAGE_QUERIES}[which]
    client.force_login(world.users["parent_a"])
    warm_get(client, page)
    with django_assert_num_queries(expected):
        assert client.get(path(page)).status_code == 200

    add_info_pages(page, 20)
    warm_get(client, page)
    with django_assert_num_queries(expected):
        response = client.get(path(page))
    assert response.status_code == 200
    assert response.content.decode().count("Extra ") == 20
