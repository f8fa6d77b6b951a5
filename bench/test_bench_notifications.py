"""Benchmark: notifications for a class group of 1,000 parents, and a daily digest for 10,000 parents.

Run with `make bench` (`pytest bench`); not part of `make test`. Nothing here
asserts a time: the numbers are printed and written to
bench-results/notifications-<database>.json and .txt.

1. Publishing a post to a class group of 1,000 parents, as the teacher does
   in the admin (one request): the request writes the outbox rows and sends
   nothing (checked: the mail server has received nothing, and the only
   work queued on commit is one delivery task). Reported: time and queries
   of the request, rows written.
2. The worker delivers those 1,000 e-mails to a local SMTP server (aiosmtpd,
   in a process of its own that only counts: bench/smtp_sink.py): time and
   rate; every message counted at the server.
3. A daily digest for 10,000 parents (20 class groups of 500, three posts
   each: two school-wide, one of their class group; one parent in ten has
   read one of them): building the digests (`build_digest`), and delivering
   the 10,000 digest e-mails. Time and rate on a clean run, then the same
   again under tracemalloc for the peak memory.

The clock stands on a Monday at 14:00 (a working moment) and runs on from
there, so working hours never hold anything back.
"""

import datetime
import email
import email.policy
import json
import os
import platform
import time
import tracemalloc
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import User
from bench.smtp_sink import SmtpSink
from classes.models import Child, ClassPage, Enrollment, Guardianship
from news.models import PostPage, PostRead
from notifications import delivery, digests
from notifications.models import DAILY, DigestRun, Notification, NotificationPreference
from testing.world import build_world

PARENTS = int(os.environ.get("BENCH_GROUP_PARENTS", 1_000))
DIGEST_PARENTS = int(os.environ.get("BENCH_DIGEST_PARENTS", 10_000))
DIGEST_GROUPS = 20
RESULTS = Path(settings.BASE_DIR) / "bench-results"
START = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
NO_LIMIT = datetime.timedelta(hours=2)


@pytest.fixture(scope="module")
def clock():
    """Monday 14:00, running on in real time."""
    began = time.monotonic()
    with mock.patch(
        "django.utils.timezone.now",
        lambda: (START + datetime.timedelta(seconds=time.monotonic() - began)).astimezone(datetime.UTC),
    ):
        yield


@pytest.fixture(scope="module")
def smtp():
    """A counting SMTP server in its own process (bench/smtp_sink.py)."""
    with (
        SmtpSink() as sink,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=sink.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ),
    ):
        yield sink


def add_parents(school, class_page, count, prefix, choice=None):
    """`count` parents with one child each in `class_page`, written in bulk; their ids."""
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@bench.example", first_name=f"Ouder{n}", last_name="Bench", password="!")
            for n in range(count)
        ],
        batch_size=1000,
    )
    children = Child.objects.bulk_create(
        [Child(school=school, first_name=f"Kind{n}", last_name=prefix) for n in range(count)], batch_size=1000
    )
    Enrollment.objects.bulk_create(
        [Enrollment(child=child, class_page=class_page, school_year=class_page.school_year) for child in children],
        batch_size=1000,
    )
    Guardianship.objects.bulk_create(
        [
            Guardianship(child=child, user=user, relation=Guardianship.MOTHER)
            for child, user in zip(children, users, strict=True)
        ],
        batch_size=1000,
    )
    if choice:
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=user, posts=choice) for user in users], batch_size=1000
        )
    return [user.pk for user in users]


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, clock):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.perf_counter()
            world = build_world()
            add_parents(world.school, world.class_a, PARENTS, "groep-a-")
            yield {"world": world, "built_in": time.perf_counter() - started, "results": {}}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _post_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "body": streamfield([("text", rich_text(f"<p>{title}: een bericht voor alle ouders van de groep.</p>"))]),
            "action-publish": "action-publish",
        }
    )


