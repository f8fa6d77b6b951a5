"""The data of bench/test_bench_pages.py: the demo board, scaled up. Run in a process of its own.

    SQLITE_PATH=... MEDIA_ROOT=... DJANGO_SETTINGS_MODULE=bench.settings \\
        python -m bench.pages_data --posts 10000 --children 1000 --parents 1500 --manifest manifest.json

expects a database on which `manage.py migrate` and `manage.py seed_demo`
have run (bench/pages.py runs all three) and adds, in one transaction:

* posts: live posts, newest first 17 minutes apart, dealt round-robin over
  every group of both demo schools (each school-wide group and each class
  group of this school year: ten groups), so the measured parent
  ouder.twee@windwijzer.test, who sees De Windwijzer's school-wide group,
  Groep 3 and Groep 5/6, sees three posts in ten, and the other seven in ten
  are in groups the parent may not see. Every third post has one to three
  photos (four real JPEGs per group, in the group's collection). Written in
  bulk by `bulk_posts` of bench/test_bench_timeline.py (one insert for the
  pages, with valid tree paths and numchild), not through Wagtail's page
  API; no revisions, search or reference index entries (no page measured
  reads them);
* children and parents up to the totals asked for (the demo's included):
  each new child enrolled in a class group of this school year, round-robin;
  each new parent a guardian of one new child (the first parents one each,
  the rest as a second guardian), all with the demo password;
* reads by ouder.twee of one in three of the posts they see.

Then ANALYZE, as a running site would have fresh statistics, and a WAL
checkpoint so the file can be copied. The manifest (JSON) names the measured
user and the paths of the pages to measure, found in the data, not guessed.
"""

import argparse
import datetime
import json
import os
import sys
import time
import uuid


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--children", type=int, default=1_000)
    parser.add_argument("--parents", type=int, default=1_500)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    started = time.perf_counter()
    manifest = build(args.posts, args.children, args.parents)
    manifest["built_in_seconds"] = round(time.perf_counter() - started, 1)
    with open(args.manifest, "w") as out:
        json.dump(manifest, out, indent=2)
    print(json.dumps(manifest["counts"]))


MEASURED_USER = "ouder.twee@windwijzer.test"
MEASURED_GROUP = "Groep 3"
PHOTOS_PER_GROUP = 4


