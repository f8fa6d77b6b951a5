"""Benchmark: the directors' dashboard "Portal use" and its CSV export for a big school.

Run with `make bench` (`pytest bench`); not part of `make test`. Nothing
here asserts a time: the numbers are printed and written to
bench-results/insights-<database>.json and .txt.

The data: the test world (testing/world.py) with CLASSES class groups at
school A, PARENTS parents (one child each, spread over the groups, most of
them logged in at some point), POSTS posts over the school year (one in
five school-wide, with a revision for half of them, so "asked to publish"
is looked up), READS reads by the posts' parents, an absence report and a
leave request per parent, notification choices and push devices. Bulk
inserts keep the set-up short. The figures' query count is printed too: it
must not grow with the data (insights/tests/test_dashboard.py pins it).
"""

import datetime
import json
import os
import platform
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Revision

from accounts.models import User
from attendance.models import AbsenceReport
from bench.test_bench_timeline import bulk_posts
from bench.timing import measure
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from insights import metrics
from insights.forms import THIS_SCHOOL_YEAR, period_for
from leave import rules as leave_rules
from leave.models import LeaveRequest
from news.models import PostPage, PostRead
from notifications.models import POST_CHOICES, NotificationPreference
from testing.world import build_world
from webapp.models import PushSubscription

CLASSES = int(os.environ.get("BENCH_CLASSES", 20))
PARENTS = int(os.environ.get("BENCH_PARENTS", 500))
POSTS = int(os.environ.get("BENCH_POSTS", 2_000))
READS = int(os.environ.get("BENCH_READS", 50_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 10))
RESULTS = Path(settings.BASE_DIR) / "bench-results"


def build():
    world = build_world()
    school = world.school
    year = current_school_year()
    now = timezone.now()
    classes = []
    for number in range(CLASSES):
        school.refresh_from_db()
        classes.append(
            school.add_child(
                instance=ClassPage(
                    title=f"Groep {number + 1}b", slug=f"groep-{number + 1}b", school_year=year, year_levels="4"
                )
            )
        )

    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"ouder{n}@bench.example",
                first_name=f"Ouder{n}",
                last_name="Bench",
                password=password,
                last_login=(now - datetime.timedelta(days=n % 60)) if n % 5 else None,
            )
            for n in range(PARENTS)
        ],
        batch_size=500,
    )
    users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    children = Child.objects.bulk_create(
        [Child(school=school, first_name=f"Kind{n}", last_name="Bench") for n in range(PARENTS)], batch_size=500
    )
    children = list(Child.objects.filter(last_name="Bench").order_by("pk"))
    Guardianship.objects.bulk_create(
        [
            Guardianship(child=child, user=user, relation=Guardianship.MOTHER)
            for child, user in zip(children, users, strict=True)
        ],
        batch_size=500,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(child=child, class_page=classes[n % CLASSES], school_year=year)
            for n, child in enumerate(children)
        ],
        batch_size=500,
    )
    parents_of = {page.pk: [] for page in classes}
    for n, user in enumerate(users):
        parents_of[classes[n % CLASSES].pk].append(user.pk)

    # Posts over the school year so far: one in five school-wide.
    first_day = period_for(THIS_SCHOOL_YEAR).first_day
    span = max((now - metrics._midnight(first_day)).total_seconds(), 3600)
    nl = Locale.objects.get(language_code="nl")
    groups = [school, *classes]
    specs = {group.pk: [] for group in groups}
    for number in range(POSTS):
        group = school if number % 5 == 0 else classes[number % CLASSES]
        when = now - datetime.timedelta(seconds=span * (number + 0.5) / POSTS)
        specs[group.pk].append((f"Bericht {number}", when, [], uuid.uuid4()))
    post_ids = {group.pk: bulk_posts(group, specs[group.pk], nl.pk, world.users["teacher_a"]) for group in groups}

    # A revision for every other post, saved some hours before it went live.
    published = dict(
        PostPage.objects.filter(pk__in=[pk for ids in post_ids.values() for pk in ids]).values_list(
            "pk", "first_published_at"
        )
    )
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    page_type, post_type = ContentType.objects.get_for_model(Page), ContentType.objects.get_for_model(PostPage)
    revisions = [
        Revision(
            content_type=post_type,
            base_content_type=page_type,
            object_id=str(pk),
            content={},
            object_str="bench",
            created_at=when - datetime.timedelta(hours=(pk % 14)),
        )
        for pk, when in published.items()
        if pk % 2
    ]
    Revision.objects.bulk_create(revisions, batch_size=1000)

    # Reads: READS / POSTS per post, by the post's own parents in turn, minutes to days after it appeared.
    per_post = max(READS // POSTS, 1)
    audience = {school.pk: [user.pk for user in users], **parents_of}
    reads = []
    for group_pk, ids in post_ids.items():
        readers = audience[group_pk]
        for index, pk in enumerate(ids):
            for turn in range(min(per_post, len(readers))):
                user_pk = readers[(index * per_post + turn) % len(readers)]
                delay = datetime.timedelta(minutes=(index * 37 + turn * 113) % 4000)
                reads.append(PostRead(post_id=pk, user_id=user_pk, read_at=published[pk] + delay))
    PostRead.objects.bulk_create(reads, batch_size=2000, ignore_conflicts=True)

    choices = [value for value, _label in POST_CHOICES]
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, posts=choices[n % len(choices)]) for n, user in enumerate(users) if n % 3]
    )
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(user=user, endpoint=f"https://push.example/{n}", p256dh="k", auth="a")
            for n, user in enumerate(users)
            if n % 4 == 0
        ]
    )
    AbsenceReport.objects.bulk_create(
        [
            AbsenceReport(
                school=school,
                child=child,
                class_page=classes[n % CLASSES],
                reason=AbsenceReport.SICK if n % 2 else AbsenceReport.DOCTOR,
                starts_at=now - datetime.timedelta(days=n % 90),
                ends_at=now - datetime.timedelta(days=n % 90) + datetime.timedelta(hours=4),
                submission=uuid.uuid4(),
            )
            for n, child in enumerate(children)
        ],
        batch_size=500,
    )
    statuses = [leave_rules.SUBMITTED, leave_rules.APPROVED, leave_rules.REJECTED]
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                school=school,
                requested_by=user,
                kind=leave_rules.IMPORTANT,
                first_day=now.date(),
                last_day=now.date(),
                school_days=1,
                school_year=year,
                status=statuses[n % 3],
                submission_key=uuid.uuid4(),
                created_at=now - datetime.timedelta(days=n % 90),
            )
            for n, user in enumerate(users)
        ],
        batch_size=500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return world, PostRead.objects.count()


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.perf_counter()
            world, reads = build()
            built_in = time.perf_counter() - started
            yield {"world": world, "reads": reads, "built_in": built_in, "results": {}}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