def test_publishing_to_1000_parents_sends_nothing_and_the_worker_delivers_them(db, data, smtp):
    world = data["world"]
    client = Client()
    client.force_login(world.users["teacher_a"])
    url = reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk])
    client.get(url)  # warm-up
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from django_tasks_db.models import DBTaskResult

        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks, CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, _post_form("Schoolreisje naar de dierentuin"))
            elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.content.decode()[:2000]
        post = PostPage.objects.get(title="Schoolreisje naar de dierentuin")
        assert post.live
        written = Notification.objects.filter(object_id=str(post.pk)).count()
        queued = DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
        assert smtp.stats()["messages"] == 0, "the publish request sent mail"
        assert written == PARENTS + 1  # and parent_a, whose child is in class A too
    result = {
        "parents": PARENTS + 1,
        "request_ms": round(elapsed * 1000, 1),
        "queries": len(queries.captured_queries),
        "rows_written": written,
        "mails_sent_in_request": smtp.stats()["messages"],
        "tasks_queued_on_commit": sorted(set(queued)),
        "on_commit_callbacks": len(callbacks),
    }
    data["results"]["publish"] = result
    print(
        f"\npublish to {PARENTS + 1} parents: {result['request_ms']} ms, {result['queries']} queries, {written} rows, nothing sent"
    )

    # The worker (in the same test: each test's database changes are rolled back after it).
    smtp.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        stats = delivery.deliver_due(budget=NO_LIMIT)
    elapsed = time.perf_counter() - started
    expected = PARENTS + 1
    assert stats.get("sent") == expected, stats
    received = smtp.stats()
    assert received["messages"] == expected
    assert received["unique_recipients"] == expected  # each parent once
    assert Notification.objects.filter(object_id=str(post.pk), status=Notification.SENT).count() == expected
    result = {
        "emails": expected,
        "seconds": round(elapsed, 2),
        "per_second": round(expected / elapsed, 1),
        "batches": stats.get("batches"),
        "smtp_connections": stats.get("batches"),
        "queries": len(queries.captured_queries),
    }
    data["results"]["deliver"] = result
    print(
        f"\ndelivered {expected} e-mails in {result['seconds']} s: {result['per_second']}/s, {result['batches']} batches"
    )


# The daily digest ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digest_data(data):
    world = data["world"]
    year = world.class_a.school_year
    started = time.perf_counter()
    groups = []
    for number in range(DIGEST_GROUPS):
        world.school.refresh_from_db()
        groups.append(
            world.school.add_child(
                instance=ClassPage(
                    title=f"Digestgroep {number + 1}",
                    slug=f"digestgroep-{number + 1}",
                    school_year=year,
                    year_levels="5",
                )
            )
        )
    per_group = DIGEST_PARENTS // DIGEST_GROUPS
    parents = []
    for number, group in enumerate(groups):
        parents += add_parents(world.school, group, per_group, f"digest-{number}-", choice=DAILY)
    publishing_started = time.perf_counter()
    school_wide = [_publish(world.school, f"Schoolbreed bericht {n}") for n in range(2)]
    for number, group in enumerate(groups):
        _publish(group, f"Bericht voor groep {number + 1}")
    publishing = time.perf_counter() - publishing_started
    PostRead.objects.bulk_create([PostRead(post=school_wide[0], user_id=pk) for pk in parents[::10]], batch_size=1000)
    # The school-wide posts also went to the other parents of the school (at once); not part of the digest.
    Notification.objects.filter(delivery=Notification.NOW, status=Notification.PENDING).delete()
    items = Notification.objects.filter(delivery=DAILY, status=Notification.PENDING).count()
    return {
        "parents": len(parents),
        "items": items,
        "set_up_seconds": round(time.perf_counter() - started, 1),
        "publish_seconds": round(publishing, 1),
    }


def _publish(parent, title):
    page = parent.add_child(
        instance=PostPage(
            title=title, slug=title.lower().replace(" ", "-"), live=False, body=[("text", f"<p>{title}</p>")]
        )
    )
    page = PostPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return PostPage.objects.get(pk=page.pk)


def _run(world, period):
    moment = timezone.now()
    return DigestRun.objects.create(school=world.school, frequency=DAILY, period=period, scheduled_for=moment)


def _reset(run):
    """Undo a digest run: its items wait again, its digests go."""
    digest_ids = list(
        Notification.objects.filter(kind=Notification.DIGEST, object_id=str(run.pk)).values_list("pk", flat=True)
    )
    Notification.objects.filter(digest_id__in=digest_ids).update(status=Notification.PENDING, digest=None)
    Notification.objects.filter(delivery=DAILY, status=Notification.SKIPPED).update(
        status=Notification.PENDING, last_error=""
    )
    Notification.objects.filter(pk__in=digest_ids).delete()