def build(posts, children, parents):
    # Imported here: Django is set up in main() first.
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Site

    from accounts.models import User
    from bench.test_bench_timeline import _image, bulk_posts
    from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
    from classes.schoolyear import current_school_year
    from demo.data import PASSWORD
    from home.models import SchoolPage, StaffRole
    from news.models import PostPage, PostRead
    from privatemedia.collections import ensure_group_collection

    year = current_school_year()
    nl = Locale.objects.get(language_code="nl")
    with transaction.atomic():
        schools = list(SchoolPage.objects.filter(depth=2, locale=nl).order_by("path"))
        if not schools:
            sys.exit("No demo schools: run manage.py seed_demo first.")
        classes = list(ClassPage.objects.filter(locale=nl, school_year=year).live().order_by("path"))
        groups = [
            group for school in schools for group in [school, *[c for c in classes if c.is_descendant_of(school)]]
        ]

        # The author of a group's posts: its first teacher, else a director of the school.
        def author_of(group):
            if isinstance(group, ClassPage):
                teacher = ClassTeacher.objects.filter(page=group).select_related("user").first()
                if teacher:
                    return teacher.user
            school = group if isinstance(group, SchoolPage) else group.get_parent().specific
            role = StaffRole.objects.filter(school=school).order_by("role").select_related("user").first()
            return role.user

        photos = {}
        for group in groups:
            ensure_group_collection(group)
            photos[group.pk] = [_image(group, f"bench-{group.slug}-{n}") for n in range(PHOTOS_PER_GROUP)]

        now = timezone.now()
        specs = {group.pk: [] for group in groups}
        for number in range(posts):
            group = groups[number % len(groups)]
            when = now - datetime.timedelta(minutes=17 * number + 5)
            chosen = photos[group.pk][: 1 + (number // 3) % 3] if number % 3 == 0 else []
            specs[group.pk].append((f"Bericht {number}: nieuws uit {group.title}", when, chosen, uuid.uuid4()))
        post_ids = {group.pk: bulk_posts(group, specs[group.pk], nl.pk, author_of(group)) for group in groups}

        # Children and parents, up to the totals (the demo's own included).
        new_children = max(0, children - Child.objects.count())
        new_parents = max(0, parents - User.objects.filter(guardianships__isnull=False).distinct().count())
        password = make_password(PASSWORD)
        school_of = {c.pk: next(s for s in schools if c.is_descendant_of(s)) for c in classes}
        kids = Child.objects.bulk_create(
            [
                Child(
                    school=school_of[classes[i % len(classes)].pk],
                    first_name=f"Kind{i}",
                    last_name=f"Bench{i // 7}",
                )
                for i in range(new_children)
            ],
            batch_size=500,
        )
        Enrollment.objects.bulk_create(
            [
                Enrollment(child=kid, class_page=classes[i % len(classes)], school_year=year)
                for i, kid in enumerate(kids)
            ],
            batch_size=500,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench.ouder{j}@ouders.test",
                    first_name=f"Ouder{j}",
                    last_name=f"Bench{j // 3}",
                    password=password,
                    is_active=True,
                )
                for j in range(new_parents)
            ],
            batch_size=500,
        )
        # bulk_create sets primary keys on SQLite and PostgreSQL.
        if kids:
            Guardianship.objects.bulk_create(
                [
                    Guardianship(
                        child=kids[j % len(kids)],
                        user=user,
                        relation=Guardianship.MOTHER if j % 2 else Guardianship.FATHER,
                    )
                    for j, user in enumerate(users)
                ],
                batch_size=500,
            )

        # The measured parent's groups, reads and pages.
        parent = User.objects.get(email=MEASURED_USER)
        their_classes = list(
            ClassPage.objects.filter(enrollments__child__guardianships__user=parent, school_year=year).distinct()
        )
        measured_class = next((c for c in their_classes if c.title == MEASURED_GROUP), None)
        if measured_class is None:
            sys.exit(f"{MEASURED_USER} has no child in {MEASURED_GROUP}: did the demo change?")
        their_school = measured_class.get_parent().specific
        visible = [their_school, *their_classes]
        PostRead.objects.bulk_create(
            [PostRead(post_id=pk, user=parent) for group in visible for pk in post_ids.get(group.pk, [])[::3]],
            batch_size=1000,
        )
        with_photos = (
            PostPage.objects.child_of(measured_class)
            .live()
            .exclude(preview_image_ids=[])
            .order_by("-first_published_at")
        ).first()
        if with_photos is None:
            sys.exit(f"No post with photos in {MEASURED_GROUP}.")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    site = Site.objects.get(root_page=their_school)

    def path(page):
        return page.get_url_parts()[2]

    visible_ids = [group.pk for group in visible]
    return {
        "user": MEASURED_USER,
        "password": PASSWORD,
        "site": {"hostname": site.hostname, "port": site.port},
        "paths": {
            "school": path(their_school),
            "class_group": path(measured_class),
            "post_with_photos": path(with_photos),
        },
        "titles": {
            "school": their_school.title,
            "class_group": measured_class.title,
            "post_with_photos": with_photos.title,
        },
        "counts": {
            "live_posts": PostPage.objects.live().count(),
            "posts_in_measured_users_groups": sum(PostPage.objects.child_of(g).live().count() for g in visible),
            "measured_users_groups": [g.title for g in visible],
            "groups": len(groups),
            "visible_group_ids": visible_ids,
            "children": Child.objects.count(),
            "parents": User.objects.filter(guardianships__isnull=False).distinct().count(),
            "images": len(groups) * PHOTOS_PER_GROUP,
        },
    }


if __name__ == "__main__":
    main()
