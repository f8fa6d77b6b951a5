"""Notifications: preferences, the outbox, quiet hours, digests and delivery that survives a bad mail server.

Real database, real SMTP servers (aiosmtpd on localhost: one that accepts,
one that refuses with 4xx, one that is slow, and a closed port for one that
is down), the real push service of testing/pushservice.py, the real urlconf and
Wagtail admin. The clock is set with the `clock` fixture; 2026-11-23 is a
Monday. Delivery runs as the worker would run it: by calling the tasks.
"""

import asyncio
import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import User
from classes.models import ClassPage
from news.models import PostPage, PostRead
from notifications import delivery, outbox, tasks
from notifications.models import (
    DAILY,
    IMMEDIATE,
    SITE_ONLY,
    WEEKLY,
    DigestSettings,
    Notification,
    NotificationPreference,
)
from schoolcalendar import tasks as calendar_tasks
from schoolcalendar.models import SchoolCalendarSettings
from testing.posts import add_family
from testing.smtp import Mailbox, _free_port

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=0, minute=0, second=0):
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=AMS)


MONDAY_14 = at(2026, 11, 23, 14, 0)
MONDAY_NIGHT = at(2026, 11, 23, 22, 0)
TUESDAY_8 = at(2026, 11, 24, 8, 0)


# A mail server that can refuse, be slow, or be down -----------------------------------------

SLOW_SECONDS = 1.5


@dataclass
class FlakyMailbox(Mailbox):
    """The test SMTP server, with a mode: "ok", "refuse" (451 for every recipient) or "slow" (answers late)."""

    mode: str = "ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "451 4.3.0 Mailbox busy, try again later"
        if self.mode == "slow":
            await asyncio.sleep(SLOW_SECONDS)  # nothing accepted yet: the sender times out first
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def count(self, address):
        return len(self.to(address))


@pytest.fixture
def smtp(settings):
    """A FlakyMailbox on localhost; `smtp.down()` points Django at a closed port, `smtp.up()` back."""
    host = "127.0.0.1"
    box = FlakyMailbox(host=host, port=_free_port(host))
    controller = Controller(box, hostname=host, port=box.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = box.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 0.5
    closed_port = _free_port(host)  # nothing listens there

    def down():
        settings.EMAIL_PORT = closed_port

    def up(mode="ok"):
        box.mode = mode
        settings.EMAIL_PORT = box.port

    box.down, box.up = down, up
    try:
        yield box
    finally:
        controller.stop()


# Helpers -------------------------------------------------------------------------------------


def choose(user, choice):
    NotificationPreference.objects.update_or_create(user=user, defaults={"posts": choice})


@pytest.fixture
def families(world, clock):
    """Class A's parents, one per choice: parent_a at once (no row: the default), the others as named."""
    clock.set(MONDAY_14)
    daily, _ = add_family(world.school, world.class_a, "daily@test.example", "Dirk")
    reader, _ = add_family(world.school, world.class_a, "reader@test.example", "Rik")
    weekly, _ = add_family(world.school, world.class_a, "weekly@test.example", "Wim")
    site_only, _ = add_family(world.school, world.class_a, "site@test.example", "Sien")
    english, _ = add_family(world.school, world.class_a, "english@test.example", "Eddie")
    english.preferred_language = "en"
    english.save()
    choose(daily, DAILY)
    choose(reader, DAILY)
    choose(weekly, WEEKLY)
    choose(site_only, SITE_ONLY)
    return {
        "at_once": world.users["parent_a"],
        "english": english,
        "daily": daily,
        "reader": reader,
        "weekly": weekly,
        "site_only": site_only,
    }


def publish(parent, title, user=None, **fields):
    """Publish a new post as an editor does (working hours apply); returns it fresh from the database."""
    page = parent.add_child(
        instance=PostPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            live=False,
            body=[("text", f"<p>{title}: alles over de dag.</p>")],
            **fields,
        )
    )
    page = PostPage.objects.get(pk=page.pk)
    page.save_revision(user=user).publish(user=user)
    return PostPage.objects.get(pk=page.pk)


def rows(**filters):
    return Notification.objects.filter(**filters)


def deliver():
    """One run of the delivery task, as the worker runs it."""
    return tasks.deliver_notifications.call()