def _measure(world, period, smtp, traced):
    run = _run(world, period)
    smtp.clear()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    made = digests.build_digest(run.pk)
    built = time.perf_counter() - started
    build_peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.reset_peak()
    started = time.perf_counter()
    stats = delivery.deliver_due(budget=NO_LIMIT)
    delivered = time.perf_counter() - started
    deliver_peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    received = smtp.stats()
    assert stats.get("sent") == made and received["messages"] == made == received["unique_recipients"], stats
    return run, {
        "digests": made,
        "build_seconds": round(built, 2),
        "deliver_seconds": round(delivered, 2),
        "deliver_per_second": round(made / delivered, 1) if delivered else None,
        "build_peak_mib": round(build_peak / 2**20, 1) if traced else None,
        "deliver_peak_mib": round(deliver_peak / 2**20, 1) if traced else None,
        "batches": stats.get("batches"),
    }


def test_a_daily_digest_for_10000_parents(db, data, digest_data, smtp):
    world = data["world"]
    today = timezone.localdate()
    run, clean = _measure(world, today, smtp, traced=False)
    # Every parent gets one digest; the one in ten who read a school-wide post gets two posts in it, the rest three.
    assert clean["digests"] == digest_data["parents"]
    sample = email.message_from_bytes(smtp.stats()["sample"], policy=email.policy.default)
    assert (
        sample.get_body(preferencelist=("plain",)) is not None and sample.get_body(preferencelist=("html",)) is not None
    )
    _reset(run)
    _run_again, traced = _measure(world, today + datetime.timedelta(days=1), smtp, traced=True)
    result = {
        **digest_data,
        "clean": clean,
        "under_tracemalloc": traced,
    }
    data["results"]["digest"] = result
    print(
        f"\ndaily digest for {digest_data['parents']} parents ({digest_data['items']} items): "
        f"build {clean['build_seconds']} s (peak {traced['build_peak_mib']} MiB), "
        f"deliver {clean['deliver_seconds']} s = {clean['deliver_per_second']}/s (peak {traced['deliver_peak_mib']} MiB)"
    )


def test_write_results(db, data):
    vendor = connection.vendor
    RESULTS.mkdir(exist_ok=True)
    summary = {
        "benchmark": "notifications",
        "database": vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "set_up_seconds": round(data["built_in"], 1),
        "results": data["results"],
    }
    (RESULTS / f"notifications-{vendor}.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    lines = [f"Notifications benchmark, {vendor}, Python {summary['python']}, {summary['cpus']} CPUs"]
    publish = data["results"].get("publish")
    if publish:
        lines.append(
            f"publish a post to {publish['parents']} parents (admin request): {publish['request_ms']} ms, "
            f"{publish['queries']} queries, {publish['rows_written']} outbox rows, "
            f"{publish['mails_sent_in_request']} mails sent in the request, queued: {', '.join(publish['tasks_queued_on_commit'])}"
        )
    deliver = data["results"].get("deliver")
    if deliver:
        lines.append(
            f"worker delivers {deliver['emails']} e-mails to local aiosmtpd: {deliver['seconds']} s, "
            f"{deliver['per_second']} e-mails/s, {deliver['smtp_connections']} SMTP connections (one per batch)"
        )
    digest = data["results"].get("digest")
    if digest:
        clean, traced = digest["clean"], digest["under_tracemalloc"]
        lines.append(
            f"daily digest for {digest['parents']} parents ({digest['items']} waiting items; set-up published "
            f"{DIGEST_GROUPS + 2} posts in {digest['publish_seconds']} s):"
        )
        lines.append(
            f"  build {clean['digests']} digests: {clean['build_seconds']} s; peak memory {traced['build_peak_mib']} MiB "
            f"(tracemalloc run: {traced['build_seconds']} s)"
        )
        lines.append(
            f"  deliver them: {clean['deliver_seconds']} s, {clean['deliver_per_second']} e-mails/s; peak memory "
            f"{traced['deliver_peak_mib']} MiB (tracemalloc run: {traced['deliver_seconds']} s)"
        )
    text = "\n".join(lines) + "\n"
    (RESULTS / f"notifications-{vendor}.txt").write_text(text)
    print("\n" + text)
    assert data["results"], "no scenario ran"
