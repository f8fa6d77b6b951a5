"""Benchmark: the timeline and the group pages over 10,000 posts.

Run with `make bench` (`pytest bench`); not part of `make test` (pytest.ini
collects the apps' `tests/` folders only). Nothing here asserts a time: the numbers are printed
and written to bench-results/timeline-<database>.json and .txt, to compare
before and after a change, on SQLite or on PostgreSQL (DATABASE_URL).

The data: the test world (testing/world.py) with eight more class groups at
school A, 10,000 live posts spread over all groups of both schools (so most
posts are in groups the measured parent may not see), photos on a third of
them, an English translation of one post in five, and reads for a third of
the parent's posts. The parent has children in two class groups of school A
and one at the other school: five groups. Posts are written in bulk, not
through Wagtail's page API, to keep the set-up in seconds.

Each scenario is requested REPEAT times after one warm-up request (which also
generates the photos' renditions); the number of queries is counted on one
more request.
"""

import datetime
import json
import os
import platform
import re
import time
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from bench.timing import measure
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from news.models import PostPage, PostRead, summarise
from privatemedia.collections import collection_for_page
from schoolcalendar.publishing import without_working_hours
from testing.world import build_world

POSTS = int(os.environ.get("BENCH_POSTS", 10_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 20))
EXTRA_CLASSES = 8
RESULTS = Path(settings.BASE_DIR) / "bench-results"


# Building the data ------------------------------------------------------------


def _image(group, name):
    out = BytesIO()
    PILImage.new("RGB", (640, 480), (30, 110, 160)).save(out, format="JPEG")
    image = get_image_model()(
        title=name, collection=collection_for_page(group), file=ImageFile(out, name=f"{name}.jpg")
    )
    image.save()
    return image


def _translate(page, title):
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    with without_working_hours():
        english.save_revision().publish()
    english.refresh_from_db()
    return english