def sweep():
    return tasks.sweep_outbox.call()


def client_as(user):
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    return client


def body(response):
    return response.content.decode()


def translated(message, language="nl"):
    with translation.override(language):
        return escape(gettext(message))


# Preferences ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["parent_a", "parent_other_school", "teacher_a", "director"])
def test_every_logged_in_user_has_a_preferences_page(world, role):
    client = client_as(world.users[role])
    page = client.get("/meldingen/")
    assert page.status_code == 200
    assert "data-preferences-form" in body(page)
    assert 'href="/meldingen/"' in body(client.get(reverse("news:timeline")))  # linked in the site header
    english = client.get("/en/meldingen/")
    assert english.status_code == 200 and "When there is a new post" in body(english)


def test_anonymous_visitors_are_sent_to_the_login_form(world):
    response = Client().get("/meldingen/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_parent_chooses_and_the_choice_is_kept(world):
    parent = world.users["parent_a"]
    client = client_as(parent)
    assert outbox.preference_of(parent) == IMMEDIATE
    page = body(client.get("/meldingen/"))
    assert re.search(r'<input[^>]*value="immediate"[^>]*checked', page)
    assert "Windwijzer" in page and "18:00" in page  # when the school's digests come
    response = client.post("/meldingen/", {"posts": WEEKLY})
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert outbox.preference_of(parent) == WEEKLY
    assert client.post("/meldingen/", {"posts": "hourly"}).status_code == 200  # not a choice: the form again
    assert outbox.preference_of(parent) == WEEKLY


def test_changing_the_choice_moves_what_waits_for_a_digest(world, families, clock):
    post = publish(world.class_a, "Luizencontrole")
    daily = families["daily"]
    [waiting] = rows(recipient=daily, channel=Notification.EMAIL)
    assert waiting.delivery == DAILY and waiting.status == Notification.PENDING
    outbox.set_preference(daily, WEEKLY)
    waiting.refresh_from_db()
    assert waiting.delivery == WEEKLY
    outbox.set_preference(daily, IMMEDIATE)
    waiting.refresh_from_db()
    assert (waiting.delivery, waiting.next_attempt_at) == (Notification.NOW, MONDAY_14)
    [reader_row] = rows(recipient=families["reader"], channel=Notification.EMAIL)
    outbox.set_preference(families["reader"], SITE_ONLY)
    reader_row.refresh_from_db()
    assert reader_row.status == Notification.SKIPPED
    assert post.live


def test_devices_are_listed_and_switched_off_only_by_their_owner(world, push_service):
    parent, other = world.users["parent_a"], world.users["parent_b"]
    own = push_service.device(parent, label="Firefox · Android")
    theirs = push_service.device(other, label="Safari · iOS")
    client = client_as(parent)
    page = body(client.get("/meldingen/"))
    assert f'data-device="{own.pk}"' in page and "Firefox · Android" in page
    assert f'data-device="{theirs.pk}"' not in page
    client.post("/meldingen/", {"device": theirs.pk})  # someone else's device: nothing happens
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    client.post("/meldingen/", {"device": own.pk})
    assert not type(own).objects.filter(pk=own.pk).exists()


# A post goes live at 14:00 on a working day ----------------------------------------------------------


def test_a_post_at_14_tells_each_parent_as_they_chose(world, families, clock, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = publish(world.class_a, "Schoolreisje", user=world.users["teacher_a"])
    assert post.live
    # Publishing wrote rows and sent nothing: delivery is queued for the worker when the transaction commits.
    assert smtp.messages == []
    assert any(getattr(callback, "__name__", "") == "kick" for callback in callbacks)
    email = {row.recipient_id: row for row in rows(channel=Notification.EMAIL, kind=Notification.POST)}
    assert set(email) == {families[name].pk for name in ("at_once", "english", "daily", "reader", "weekly")}
    assert email[families["at_once"].pk].delivery == Notification.NOW
    assert email[families["at_once"].pk].due_at == MONDAY_14
    assert email[families["daily"].pk].delivery == DAILY and email[families["daily"].pk].due_at is None
    assert email[families["weekly"].pk].delivery == WEEKLY
    assert not rows(recipient=world.users["parent_b"]).exists()  # class B's parent does not see the post

    for callback in callbacks:  # the commit: the worker delivers
        callback()
    [message] = smtp.to(families["at_once"].email)
    assert smtp.count(families["english"].email) == 1
    assert len(smtp.messages) == 2  # nobody else yet
    assert message["Content-Language"] == "nl"
    assert "Schoolreisje" in message["Subject"]
    text, html = smtp.text(message), smtp.html(message)
    link = "http://testserver/groep-a/schoolreisje/"
    assert link in text and f'href="{link}"' in html
    assert "http://testserver/meldingen/" in text and "http://testserver/meldingen/" in html
    assert not list(message.iter_attachments()) and "<img" not in html  # photos never travel by mail
    [english] = smtp.to(families["english"].email)
    assert english["Content-Language"] == "en" and "A new post for Groep A" in smtp.text(english)
    assert "http://testserver/en/meldingen/" in smtp.text(english)
    assert rows(recipient=families["at_once"], status=Notification.SENT).count() == 1

    # The reader opens the post in the afternoon; at 18:00 the daily digests go out.
    PostRead.objects.create(post=post, user=families["reader"])
    clock.set(at(2026, 11, 23, 17, 59))
    sweep()
    assert smtp.count(families["daily"].email) == 0
    clock.set(at(2026, 11, 23, 18, 0))
    sweep()
    [digest] = smtp.to(families["daily"].email)
    assert "Schoolreisje" in smtp.text(digest) and link in smtp.text(digest) and "Groep A" in smtp.html(digest)
    assert "http://testserver/meldingen/" in smtp.text(digest)
    assert smtp.count(families["reader"].email) == 0  # already read: no digest at all
    assert rows(recipient=families["reader"], kind=Notification.POST).get().status == Notification.SKIPPED
    assert smtp.count(families["weekly"].email) == 0 and smtp.count(families["site_only"].email) == 0
    for _ in range(3):  # the sweeper keeps running: nothing twice
        sweep()
        deliver()
    assert smtp.count(families["daily"].email) == 1 and smtp.count(families["at_once"].email) == 1

    # Friday 18:00: the weekly digest.
    clock.set(at(2026, 11, 27, 18, 0, 30))
    sweep()
    [weekly] = smtp.to(families["weekly"].email)
    assert translated("The posts of this week that you have not read yet:") in smtp.text(weekly)
    assert smtp.count(families["site_only"].email) == 0
    assert smtp.count(families["daily"].email) == 1


def test_a_digest_groups_the_posts_per_group_and_comes_once(world, clock, smtp):
    clock.set(MONDAY_14)
    parent = world.users["parent_a"]  # Ana is in class A; the school-wide group too
    choose(parent, DAILY)
    publish(world.class_a, "Gymles verplaatst")
    publish(world.school, "Studiedag vrijdag")
    publish(world.class_b, "Nieuws voor B")  # not for parent A
    clock.set(at(2026, 11, 23, 18, 5))
    sweep()
    sweep()
    [digest] = smtp.to(parent.email)
    text = smtp.text(digest)
    assert (
        text.index("Windwijzer")
        < text.index("Studiedag vrijdag")
        < text.index("Groep A")
        < text.index("Gymles verplaatst")
    )
    assert "Nieuws voor B" not in text
    assert rows(recipient=parent, kind=Notification.DIGEST).count() == 1
    assert rows(recipient=parent, kind=Notification.POST, status=Notification.BUNDLED).count() == 2
    # The next evening there is nothing new: no e-mail.
    clock.set(at(2026, 11, 24, 18, 5))
    sweep()
    assert smtp.count(parent.email) == 1


def test_digest_times_are_the_schools_own(world, clock, smtp):
    clock.set(MONDAY_14)
    DigestSettings.objects.create(school=world.school, digest_time=datetime.time(16, 30), weekly_day=1)  # Mondays 16:30
    choose(world.users["parent_a"], WEEKLY)
    publish(world.class_a, "Voorleeswedstrijd")
    clock.set(at(2026, 11, 23, 16, 29))
    sweep()
    assert smtp.count(world.users["parent_a"].email) == 0
    clock.set(at(2026, 11, 23, 16, 31))
    sweep()
    assert smtp.count(world.users["parent_a"].email) == 1
    clock.set(at(2026, 11, 24, 16, 31))
    sweep()
    assert smtp.count(world.users["parent_a"].email) == 1


# Quiet hours ------------------------------------------------------------------------------------------


def test_a_post_published_at_night_is_told_at_the_next_working_moment(world, families, clock, smtp):
    clock.set(MONDAY_NIGHT)
    post = publish(world.class_a, "Nieuwe gymtijden", user=world.users["teacher_a"])
    assert not post.live  # schoolcalendar.publishing moved it to Tuesday 08:00
    sweep()
    assert not rows().exists() and smtp.messages == []
    clock.set(at(2026, 11, 24, 7, 59))
    calendar_tasks.publish_scheduled_pages.call()
    sweep()
    assert smtp.messages == []
    clock.set(at(2026, 11, 24, 8, 0, 30))
    calendar_tasks.publish_scheduled_pages.call()
    sweep()
    assert smtp.count(families["at_once"].email) == 1 and smtp.count(families["english"].email) == 1
    assert smtp.count(families["daily"].email) == 0


def test_what_is_due_late_waits_for_the_next_working_moment(world, families, clock, smtp):
    """A post at 16:59 whose delivery only runs at 17:05 (a busy worker) waits for the morning."""
    clock.set(at(2026, 11, 23, 16, 59))
    publish(world.class_a, "Rapportgesprekken")
    clock.set(at(2026, 11, 23, 17, 5))
    deliver()
    assert smtp.messages == []
    row = rows(recipient=families["at_once"], channel=Notification.EMAIL).get()
    assert (row.status, row.attempts, row.next_attempt_at) == (Notification.PENDING, 0, TUESDAY_8)
    clock.set(TUESDAY_8)
    deliver()
    assert smtp.count(families["at_once"].email) == 1


def test_a_leave_decision_at_night_also_waits(world, clock, smtp):
    from leave.models import LeaveRequest, LeaveRequestEvent
    from testing.access_matrix import leave_request_of

    clock.set(MONDAY_NIGHT)
    leave_request = LeaveRequest.objects.get(pk=leave_request_of("Ana")(world))
    event = LeaveRequestEvent.objects.create(
        request=leave_request, action="approve", user=world.users["director"], grounds="Goed."
    )
    assert outbox.notify(leave_request.requested_by, Notification.DECISION, event, school=world.school) == 1
    assert (
        outbox.notify(leave_request.requested_by, Notification.DECISION, event, school=world.school) == 1
    )  # written again...
    assert rows(kind=Notification.DECISION).count() == 1  # ...but one row
    deliver()
    assert smtp.messages == []
    clock.set(TUESDAY_8)
    deliver()
    [message] = smtp.to(world.users["parent_a"].email)
    assert "http://testserver/meldingen/" in smtp.text(message)  # the preferences link, added to leave's own mail


def test_schools_with_other_hours(world, families, clock, smtp):
    SchoolCalendarSettings.objects.create(
        school=world.school, working_hours_start=datetime.time(7, 0), working_hours_end=datetime.time(23, 0)
    )
    clock.set(MONDAY_NIGHT)  # 22:00: this school still works
    publish(world.class_a, "Late maar op tijd")
    deliver()
    assert smtp.count(families["at_once"].email) == 1


# Urgent school-wide posts --------------------------------------------------------------------------------


def post_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "body": streamfield([("text", rich_text(f"<p>{title}: lees dit meteen.</p>"))]),
            **extra,
        }
    )


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["news", "postpage", parent.pk])


