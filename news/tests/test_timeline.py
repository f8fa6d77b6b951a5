"""The timeline (news:timeline) and the news on school and class group pages.

A parent lands on one timeline of every live post of their groups: their
schools' school-wide groups and their children's class groups, newest first,
paged, filterable per group, in their language, with an unread mark and up
to three photos per post. The school page and the class group pages list
their own posts with the same items. Each costs a fixed number of queries.

Uses the small world (testing/world.py) and the real database, media storage
and URL stack.
"""

import datetime
import re
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from classes.models import Child, Enrollment, Guardianship
from home.tests import test_pages
from news.models import PostPage, PostRead
from news.timeline import PER_PAGE, PHOTO_SPEC
from privatemedia.collections import collection_for_page
from schoolcalendar.publishing import without_working_hours

TIMELINE = "/tijdlijn/"
EN_TIMELINE = "/en/tijdlijn/"


def older_link(response):
    """The address of the "older posts" link of a listing, or None on its last page."""
    found = re.search(r'<a rel="next" href="([^"]+)"', response.content.decode())
    return found.group(1).replace("&amp;", "&") if found else None


NOW = timezone.now()


# Building posts ------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    # Wagtail caches renditions; one of an earlier test points at its MEDIA_ROOT.
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    return tmp_path


def make_image(group_page, name):
    out = BytesIO()
    PILImage.new("RGB", (64, 48), (40, 120, 200)).save(out, format="JPEG")
    image = get_image_model()(
        title=name,
        collection=collection_for_page(group_page),
        file=ImageFile(BytesIO(out.getvalue()), name=f"{name}.jpg"),
    )
    image.save()
    return image


def add_post(parent, title, hours_ago=1, images=(), owner=None, live=True, text=None):
    """A live post under a school or class group page, first published `hours_ago`."""
    parent.refresh_from_db()
    body = [("text", f"<p>{text or title + ': het nieuws.'}</p>")]
    if images:
        body.append(("gallery", {"images": list(images), "caption": ""}))
    when = NOW - datetime.timedelta(hours=hours_ago) if live else None
    post = PostPage(
        title=title,
        slug=slugify(title),
        body=body,
        live=live,
        first_published_at=when,
        last_published_at=when,
        owner=owner,
    )
    parent.add_child(instance=post)
    return post


def items(response):
    return response.context["timeline"].items


def titles(response):
    return [item.title for item in items(response)]