def bulk_posts(parent, specs, locale_id, author):
    """Live PostPages under `parent`, written in bulk: [(title, published at, photos, translation key)].

    Pages go in with one bulk insert; the PostPage rows one by one without
    signals (Django cannot bulk-insert a multi-table child); the parent's
    child count is fixed afterwards. Search and reference indexes are not
    updated: the timeline does not use them.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(PostPage)
    start = parent.numchild
    pages = []
    bodies = []
    for offset, (title, when, photos, key) in enumerate(specs, start=1):
        slug = f"bericht-{uuid.uuid4().hex[:12]}"
        body = [("text", f"<p>{title}: een bericht met wat tekst voor de ouders van de groep.</p>")]
        if photos:
            body.append(("gallery", {"images": photos, "caption": ""}))
        bodies.append(body)
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, start + offset),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=when,
                last_published_at=when,
                owner=author,
                locale_id=locale_id,
                translation_key=key,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    saved = Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "pk")
    pk_by_path = dict(saved)
    for page, body in zip(pages, bodies, strict=True):
        post = PostPage(page_ptr_id=pk_by_path[page.path], body=body)
        post.excerpt, post.preview_image_ids = summarise(post.body)
        post._save_table(raw=True, cls=PostPage, force_insert=True, using="default")
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return [pk_by_path[page.path] for page in pages]


def build():
    world = build_world()
    year = current_school_year()
    extra = []
    for number in range(EXTRA_CLASSES):
        world.school.refresh_from_db()
        extra.append(
            world.school.add_child(
                instance=ClassPage(
                    title=f"Groep {number + 1}x", slug=f"groep-{number + 1}x", school_year=year, year_levels="4"
                )
            )
        )
    groups = [
        world.school,
        world.class_a,
        world.class_b,
        world.class_old,
        world.other_school,
        world.other_class,
        *extra,
    ]

    # The measured parent: children in class A and one extra class, and at the other school.
    parent = world.users["parent_a"]
    for first, school, class_page in (("Bo", world.school, extra[0]), ("Xan", world.other_school, world.other_class)):
        kid = Child.objects.create(school=school, first_name=first, last_name="Kind")
        Enrollment.objects.create(child=kid, class_page=class_page)
        Guardianship.objects.create(child=kid, user=parent, relation=Guardianship.MOTHER)

    # English: school A, class A and its posts (one in five).
    en = Locale.objects.get(language_code="en")
    nl = Locale.objects.get(language_code="nl")
    _translate(world.school, "Windwijzer (EN)")
    english_class_a = _translate(world.class_a, "Group A")

    photos = {group.pk: [_image(group, f"foto-{group.pk}-{n}") for n in range(4)] for group in groups}
    now = timezone.now()
    author = world.users["teacher_a"]
    specs = {group.pk: [] for group in groups}
    for number in range(POSTS):
        group = groups[number % len(groups)]
        when = now - datetime.timedelta(minutes=17 * number + 5)
        chosen = photos[group.pk][: number % 4] if number % 3 == 0 else []
        specs[group.pk].append((f"Bericht {number}", when, chosen, uuid.uuid4()))
    post_ids = {}
    for group in groups:
        post_ids[group.pk] = bulk_posts(group, specs[group.pk], nl.pk, author)
    english_specs = [spec for index, spec in enumerate(specs[world.class_a.pk]) if index % 5 == 0]
    bulk_posts(
        english_class_a,
        [(f"Post {title.split()[-1]}", when, chosen, key) for title, when, chosen, key in english_specs],
        en.pk,
        author,
    )
    visible_groups = [world.school, world.class_a, extra[0], world.other_school, world.other_class]
    reads = [PostRead(post_id=pk, user=parent) for group in visible_groups for pk in post_ids[group.pk][::3]]
    PostRead.objects.bulk_create(reads, batch_size=1000)
    # Fresh statistics after the bulk load, as autovacuum (PostgreSQL) or a
    # running site would have: the planner chooses by them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return world, extra


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("bench-media")
    old_media, old_sendfile = settings.MEDIA_ROOT, settings.SENDFILE_ROOT
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = media_root
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.perf_counter()
            world, extra = build()
            built_in = time.perf_counter() - started
            yield {"world": world, "extra": extra, "built_in": built_in, "results": {}}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            settings.MEDIA_ROOT, settings.SENDFILE_ROOT = old_media, old_sendfile


# Measuring ---------------------------------------------------------------------------


# (label, role, url from the world and the extra class groups)
SCENARIOS = [
    ("parent: timeline, first page", "parent_a", lambda w, extra: "/tijdlijn/"),
    ("parent: timeline, page 40", "parent_a", lambda w, extra: ("/tijdlijn/", 40)),
    ("parent: timeline, one class group", "parent_a", lambda w, extra: f"/tijdlijn/?groep={w.class_a.pk}"),
    ("parent: timeline in English", "parent_a", lambda w, extra: "/en/tijdlijn/"),
    ("parent: class group page", "parent_a", lambda w, extra: "/groep-a/"),
    ("parent: class group page, page 10", "parent_a", lambda w, extra: ("/groep-a/", 10)),
    ("parent: class group page in English", "parent_a", lambda w, extra: "/en/groep-a/"),
    ("parent: school page", "parent_a", lambda w, extra: "/"),
    ("teacher: timeline", "teacher_a", lambda w, extra: "/tijdlijn/"),
    ("director: timeline", "director", lambda w, extra: "/tijdlijn/"),
]


@pytest.mark.parametrize("label, role, url", SCENARIOS, ids=[scenario[0] for scenario in SCENARIOS])
def test_scenario(db, data, label, role, url):
    client = Client()
    client.force_login(data["world"].users[role])
    address = url(data["world"], data["extra"])
    if isinstance(address, tuple):  # page N: follow the "older posts" link N - 1 times, as a reader would
        address, page = address
        for _ in range(page - 1):
            found = re.search(r'<a rel="next" href="([^"]+)"', client.get(address).content.decode())
            address = found.group(1).replace("&amp;", "&")
    result = measure(client, address, REPEAT)
    data["results"][label] = result
    print(
        f"\n{label:40} {result['median_ms']:8.1f} ms median  {result['p90_ms']:8.1f} ms p90  {result['queries']:3} queries"
    )


def test_write_results(db, data):
    """Last: write what the scenarios measured to bench-results/."""
    vendor = connection.vendor
    RESULTS.mkdir(exist_ok=True)
    summary = {
        "benchmark": "timeline",
        "database": vendor,
        "posts": POSTS,
        "repeat": REPEAT,
        "set_up_seconds": round(data["built_in"], 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "scenarios": data["results"],
    }
    (RESULTS / f"timeline-{vendor}.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Timeline benchmark: {POSTS} posts, {REPEAT} requests per scenario, {vendor}, set-up {summary['set_up_seconds']} s",
        f"{'scenario':40} {'median ms':>10} {'p90 ms':>10} {'max ms':>10} {'queries':>8}",
    ]
    for label, result in data["results"].items():
        lines.append(
            f"{label:40} {result['median_ms']:10.1f} {result['p90_ms']:10.1f} {result['max_ms']:10.1f} {result['queries']:8}"
        )
    text = "\n".join(lines) + "\n"
    (RESULTS / f"timeline-{vendor}.txt").write_text(text)
    print("\n" + text)
    assert data["results"], "no scenario ran"
