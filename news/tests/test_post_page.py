"""One post as parents and staff see it: every block, the invitation, and what it costs.

The world of testing/world.py, real media files in a per-test MEDIA_ROOT, the
real URL stack (the page's access check, LoginRequiredMiddleware).
"""

import re

import pytest
from django.utils import timezone

from news.models import EventResponse, PostPage, PostRead
from testing.posts import (  # noqa: F401  (media_root is a fixture)
    event_fields,
    make_document,
    make_image,
    make_post,
    make_video,
    media_root,
    url_of,
)


def get(client, user, page):
    client.force_login(user)
    return client.get(url_of(page))


def full_body(group, photos=3):
    images = [make_image(group, f"foto-{number}.jpg", color=(number * 20 % 255, 80, 120)) for number in range(photos)]
    poster = make_image(group, "poster.jpg")
    return [
        ("text", "<h2>Het programma</h2><p>We gaan naar het <b>bos</b>.</p>"),
        ("gallery", {"images": images, "caption": "Foto's van vorig jaar"}),
        ("video", {"video": make_video(group, poster=poster), "caption": "Zo was het"}),
        ("document", {"document": make_document(group), "title": ""}),
        ("link", {"title": "Het bos", "url": "https://www.natuurmonumenten.example/bos", "text": "Waar we heen gaan"}),
    ]


# Every block -----------------------------------------------------------------


def test_every_block_is_rendered(client, world, media_root):
    teacher = world.users["teacher_a"]
    teacher.first_name, teacher.last_name = "Marieke", "Bos"
    teacher.save()
    post = make_post(world.class_a, "Schoolreisje", body=full_body(world.class_a), owner=teacher)
    response = get(client, world.users["parent_a"], post)
    assert response.status_code == 200
    html = response.content.decode()

    # Group, title, date, author.
    assert '<p class="post-group">Groep A</p>' in html
    assert "<h1>Schoolreisje</h1>" in html
    assert timezone.localtime(post.first_published_at).strftime("%Y-%m-%d") in html
    assert "Marieke Bos" in html

    # Rich text.
    assert "<h2>Het programma</h2>" in html and "<b>bos</b>" in html

    # Gallery: thumbnails from the protected storage, lazy, each linking to a large version.
    gallery = re.search(r'<figure class="gallery.*?</figure>', html, re.S).group(0)
    thumbnails = re.findall(r"<img [^>]*>", gallery)
    assert len(thumbnails) == 3
    for img in thumbnails:
        assert 'loading="lazy"' in img
        assert re.search(r'src="/bestanden/images/[^"]+\.fill-480x360', img), img
    assert len(re.findall(r'<a href="/bestanden/images/[^"]+max-1600x1600', gallery)) == 3
    assert "Foto&#x27;s van vorig jaar" in gallery or "Foto's van vorig jaar" in gallery

    # Video: played in the page, from /bestanden/, with its type and poster.
    video = re.search(r"<video .*?</video>", html, re.S).group(0)
    assert re.search(r'<source src="/bestanden/videos/reisje[^"]*\.mp4" type="video/mp4">', video), video
    assert 'poster="/bestanden/images/' in video and "controls" in video and "playsinline" in video
    assert "Zo was het" in html

    # File: its own title (none given in the block), type and size.
    document = re.search(r'<p class="document">.*?</p>', html, re.S).group(0)
    assert 'href="/bestanden/documents/brief' in document
    assert "Brief over het schoolreisje" in document
    assert re.search(r"PDF · \d+\s+bytes", document), document

    # Link card: title, text and the site it leads to.
    card = re.search(r'<p class="link-card">.*?</p>', html, re.S).group(0)
    assert 'href="https://www.natuurmonumenten.example/bos"' in card and 'rel="noopener noreferrer"' in card
    assert "Het bos" in card and "Waar we heen gaan" in card and "natuurmonumenten.example" in card


def test_the_media_urls_on_the_page_are_served_to_the_parent(client, world, media_root):
    post = make_post(world.class_a, "Schoolreisje", body=full_body(world.class_a, photos=1))
    html = get(client, world.users["parent_a"], post).content.decode()
    urls = set(re.findall(r'(?:src|href|poster)="(/bestanden/[^"]+)"', html))
    assert len(urls) >= 5
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Another class group's parent gets neither the post nor its files.
    client.force_login(world.users["parent_b"])
    assert client.get(url_of(post)).status_code == 404
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_a_school_post_names_the_school_as_its_group(client, world):
    html = get(client, world.users["parent_b"], world.school_post).content.decode()
    assert '<p class="post-group">Windwijzer</p>' in html


def test_a_removed_photo_or_video_leaves_no_hole(client, world, media_root):
    image = make_image(world.class_a)
    video = make_video(world.class_a)
    post = make_post(
        world.class_a,
        "Zonder",
        body=[("gallery", {"images": [image], "caption": ""}), ("video", {"video": video, "caption": ""})],
    )
    image.delete()
    video.delete()
    response = get(client, world.users["parent_a"], post)
    assert response.status_code == 200
    assert "<video" not in response.content.decode()


# The invitation --------------------------------------------------------------


def test_event_invitation_shows_date_time_and_place(client, world):
    fields = event_fields(days_ahead=3)
    post = make_post(world.class_a, "Kijkmiddag", **fields)
    html = get(client, world.users["parent_a"], post).content.decode()
    section = re.search(r'<section class="event".*?</section>', html, re.S).group(0)
    assert "14:00–15:30" in section
    assert "Speelzaal" in section
    assert str(fields["event_date"].day) in section and str(fields["event_date"].year) in section
    assert 'href="#event"' in html  # the teaser under the title