def login(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def translate(page, title=None):
    """A published English translation of a page (its parent must be translated first)."""
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    if title:
        english.title = title
    if isinstance(english, PostPage):
        english.body = [("text", f"<p>{title}: the news in English.</p>")]
    with without_working_hours():
        english.save_revision().publish()
    english.refresh_from_db()
    return english


# Who sees what ----------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_form(client, world):
    response = client.get(TIMELINE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_after_login_a_parent_lands_on_the_timeline(world):
    client = login(world, "parent_a")
    assert client.get(reverse("accounts:after_login"))["Location"] == TIMELINE
    response = client.get(TIMELINE)
    assert response.status_code == 200
    assert f'href="{TIMELINE}"' in response.content.decode()  # linked in the header


def test_parent_sees_exactly_their_groups_live_posts(world):
    school_new = add_post(world.school, "Sportdag", hours_ago=2)
    class_new = add_post(world.class_a, "Uitje groep A", hours_ago=3)
    add_post(world.class_b, "Uitje groep B", hours_ago=1)
    add_post(world.class_old, "Vorig jaar", hours_ago=1)
    add_post(world.other_school, "Elders", hours_ago=1)
    add_post(world.class_a, "Concept", live=False)
    unpublished = add_post(world.class_a, "Ingetrokken", hours_ago=1)
    unpublished.unpublish()
    scheduled = add_post(world.class_a, "Morgen", live=False)
    scheduled.go_live_at = NOW + datetime.timedelta(days=1)
    with without_working_hours():
        scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live  # waiting for its moment

    response = login(world, "parent_a").get(TIMELINE)
    assert response.status_code == 200
    assert set(titles(response)) == {
        school_new.title,
        class_new.title,
        world.school_post.title,
        world.class_a_post.title,
    }
    html = response.content.decode()
    for hidden in (
        "Uitje groep B",
        "Vorig jaar",
        "Elders",
        "Concept",
        "Ingetrokken",
        "Morgen",
        "Groep B",
        "Other school",
    ):
        assert hidden not in html
    # Each item names its group.
    groups = {item.title: item.group_title for item in items(response)}
    assert groups == {
        "Sportdag": "Windwijzer",
        "Uitje groep A": "Groep A",
        "Schoolnieuws": "Windwijzer",
        "Nieuws A": "Groep A",
    }


def test_posts_come_from_every_school_of_the_board(world):
    """A parent with children at two schools sees both, linked on each school's own site."""
    parent = world.users["parent_a"]
    xander = Child.objects.create(school=world.other_school, first_name="Xander", last_name="Kind")
    Enrollment.objects.create(child=xander, class_page=world.other_class)
    Guardianship.objects.create(child=xander, user=parent, relation=Guardianship.MOTHER)
    other_class_post = add_post(world.other_class, "Groep X op reis", hours_ago=1)

    response = login(world, "parent_a").get(TIMELINE)
    assert {world.other_post.title, other_class_post.title, world.class_a_post.title} <= set(titles(response))
    html = response.content.decode()
    assert 'href="http://other.testserver/groep-x/groep-x-op-reis/"' in html
    assert 'href="/groep-a/nieuws-a/"' in html


def test_newest_first_across_groups(world):
    add_post(world.class_a, "Drie", hours_ago=30)
    add_post(world.school, "Een", hours_ago=1)
    add_post(world.class_a, "Twee", hours_ago=5)
    response = login(world, "parent_a").get(TIMELINE)
    # The world's own posts were never published with a date: they come last.
    assert titles(response)[:3] == ["Een", "Twee", "Drie"]
    html = response.content.decode()
    assert html.index("Een") < html.index("Twee") < html.index("Drie")


def test_an_item_shows_date_author_and_excerpt(world):
    teacher = world.users["teacher_a"]
    teacher.first_name, teacher.last_name = "Marieke", "Bos"
    teacher.save()
    add_post(world.class_a, "Schoolreis", hours_ago=1, owner=teacher, text="We gaan naar de <b>dierentuin</b>.")
    html = login(world, "parent_a").get(TIMELINE).content.decode()
    article = re.search(
        r'<article class="post-item[^"]*">\s*<h2 class="post-title"><a href="/groep-a/schoolreis/">.*?</article>',
        html,
        re.S,
    )
    assert article, html
    text = article.group(0)
    assert "Marieke Bos" in text
    assert "We gaan naar de dierentuin." in text
    assert "Groep A" in text
    assert f'datetime="{timezone.localtime(NOW - datetime.timedelta(hours=1)).isoformat()[:16]}' in text


def test_excerpt_keeps_paragraphs_apart(world):
    post = add_post(
        world.class_a, "Brief", text="Tot morgen.</p><p>Groet,<br>juf Marieke</p><ul><li>een</li><li>twee</li></ul><p>"
    )
    assert post.excerpt == "Tot morgen. Groet, juf Marieke een twee"


# Paging -------------------------------------------------------------------------


def test_pages_of_twenty_newest_first(world):
    for number in range(PER_PAGE * 2 + 3):
        add_post(world.class_a, f"Bericht {number:02d}", hours_ago=number + 1)
    client = login(world, "parent_a")

    first = client.get(TIMELINE)
    assert titles(first) == [f"Bericht {number:02d}" for number in range(PER_PAGE)]
    assert older_link(first).startswith("/tijdlijn/?eerder=")
    assert "Newest posts" not in first.content.decode() and "Nieuwste berichten" not in first.content.decode()
    second = client.get(older_link(first))
    assert titles(second) == [f"Bericht {number:02d}" for number in range(PER_PAGE, PER_PAGE * 2)]
    assert f'href="{TIMELINE}"' in second.content.decode()  # back to the newest posts
    last = client.get(older_link(second))
    # 43 dated posts and the world's two undated ones; nothing older after them.
    assert titles(last) == ["Bericht 40", "Bericht 41", "Bericht 42", "Nieuws A", "Schoolnieuws"]
    assert older_link(last) is None


def test_an_older_page_stays_the_same_when_new_posts_arrive(world):
    for number in range(PER_PAGE + 5):
        add_post(world.class_a, f"Bericht {number:02d}", hours_ago=number + 1)
    client = login(world, "parent_a")
    older = older_link(client.get(TIMELINE))
    add_post(world.class_a, "Net binnen", hours_ago=0)
    # Page numbers would shift every post by one; the cursor goes on after the post the page ended with.
    assert titles(client.get(older))[:5] == [f"Bericht {number:02d}" for number in range(PER_PAGE, PER_PAGE + 5)]


@pytest.mark.parametrize("cursor", ["abc", "", "1.5", "99", "0", "-1", "9" * 40, "n-x", "12-", "-12", "9" * 19 + "-1"])
def test_a_cursor_that_cannot_be_read_gives_the_first_page(world, cursor):
    for index in range(PER_PAGE + 1):
        add_post(world.class_a, f"Bericht {index:02d}", hours_ago=index + 1)
    response = login(world, "parent_a").get(TIMELINE, {"eerder": cursor})
    assert response.status_code == 200
    assert titles(response)[0] == "Bericht 00"


# The group filter ----------------------------------------------------------------


def test_filter_lists_only_the_users_groups(world):
    html = login(world, "parent_a").get(TIMELINE).content.decode()
    nav = re.search(r'<nav class="group-filter".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav)
    # All groups first, then each of the parent's groups, in tree order.
    assert [href for href, _title in links] == [
        TIMELINE,
        f"/tijdlijn/?groep={world.school.pk}",
        f"/tijdlijn/?groep={world.class_a.pk}",
    ]
    assert [title for _href, title in links][1:] == ["Windwijzer", "Groep A"]


def test_filter_on_own_groups(world):
    for number in range(PER_PAGE + 2):
        add_post(world.class_a, f"Klas {number:02d}", hours_ago=number + 1)
    add_post(world.school, "School", hours_ago=1)
    client = login(world, "parent_a")

    class_only = client.get(TIMELINE, {"groep": world.class_a.pk})
    assert class_only.status_code == 200
    assert all(item.group_id == world.class_a.pk for item in items(class_only))
    assert "School" not in titles(class_only)
    # Paging keeps the group.
    assert older_link(class_only).startswith(f"/tijdlijn/?groep={world.class_a.pk}&eerder=")
    page_two = client.get(older_link(class_only))
    assert titles(page_two) == ["Klas 20", "Klas 21", "Nieuws A"]

    school_only = client.get(TIMELINE, {"groep": world.school.pk})
    assert titles(school_only) == ["School", "Schoolnieuws"]


@pytest.mark.parametrize(
    "value",
    [
        lambda w: w.class_b.pk,  # another class of the same school
        lambda w: w.class_old.pk,  # the child's class of last year
        lambda w: w.other_school.pk,  # another school
        lambda w: w.other_class.pk,
        lambda w: w.class_a_info.pk,  # a page that is not a group
        lambda w: w.class_a_post.pk,
        lambda w: 999_999,
        lambda w: "abc",
        lambda w: "",
        lambda w: "²",
        lambda w: "9" * 5000,
    ],
)
def test_filter_on_anything_else_is_not_found(world, value):
    response = login(world, "parent_a").get(TIMELINE, {"groep": value(world)})
    assert response.status_code == 404
    html = response.content.decode()
    for secret in ("Groep B", "Nieuws B", "Groep A oud", "Other school", "Groep X"):
        assert secret not in html


# Read and unread -------------------------------------------------------------------


def test_unread_mark_goes_once_the_post_is_read(world):
    parent = world.users["parent_a"]
    client = login(world, "parent_a")
    marks = {item.post_pk: item.unread for item in items(client.get(TIMELINE))}
    assert marks == {world.school_post.pk: True, world.class_a_post.pk: True}
    assert client.get(TIMELINE).content.decode().count('class="badge"') == 2

    PostRead.objects.create(post=world.class_a_post, user=parent)
    marks = {item.post_pk: item.unread for item in items(client.get(TIMELINE))}
    assert marks == {world.school_post.pk: True, world.class_a_post.pk: False}
    # Another parent's reads are theirs.
    assert all(item.unread for item in items(login(world, "director").get(TIMELINE)))


def test_reading_the_post_page_clears_the_mark(world):
    client = login(world, "parent_a")
    assert client.get(world.class_a_post.get_url()).status_code == 200
    marks = {item.post_pk: item.unread for item in items(client.get(TIMELINE))}
    assert marks[world.class_a_post.pk] is False
    assert marks[world.school_post.pk] is True


# Languages ---------------------------------------------------------------------------


@pytest.fixture
def english(world):
    """English translations of school A, class A and class A's post (the school post has none)."""
    school = translate(world.school, "Windwijzer (EN)")
    class_a = translate(world.class_a, "Group A")
    post = translate(world.class_a_post, "News A")
    return {"school": school, "class_a": class_a, "post": post}


def test_english_translation_when_there_is_one_else_dutch(world, english):
    client = login(world, "parent_a")
    response = client.get(EN_TIMELINE)
    assert response.status_code == 200
    shown = {item.post_pk: item for item in items(response)}
    assert set(shown) == {english["post"].pk, world.school_post.pk}  # never both languages of one post
    html = response.content.decode()
    assert "News A" in html and "Nieuws A" not in html
    assert 'href="/en/groep-a/nieuws-a/"' in html
    # The Dutch post without a translation is shown, marked as Dutch, under the English group name.
    assert '<a href="/en/schoolnieuws/" lang="nl">Schoolnieuws</a>' in html or 'lang="nl">Schoolnieuws</a>' in html
    assert shown[english["post"].pk].group_title == "Group A"
    assert shown[world.school_post.pk].group_title == "Windwijzer (EN)"

    dutch = client.get(TIMELINE)
    assert {item.post_pk for item in items(dutch)} == {world.class_a_post.pk, world.school_post.pk}
    assert "News A" not in dutch.content.decode()


def test_a_draft_translation_is_not_shown(world, english):
    english["post"].unpublish()
    shown = [item.post_pk for item in items(login(world, "parent_a").get(EN_TIMELINE))]
    assert sorted(shown) == sorted([world.class_a_post.pk, world.school_post.pk])


def test_english_keeps_the_dutch_order_date_and_read_mark(world, english):
    parent = world.users["parent_a"]
    PostPage.objects.filter(pk=world.class_a_post.pk).update(first_published_at=NOW - datetime.timedelta(days=3))
    PostPage.objects.filter(pk=world.school_post.pk).update(first_published_at=NOW - datetime.timedelta(days=1))
    # The translation was published just now; the post is still three days old.
    PostRead.objects.create(post=world.class_a_post, user=parent)
    english_items = items(login(world, "parent_a").get(EN_TIMELINE))
    assert [item.post_pk for item in english_items] == [world.school_post.pk, english["post"].pk]
    assert english_items[1].date == NOW - datetime.timedelta(days=3)
    assert [item.unread for item in english_items] == [True, False]


def test_english_group_filter(world, english):
    client = login(world, "parent_a")
    # The English group page's id and the Dutch one's choose the same group.
    for group_id in (english["class_a"].pk, world.class_a.pk):
        response = client.get(EN_TIMELINE, {"groep": group_id})
        assert response.status_code == 200
        assert [item.post_pk for item in items(response)] == [english["post"].pk]
    html = client.get(EN_TIMELINE).content.decode()
    assert f'href="/en/tijdlijn/?groep={english["class_a"].pk}">Group A<' in html


# Staff --------------------------------------------------------------------------------


def test_teacher_sees_own_classes_and_the_school(world):
    add_post(world.class_old, "Vorig jaar", hours_ago=1)
    response = login(world, "teacher_a").get(TIMELINE)
    assert set(titles(response)) == {"Schoolnieuws", "Nieuws A"}
    assert login(world, "teacher_a").get(TIMELINE, {"groep": world.class_b.pk}).status_code == 404


def test_director_sees_the_whole_school(world):
    add_post(world.class_old, "Vorig jaar", hours_ago=1)
    response = login(world, "director").get(TIMELINE)
    assert set(titles(response)) == {"Vorig jaar", "Schoolnieuws", "Nieuws A", "Nieuws B"}
    assert "Other news" not in response.content.decode()
    assert login(world, "director").get(TIMELINE, {"groep": world.other_school.pk}).status_code == 404
    assert login(world, "director_other_school").get(TIMELINE).context["timeline"].items[0].title == "Other news"


def test_the_admin_links_to_the_timeline(world):
    html = login(world, "teacher_a").get(reverse("wagtailadmin_home")).content.decode()
    assert '"url": "/tijdlijn/"' in html


# Photos ------------------------------------------------------------------------------------


def test_up_to_three_photos_as_protected_renditions(world, media_root):
    photos = [make_image(world.class_a, f"foto-{number}") for number in range(4)]
    post = add_post(world.class_a, "Fotos", hours_ago=1, images=photos)
    assert post.preview_image_ids == [photo.pk for photo in photos[:3]]

    client = login(world, "parent_a")
    response = client.get(TIMELINE)
    item = next(item for item in items(response) if item.post_pk == post.pk)
    assert item.photo_ids == [photo.pk for photo in photos[:3]]
    sources = re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())
    assert len(sources) == 3
    expected = [photo.get_rendition(PHOTO_SPEC).url for photo in photos[:3]]
    assert sources == expected
    for url in sources:
        assert url.startswith("/bestanden/images/")
        assert client.get(url).status_code == 200
        assert login(world, "parent_b").get(url).status_code == 404


def test_a_photo_of_another_group_is_left_out(world, media_root):
    """A teacher of two classes could pick class B's photo for class A: class A's parents may not see it."""
    own = make_image(world.class_a, "eigen")
    foreign = make_image(world.class_b, "van-groep-b")
    post = add_post(world.class_a, "Gemengd", hours_ago=1, images=[foreign, own])
    item = next(item for item in items(login(world, "parent_a").get(TIMELINE)) if item.post_pk == post.pk)
    assert item.photo_ids == [own.pk]
    director_item = next(item for item in items(login(world, "director").get(TIMELINE)) if item.post_pk == post.pk)
    assert director_item.photo_ids == [foreign.pk, own.pk]


# The group pages ------------------------------------------------------------------------


def test_class_page_lists_its_own_posts_paged(world):
    for number in range(PER_PAGE + 1):
        add_post(world.class_a, f"Klas {number:02d}", hours_ago=number + 1)
    add_post(world.school, "Voor iedereen", hours_ago=1)
    client = login(world, "parent_a")
    html = client.get("/groep-a/").content.decode()
    listed = re.findall(r'<h3 class="post-title"><a href="[^"]+">([^<]+)</a>', html)
    assert listed == [f"Klas {number:02d}" for number in range(PER_PAGE)]
    assert "Voor iedereen" not in html
    first = client.get("/groep-a/")
    assert older_link(first).startswith("/groep-a/?eerder=")
    html = client.get(older_link(first)).content.decode()
    assert re.findall(r'<h3 class="post-title"><a href="[^"]+">([^<]+)</a>', html) == ["Klas 20", "Nieuws A"]
    assert 'href="/groep-a/"' in html
    assert client.get("/groep-a/", {"eerder": "x"}).status_code == 200


def test_school_page_lists_only_school_wide_posts(world):
    add_post(world.school, "Voor iedereen", hours_ago=1)
    add_post(world.class_a, "Alleen A", hours_ago=1)
    html = login(world, "parent_a").get("/").content.decode()
    listed = re.findall(r'<h3 class="post-title"><a href="[^"]+">([^<]+)</a>', html)
    assert listed == ["Voor iedereen", "Schoolnieuws"]


def test_class_page_in_english(world, english):
    html = login(world, "parent_a").get("/en/groep-a/").content.decode()
    listed = re.findall(r'<h3 class="post-title"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert listed == [("/en/groep-a/nieuws-a/", "News A")]


# Query counts -------------------------------------------------------------------------------
#
# Measured and pinned: the timeline, a class page and the school page cost the
# same number of queries with 2 posts or 25, with photos, in 2 groups or 5,
# in Dutch or English. On a warm request the access scope, the menu, the
# groups, the photo collections and the rendered page of posts come from the
# cache, which leaves: session, user, the roster token, the "posts" stamp,
# the user's reads of the page's posts and the header's count of
# conversations with news.

TIMELINE_QUERIES = 6
EN_TIMELINE_QUERIES = TIMELINE_QUERIES
# The group pages as pinned in home/tests/test_pages.py (posts without
# photos): photos and translations are in the cached page as well.
CLASS_PAGE_QUERIES = test_pages.CLASS_PAGE_QUERIES
SCHOOL_PAGE_QUERIES = test_pages.SCHOOL_PAGE_QUERIES


def warm(client, url):
    """Fill per-process caches and generate the renditions, as a running server would have."""
    assert client.get(url).status_code == 200


def add_posts_with_photos(world, groups, count, prefix):
    images = {group.pk: [make_image(group, f"{prefix}-{group.pk}-{n}") for n in range(4)] for group in groups}
    for number in range(count):
        group = groups[number % len(groups)]
        add_post(group, f"{prefix} {number}", hours_ago=number + 1, images=images[group.pk][: 1 + number % 4])


def give_parent_a_more_groups(world):
    """Children in class B and at the other school too: five groups instead of two."""
    parent = world.users["parent_a"]
    for first, school, class_page in (
        ("Bo", world.school, world.class_b),
        ("Xan", world.other_school, world.other_class),
    ):
        kid = Child.objects.create(school=school, first_name=first, last_name="Kind")
        Enrollment.objects.create(child=kid, class_page=class_page)
        Guardianship.objects.create(child=kid, user=parent, relation=Guardianship.MOTHER)


def test_timeline_query_count_is_fixed(world, media_root, django_assert_num_queries):
    client = login(world, "parent_a")
    add_posts_with_photos(world, [world.school, world.class_a], 2, "Klein")
    warm(client, TIMELINE)
    with django_assert_num_queries(TIMELINE_QUERIES):
        response = client.get(TIMELINE)
    assert len(items(response)) == 4 and sum(len(item.photo_ids) for item in items(response)) == 3

    give_parent_a_more_groups(world)
    add_posts_with_photos(
        world, [world.school, world.class_a, world.class_b, world.other_school, world.other_class], 25, "Groot"
    )
    PostRead.objects.create(post=PostPage.objects.get(title="Groot 3"), user=world.users["parent_a"])
    for url in (TIMELINE, older_link(client.get(TIMELINE)), f"{TIMELINE}?groep={world.class_b.pk}"):
        warm(client, url)
        with django_assert_num_queries(TIMELINE_QUERIES):
            response = client.get(url)
        assert items(response)
    response = client.get(TIMELINE)
    assert len(items(response)) == PER_PAGE
    assert len(response.context["timeline"].groups) == 5
    assert sum(len(item.photo_ids) for item in items(response)) > 30


def test_english_timeline_query_count_is_fixed(world, english, media_root, django_assert_num_queries):
    client = login(world, "parent_a")
    add_posts_with_photos(world, [world.class_a], 2, "Klein")
    warm(client, EN_TIMELINE)
    with django_assert_num_queries(EN_TIMELINE_QUERIES):
        client.get(EN_TIMELINE)

    add_posts_with_photos(world, [world.school, world.class_a], 25, "Groot")
    for post in PostPage.objects.filter(title__startswith="Groot", locale__language_code="nl")[:10]:
        translate(post, f"Big {post.pk}")
    warm(client, EN_TIMELINE)
    with django_assert_num_queries(EN_TIMELINE_QUERIES):
        response = client.get(EN_TIMELINE)
    assert sum(item.title.startswith("Big") for item in items(response)) >= 5


@pytest.mark.parametrize("which, expected", [("class_a", CLASS_PAGE_QUERIES), ("school", SCHOOL_PAGE_QUERIES)])
def test_group_page_query_count_is_fixed(world, media_root, django_assert_num_queries, which, expected):
    page = getattr(world, which)
    url = page.get_url_parts()[2]
    client = login(world, "parent_a")
    add_posts_with_photos(world, [page], 2, "Klein")
    warm(client, url)
    with django_assert_num_queries(expected):
        client.get(url)

    add_posts_with_photos(world, [page], 25, "Groot")
    give_parent_a_more_groups(world)
    for variant in (url, older_link(client.get(url))):
        warm(client, variant)
        with django_assert_num_queries(expected):
            response = client.get(variant)
        assert response.status_code == 200
    # The world's post, 2 and 25: 28 posts, the second page holds 8.
    assert response.content.decode().count('class="post-item') == 28 - PER_PAGE