def test_only_directors_mark_a_school_wide_post_urgent(world, clock):
    clock.set(MONDAY_14)
    director, teacher = client_as(world.users["director"]), client_as(world.users["teacher_a"])
    assert 'name="urgent"' in body(director.get(add_url(world.school)))
    assert 'name="urgent"' not in body(director.get(add_url(world.class_a)))  # only school-wide posts
    assert 'name="urgent"' not in body(teacher.get(add_url(world.school)))
    assert 'name="urgent"' not in body(teacher.get(add_url(world.class_a)))
    # A teacher's forged field is ignored.
    response = teacher.post(
        add_url(world.class_a), post_form("Hitte", urgent="on", **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert PostPage.objects.get(title="Hitte").urgent is False
    response = director.post(
        add_url(world.school), post_form("School dicht", urgent="on", **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert PostPage.objects.get(title="School dicht").urgent is True


def test_an_urgent_post_goes_out_at_night(world, families, clock, smtp, django_capture_on_commit_callbacks):
    clock.set(MONDAY_NIGHT)
    director = client_as(world.users["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post(
            add_url(world.school),
            post_form("School dicht door storm", urgent="on", **{"action-publish": "action-publish"}),
        )
    assert response.status_code == 302
    post = PostPage.objects.get(title="School dicht door storm")
    assert post.live and post.is_urgent  # not deferred to the morning
    [message] = smtp.to(families["at_once"].email)
    assert message["Subject"].startswith(translated("Urgent"))
    assert smtp.count(world.users["parent_b"].email) == 1  # school-wide: class B's parent too
    assert smtp.count(families["daily"].email) == 0  # a digest parent still gets it in the digest
    # A normal post at night still waits.
    with django_capture_on_commit_callbacks(execute=True):
        director.post(add_url(world.school), post_form("Gewoon nieuws", **{"action-publish": "action-publish"}))
    assert not PostPage.objects.get(title="Gewoon nieuws").live


# A mail server that refuses, is down, or is slow -----------------------------------------------------


def test_refused_down_and_slow_then_everything_arrives_once(world, families, clock, smtp):
    parents = [families["at_once"], families["english"]]
    parents += [add_family(world.school, world.class_a, f"extra{n}@test.example", f"Extra{n}")[0] for n in range(3)]
    smtp.up("refuse")
    publish(world.class_a, "Kerstviering")
    email_rows = rows(channel=Notification.EMAIL, delivery=Notification.NOW)
    assert email_rows.count() == 5

    deliver()  # 451 for everyone: each tried once, the connection kept
    assert smtp.messages == []
    assert set(email_rows.values_list("status", "attempts")) == {(Notification.PENDING, 1)}
    assert all("451" in row.last_error for row in email_rows)
    assert set(email_rows.values_list("next_attempt_at", flat=True)) == {MONDAY_14 + datetime.timedelta(minutes=1)}

    smtp.down()
    clock.set(MONDAY_14 + datetime.timedelta(minutes=1))
    deliver()  # nobody answers: every row tried again, 5 minutes later next
    assert set(email_rows.values_list("attempts", flat=True)) == {2}
    assert all("refused" in row.last_error.lower() or "Errno" in row.last_error for row in email_rows)

    smtp.up("slow")
    clock.set(MONDAY_14 + datetime.timedelta(minutes=6))
    stats = deliver()  # the first message times out; the run stops and the rest waits a minute
    assert stats.get("unreachable") == 1
    assert sorted(email_rows.values_list("attempts", flat=True)) == [2, 2, 2, 2, 3]
    assert smtp.messages == []

    smtp.up("ok")
    clock.set(MONDAY_14 + datetime.timedelta(minutes=30))
    for _ in range(3):
        deliver()
        sweep()
    for parent in parents:
        assert smtp.count(parent.email) == 1, parent.email
    assert set(email_rows.values_list("status", flat=True)) == {Notification.SENT}


def test_after_the_last_attempt_a_notification_fails_and_the_admin_retries_it(world, families, clock, smtp):
    smtp.down()
    publish(world.class_a, "Sponsorloop")
    row = rows(recipient=families["at_once"], channel=Notification.EMAIL).get()
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        deliver()
        row.refresh_from_db()
        assert row.attempts == attempt
        if row.status == Notification.FAILED:
            break
        # Retries wait 1, 5, 15, 60, ... minutes, and for working hours.
        assert row.next_attempt_at >= clock.now + delivery.retry_delay(attempt)
        clock.set(row.next_attempt_at)
    assert row.status == Notification.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    assert row.last_error

    # Visible in the admin, for the school's director only.
    listing = body(client_as(world.users["director"]).get(reverse("notifications_outbox:index")))
    assert f'data-notification="{row.pk}"' in listing and 'data-status="failed"' in listing
    assert escape(row.last_error[:40]) in listing
    other = client_as(world.users["director_other_school"])
    assert f'data-notification="{row.pk}"' not in body(
        other.get(reverse("notifications_outbox:index") + "?status=failed")
    )
    assert other.post(reverse("notifications_outbox:retry", args=[row.pk])).status_code == 404
    assert client_as(world.users["teacher_a"]).get(reverse("notifications_outbox:index")).status_code in (302, 403)

    smtp.up()
    response = client_as(world.users["director"]).post(reverse("notifications_outbox:retry", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.PENDING, 0)
    clock.set(max(clock.now, row.next_attempt_at))
    deliver()
    assert smtp.count(families["at_once"].email) == 1
    row.refresh_from_db()
    assert row.status == Notification.SENT


def test_a_permanent_refusal_fails_at_once(world, families, clock, smtp, monkeypatch):
    async def refuse_for_good(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user"

    monkeypatch.setattr(smtp, "handle_RCPT", refuse_for_good)
    publish(world.class_a, "Schoolfoto")
    deliver()
    row = rows(recipient=families["at_once"], channel=Notification.EMAIL).get()
    assert (row.status, row.attempts) == (Notification.FAILED, 1) and "550" in row.last_error


# Exactly once --------------------------------------------------------------------------------------------


def test_repeated_runs_and_writes_send_once(world, families, clock, smtp):
    post = publish(world.class_a, "Kinderboerderij")
    written = rows().count()
    outbox.notify_post(post)  # a retried signal, or the post published again
    english = post.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Petting zoo"
    english.save_revision().publish()  # its translation goes live
    assert rows().count() == written
    for _ in range(4):
        deliver()
        sweep()
    assert smtp.count(families["at_once"].email) == 1 and smtp.count(families["english"].email) == 1
    [in_english] = smtp.to(families["english"].email)
    assert "Petting zoo" in in_english["Subject"] and "http://testserver/en/groep-a/" in smtp.text(in_english)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=families["at_once"],
            channel=Notification.EMAIL,
            kind=Notification.POST,
            dedupe_key=outbox.post_dedupe_key(post),
        )


def test_a_claimed_batch_is_not_sent_by_a_second_worker_and_a_dead_workers_rows_come_back(world, families, clock, smtp):
    publish(world.class_a, "Oudergesprekken")
    token, claimed = delivery.claim_batch(clock.now)  # worker 1 claims, then dies
    assert claimed
    deliver()  # worker 2: nothing is free
    assert smtp.messages == []
    clock.set(clock.now + delivery.LEASE + datetime.timedelta(seconds=1))
    deliver()  # the lease ended: the rows are due again
    assert smtp.count(families["at_once"].email) == 1 and smtp.count(families["english"].email) == 1
    assert not rows(claim=token).exists()


def test_a_post_unpublished_or_no_longer_visible_is_not_sent(world, families, clock, smtp):
    post = publish(world.class_a, "Foutje")
    post.unpublish()
    deliver()
    assert smtp.messages == []
    assert rows(recipient=families["at_once"], channel=Notification.EMAIL).get().status == Notification.SKIPPED


# Push --------------------------------------------------------------------------------------------------


def test_push_goes_to_every_device_and_gone_devices_are_removed(world, families, clock, smtp, push_service):
    phone = push_service.device(families["at_once"])
    gone = push_service.device(families["daily"], status=410)
    broken = push_service.device(families["weekly"], status=500)
    publish(world.class_a, "Schoolkamp")
    push_rows = rows(channel=Notification.PUSH)
    assert push_rows.count() == 3  # push is per device, whatever the e-mail choice
    deliver()
    [received] = [
        message for message in push_service.received if message.device and message.device.endpoint == phone.endpoint
    ]
    payload = received.payload()
    assert payload["title"] == "Schoolkamp" and payload["url"] == "http://testserver/groep-a/schoolkamp/"
    assert push_rows.get(device_id=phone.pk).status == Notification.SENT
    assert push_rows.get(device_id=gone.pk).status == Notification.SKIPPED
    assert not type(gone).objects.filter(pk=gone.pk).exists()
    retrying = push_rows.get(device_id=broken.pk)
    assert (retrying.status, retrying.attempts) == (Notification.PENDING, 1) and "500" in retrying.last_error
    deliver()
    assert len([m for m in push_service.received if m.device and m.device.endpoint == phone.endpoint]) == 1


# The worker ----------------------------------------------------------------------------------------------


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the in-process db_worker closes the test's connection inside its transaction on PostgreSQL "
    "(close_old_connections); the SQLite run covers this test",
)
def test_publishing_queues_one_delivery_run_for_the_worker(
    world, families, clock, smtp, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        publish(world.class_a, "Luizenpluis")
    with django_capture_on_commit_callbacks(execute=True):
        publish(world.class_a, "Tweede bericht")
    waiting = DBTaskResult.objects.filter(task_path=tasks.deliver_notifications.module_path, status="READY")
    assert waiting.count() == 1 and smtp.messages == []
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert smtp.count(families["at_once"].email) == 2


def test_the_sweeper_chain_is_unique(world, settings):
    settings.TASKS = DB_TASKS
    assert tasks.ensure_chain() is not None
    assert tasks.ensure_chain() is None
    assert tasks.waiting_sweeps().count() == 1


def test_run_worker_starts_the_sweeper():
    from school_site.management.commands import run_worker

    assert tasks.sweep_outbox in [task for _label, task, _ensure in run_worker.CHAINS]


# A post reaches each parent of the demo board as they chose ----------------------------------------


@pytest.fixture
def demo(db, clock):
    import io

    clock.set(at(2026, 11, 23, 13, 0))
    call_command("seed_demo", stdout=io.StringIO())


def test_a_post_the_demo_teacher_publishes_at_14_reaches_each_parent_as_they_chose(
    demo, clock, smtp, push_service, django_capture_on_commit_callbacks
):
    """Groep 3 of De Windwijzer: Sanne at once (with the app on her phone), Joyce and Emre at once, Kees a daily
    digest, Ilse nothing by e-mail. The teacher's post is approved at 14:00 while the mail server is down."""
    emails = {
        "at_once": "ouder.groep3@windwijzer.test",
        "also_at_once": "joyce.peters@windwijzer.test",
        "third": "emre.yilmaz@windwijzer.test",
        "daily": "ouder.twee@windwijzer.test",
        "site_only": "ilse.bakker@windwijzer.test",
    }
    people = {key: User.objects.get(email=email) for key, email in emails.items()}
    choose(people["daily"], DAILY)
    choose(people["site_only"], SITE_ONLY)
    phone = push_service.device(people["at_once"], label="Chrome · Android")
    groep3 = ClassPage.objects.get(slug="groep-3", locale__language_code="nl")
    teacher = client_as(User.objects.get(email="leerkracht.groep3@windwijzer.test"))
    director = client_as(User.objects.get(email="directeur@windwijzer.test"))
    clock.set(MONDAY_14)
    smtp.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(add_url(groep3), post_form("Uitje naar het bos", **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    post = PostPage.objects.get(title="Uitje naar het bos")
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post(
            reverse("wagtailadmin_pages:edit", args=[post.pk]),
            post_form(post.title, **{"action-workflow-action": "true", "workflow-action-name": "approve"}),
        )
    assert response.status_code == 302
    assert PostPage.objects.get(pk=post.pk).live
    assert smtp.messages == []  # the server is down
    [push] = [m for m in push_service.received if m.device and m.device.endpoint == phone.endpoint]
    assert push.payload()["title"] == "Uitje naar het bos"

    # The server comes back after a while; the sweeper keeps trying.
    clock.set(at(2026, 11, 23, 14, 20))
    sweep()
    smtp.up()
    clock.set(at(2026, 11, 23, 14, 45))
    sweep()
    sweep()
    for key in ("at_once", "also_at_once", "third"):
        [message] = smtp.to(emails[key])
        assert "Uitje naar het bos" in message["Subject"]
        assert "http://127.0.0.1:8000/groep-3/uitje-naar-het-bos/" in smtp.text(message)
    assert smtp.to(emails["daily"]) == [] and smtp.to(emails["site_only"]) == []

    clock.set(at(2026, 11, 23, 18, 0, 30))
    sweep()
    [digest] = smtp.to(emails["daily"])
    assert "Uitje naar het bos" in smtp.text(digest)
    assert smtp.to(emails["site_only"]) == []
    for _ in range(2):
        sweep()
    for key in ("at_once", "also_at_once", "third", "daily"):
        assert len(smtp.to(emails[key])) == 1, key
    assert len(push_service.received) == 1