def test_a_post_without_event_has_no_invitation(client, world):
    html = get(client, world.users["parent_a"], world.class_a_post).content.decode()
    assert 'class="event"' not in html and '<form class="answer-form"' not in html


def test_an_event_without_answers_shows_no_form(client, world):
    post = make_post(world.class_a, "Sportdag", **event_fields(rsvp=False))
    html = get(client, world.users["parent_a"], post).content.decode()
    assert 'class="event"' in html and "answer-form" not in html


# What staff see ----------------------------------------------------------------


def test_parents_see_no_totals(client, world):
    post = make_post(world.class_a, "Kijkmiddag", **event_fields())
    html = get(client, world.users["parent_a"], post).content.decode()
    assert "data-answer-summary" not in html


def test_teacher_of_the_class_sees_totals_and_answers_with_names(client, world):
    post = make_post(world.class_a, "Kijkmiddag", **event_fields())
    parent = world.users["parent_a"]
    parent.first_name, parent.last_name = "Mira", "Jansen"
    parent.save()
    EventResponse.objects.create(post=post, user=parent, answer=EventResponse.YES, people=3)
    PostRead.objects.create(post=post, user=parent)
    response = get(client, world.users["teacher_a"], post)
    html = response.content.decode()
    summary = re.search(r"<section class=\"answer-summary\".*?</section>", html, re.S).group(0)
    assert "1" in summary and "Mira Jansen" in summary and "(Ana)" in summary
    assert re.search(r":\s*1\s*\(3\b", summary)  # yes: 1 (3 people), in whichever language
    assert f'href="/admin/news/posts/{post.pk}/readers/"' in summary
    # The teacher's own visit is not a read.
    assert PostRead.objects.filter(post=post).count() == 1


def test_teacher_of_another_class_sees_school_post_totals_without_names(client, world):
    post = make_post(world.school, "Schoolfeest", **event_fields())
    EventResponse.objects.create(post=post, user=world.users["parent_a"], answer=EventResponse.YES, people=2)
    html = get(client, world.users["teacher_b"], post).content.decode()
    assert "data-answer-summary" in html
    assert "parent.a" not in html and "Ana" not in html
    assert "/readers/" not in html
    # The director follows up on the whole school: names and the link.
    html = get(client, world.users["director"], post).content.decode()
    assert "parent.a" in html and "/readers/" in html


# Query counts ------------------------------------------------------------------
#
# Measured once and pinned: the same number of queries with one photo or
# twenty, one block or many, one answer or many. Per role, because staff
# also load the totals. Two of them are the reactions (moderation): the
# school's settings and the reactions with their people. Consent and photos
# (policies.consent.photos.photo_context) adds the post's school and the photos hidden
# for lack of consent, and for parents the school's download setting. The
# header's count of conversations with news is one short query on a warm
# request (its stamp), and the site comes from the cache (plumbing.middleware),
# as does whether the user is one of the post's parents (access.posts).

PARENT_QUERIES = 26
TEACHER_QUERIES = 29


def warm_get(client, page):
    """Fetch once: renditions are made, per-process caches filled, as in a running server."""
    assert client.get(url_of(page)).status_code == 200


@pytest.mark.parametrize("role, expected", [("parent_a", PARENT_QUERIES), ("teacher_a", TEACHER_QUERIES)])
def test_query_count_does_not_grow_with_photos_blocks_or_answers(
    client, world, media_root, django_assert_num_queries, role, expected
):
    client.force_login(world.users[role])
    small = make_post(world.class_a, "Klein", body=full_body(world.class_a, photos=1), **event_fields())
    warm_get(client, small)
    with django_assert_num_queries(expected):
        client.get(url_of(small))

    big_body = full_body(world.class_a, photos=20) + full_body(world.class_a, photos=5)
    big = make_post(world.class_a, "Groot", body=big_body, **event_fields())
    from testing.posts import add_family

    for number in range(8):
        parent, _child = add_family(world.school, world.class_a, f"ouder{number}@test.example", f"Kind{number}")
        EventResponse.objects.create(post=big, user=parent, answer=EventResponse.MAYBE, people=2)
        PostRead.objects.create(post=big, user=parent)
    warm_get(client, big)
    with django_assert_num_queries(expected):
        response = client.get(url_of(big))
    html = response.content.decode()
    assert html.count('loading="lazy"') == 25
    assert html.count("<video") == 2


# The editor's preview ------------------------------------------------------------


def test_preview_of_a_saved_and_of_a_new_post_renders_without_recording_anything(world, rf):
    from django.contrib.sessions.backends.db import SessionStore

    post = make_post(world.class_a, "Kijkmiddag", **event_fields())
    new = PostPage(title="Nog niet opgeslagen", slug="nieuw", body=[("text", "<p>Concept</p>")], **event_fields())
    new.set_url_path(world.class_a)
    new.path, new.depth = world.class_a.path + "9999", world.class_a.depth + 1
    for user in (world.users["teacher_a"], world.users["parent_a"]):
        for page in (post, new):
            request = rf.get("/admin/")
            request.user = user
            request.session = SessionStore()
            response = page.make_preview_request(request)
            assert response.status_code == 200, (user, page.title)
            assert page.title in response.content.decode()
    assert not PostRead.objects.exists() and not EventResponse.objects.exists()
