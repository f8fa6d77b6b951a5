"""Rendered pages of posts in the cache (news.listing_cache): shared where it is safe, new after every change.

Each test first fills the cache with a request, changes one thing the page
is made of, and asks again: the change must show on that very next request.
Pages are shared by everyone with the same audience, so the tests also show
that one family never gets another's page, nor its reads.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classes.models import Child, Enrollment, Guardianship
from news.models import PostRead
from news.tests.test_timeline import add_post, login
from policies.consent.answers import record_answers
from policies.models import PhotoMark
from policies.tests.test_consent import portal
from schoolcalendar.publishing import without_working_hours
from testing.posts import make_image, media_root  # noqa: F401  (fixture)

TIMELINE = "/tijdlijn/"


def page(client, url=TIMELINE):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def photos_in(html):
    return re.findall(r'<img[^>]+src="([^"]+)"', html)


def built_anew(client, url=TIMELINE):
    """Does this request build the page of posts (query the posts) rather than take it from the cache?"""
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return any('"news_postpage"' in query["sql"] for query in queries.captured_queries)


def test_a_second_parent_of_the_same_group_gets_the_cached_page_with_her_own_reads(world):
    post = add_post(world.class_a, "Gymles")
    father = login(world, "parent_a")
    assert built_anew(father)
    PostRead.objects.create(post=post, user=world.users["parent_a"])
    mother_account = world.users["parent_b"]
    # parent_b becomes a second guardian of Ana only: exactly parent_a's groups.
    Guardianship.objects.filter(user=mother_account).delete()
    Guardianship.objects.create(child=world.children["Ana"], user=mother_account, relation=Guardianship.MOTHER)
    mother = login(world, "parent_b")
    page(mother)  # the roster changed: the scope and the page are made anew once
    page(father)
    assert not built_anew(mother)
    assert re.search(r'post-item unread">\s*<h2 class="post-title"><a [^>]*>Gymles', page(mother))
    assert re.search(r'post-item">\s*<h2 class="post-title"><a [^>]*>Gymles', page(father))


def test_one_family_never_sees_the_page_of_another(world):
    add_post(world.class_a, "Alleen groep A")
    add_post(world.class_b, "Alleen groep B")
    assert "Alleen groep A" in page(login(world, "parent_a"))
    html = page(login(world, "parent_b"))
    assert "Alleen groep B" in html and "Alleen groep A" not in html


def test_publishing_editing_and_unpublishing_show_on_the_next_request(world):
    client = login(world, "parent_a")
    page(client)
    post = add_post(world.class_a, "Nieuw bericht")
    assert "Nieuw bericht" in page(client)
    post.title = "Nieuwe titel"
    with without_working_hours():  # else the post would wait for the school's working hours
        post.save_revision().publish()
    html = page(client)
    assert "Nieuwe titel</a>" in html and "Nieuw bericht</a>" not in html
    post.unpublish()
    assert "Nieuwe titel" not in page(client)


def test_a_new_child_in_a_group_brings_its_posts_and_leaving_takes_them(world):
    add_post(world.class_b, "Uit groep B")
    client = login(world, "parent_a")
    assert "Uit groep B" not in page(client)
    sibling = Child.objects.create(school=world.school, first_name="Sam", last_name="Kind")
    Enrollment.objects.create(child=sibling, class_page=world.class_b)
    guardianship = Guardianship.objects.create(
        child=sibling, user=world.users["parent_a"], relation=Guardianship.MOTHER
    )
    assert "Uit groep B" in page(client)
    guardianship.delete()
    assert "Uit groep B" not in page(client)


def test_an_authors_new_name_shows(world):
    teacher = world.users["teacher_a"]
    add_post(world.class_a, "Van de juf", owner=teacher)
    client = login(world, "parent_a")
    page(client)
    teacher.first_name, teacher.last_name = "Anna", "Nieuwenhuis"
    teacher.save()
    assert "Anna Nieuwenhuis" in page(client)


def test_consent_given_and_withdrawn_shows_and_hides_the_photo_at_once(world, media_root):
    photo = make_image(world.class_a, "ana.jpg")
    PhotoMark.objects.create(image=photo, child=world.children["Ana"])
    add_post(world.class_a, "Met Ana", images=[photo])
    parent = login(world, "parent_a")
    teacher = login(world, "teacher_a")
    # The teacher sees the same groups, but also photos hidden for lack of consent: another page.
    assert photos_in(page(teacher)) and not photos_in(page(parent))
    purpose = portal(world)
    record_answers(world.users["parent_a"], world.children["Ana"], {purpose: True})
    assert photos_in(page(parent))
    record_answers(world.users["parent_a"], world.children["Ana"], {purpose: False})
    assert not photos_in(page(parent)) and photos_in(page(teacher))


def test_a_deleted_photo_leaves_the_page(world, media_root):
    photo = make_image(world.class_a, "weg.jpg")
    add_post(world.class_a, "Met foto", images=[photo])
    client = login(world, "parent_a")
    assert len(photos_in(page(client))) == 1
    photo.delete()
    assert photos_in(page(client)) == []


@pytest.mark.parametrize("which", ["class_a", "school"])
def test_group_pages_are_made_anew_after_a_change_too(world, which):
    group = getattr(world, which)
    url = group.get_url_parts()[2]
    client = login(world, "parent_a")
    page(client, url)
    add_post(group, "Vers van de pers")
    assert "Vers van de pers" in page(client, url)
    assert "Vers van de pers" in page(client, reverse("news:timeline"))