SCENARIOS = [
    ("dashboard, last 30 days", "/admin/insights/"),
    ("dashboard, this school year", "/admin/insights/?period=year"),
    ("CSV export, this school year", "/admin/insights/export/?period=year"),
]


@pytest.mark.parametrize("label, url", SCENARIOS, ids=[scenario[0] for scenario in SCENARIOS])
def test_scenario(db, data, label, url):
    client = Client()
    client.force_login(data["world"].users["director"])
    result = measure(client, url, REPEAT)
    data["results"][label] = result
    print(
        f"\n{label:32} {result['median_ms']:8.1f} ms median  {result['max_ms']:8.1f} ms max  {result['queries']:3} queries"
    )


def test_each_figure(db, data):
    """How long each figure takes on its own for the school year, and its queries."""
    school, period = data["world"].school, period_for(THIS_SCHOOL_YEAR)
    for metric in metrics.METRICS:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            metric.rows(school, period)
            elapsed = (time.perf_counter() - started) * 1000
        data["results"][f"figure: {metric.key}"] = {
            "median_ms": round(elapsed, 2),
            "max_ms": round(elapsed, 2),
            "queries": len(queries),
        }


def test_write_results(db, data):
    vendor = connection.vendor
    RESULTS.mkdir(exist_ok=True)
    summary = {
        "benchmark": "insights",
        "database": vendor,
        "classes": CLASSES,
        "parents": PARENTS,
        "posts": POSTS,
        "reads": data["reads"],
        "repeat": REPEAT,
        "set_up_seconds": round(data["built_in"], 1),
        "python": platform.python_version(),
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "scenarios": data["results"],
    }
    (RESULTS / f"insights-{vendor}.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [
        f"Portal use benchmark: {CLASSES} class groups, {PARENTS} parents, {POSTS} posts, {data['reads']} reads, "
        f"{vendor}, set-up {summary['set_up_seconds']} s",
        f"{'scenario':36} {'median ms':>10} {'max ms':>10} {'queries':>8}",
    ]
    for label, result in data["results"].items():
        lines.append(f"{label:36} {result['median_ms']:10.1f} {result['max_ms']:10.1f} {result['queries']:8}")
    text = "\n".join(lines) + "\n"
    (RESULTS / f"insights-{vendor}.txt").write_text(text)
    print("\n" + text)
    assert data["results"], "no scenario ran"
