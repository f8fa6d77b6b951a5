"""Consent e-mails and reminders (policies.consent.tasks, policies.consent.mail) and the refusals outside the editor.

Mails go through the notifications outbox and are delivered by the delivery
task, as the worker runs it, to a real SMTP server (the `mailbox` fixture).
The refusals: a director approving a post in the workflow, and a scheduled
post whose marked child lost consent before its time.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import WorkflowState

from news.models import NewsSettings, PostPage
from notifications import tasks
from notifications.models import Notification
from policies.consent.answers import ensure_purposes, record_answers
from policies.consent.photos import refusal_message
from policies.consent.tasks import ask_and_remind
from policies.models import PORTAL_PHOTOS, ConsentPurpose, ConsentRequest, ConsentSettings, PhotoMark
from policies.tests.test_consent import post_form
from testing.posts import add_family, make_image, media_root  # noqa: F401  (fixture)

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=AMS)


MONDAY_14 = at(23, 14)


def deliver():
    return tasks.deliver_notifications.call()


def client_of(user):
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def answer_everything(world, user, child, given=True):
    ensure_purposes(child.school)
    record_answers(user, child, dict.fromkeys(ConsentPurpose.objects.filter(school=child.school), given))


# The school's request and its reminders --------------------------------------------


def test_the_yearly_request_mails_each_guardian_once_with_the_link(world, clock, mailbox):
    clock.set(MONDAY_14)
    # The mail lists the school's own purposes: one of its own, none it switched off.
    ensure_purposes(world.school)
    ConsentPurpose.objects.create(school=world.school, name="Foto's in de schoolkrant van groep 8", sort_order=9)
    ConsentPurpose.objects.filter(school=world.school, code="local_press").update(active=False)
    press = ConsentPurpose.objects.get(school=world.school, code="local_press").name
    ask_and_remind()
    assert ConsentRequest.objects.filter(child=world.children["Ana"]).count() == 1
    deliver()
    [mail] = mailbox.to(world.users["parent_a"].email)
    assert "Ana" in mail["Subject"] and "Reminder" not in mail["Subject"]
    text = mailbox.text(mail)
    assert reverse("policies:consent") in text and "/meldingen/" in text
    assert "Ana" in mailbox.html(mail) and "Bram" not in text
    assert "Foto's in de schoolkrant van groep 8" in text and press not in text
    assert ConsentPurpose.objects.get(school=world.school, code=PORTAL_PHOTOS).name in text
    # Each family hears of its own child only.
    [other] = mailbox.to(world.users["parent_other_school"].email)
    assert "Xena" in other["Subject"]
    # Running again (or the task twice) asks nobody twice.
    ask_and_remind()
    ask_and_remind()
    deliver()
    assert len(mailbox.to(world.users["parent_a"].email)) == 1
    assert (
        Notification.objects.filter(
            kind=Notification.CONSENT, recipient=world.users["parent_a"], channel=Notification.EMAIL
        ).count()
        == 1
    )


def test_a_child_who_joins_later_is_asked_on_the_next_run(world, clock, mailbox):
    clock.set(MONDAY_14)
    ask_and_remind()
    deliver()
    mailbox.clear()
    clock.set(at(24, 10))
    parent, kid = add_family(world.school, world.class_a, "nieuw@test.example", "Nina")
    ask_and_remind()
    deliver()
    [mail] = mailbox.to("nieuw@test.example")
    assert "Nina" in mail["Subject"]
    # Nobody else is asked again (the others' reminders are not due for days).
    assert {r.rcpt_tos[0] for r in mailbox.received} == {"nieuw@test.example"}


def test_reminders_every_n_days_until_answered(world, clock, mailbox):
    clock.set(MONDAY_14)
    settings_row = ConsentSettings.for_school(world.school)
    settings_row.reminder_days = 3
    settings_row.save()
    parent = world.users["parent_a"]
    ask_and_remind()
    deliver()
    mailbox.clear()

    clock.set(at(26, 13, 59))  # less than 3 days later: no reminder
    ask_and_remind()
    deliver()
    assert mailbox.to(parent.email) == []

    clock.set(at(26, 14))  # 3 days: the first reminder, once however often the task runs
    ask_and_remind()
    ask_and_remind()
    deliver()
    deliver()
    [reminder] = mailbox.to(parent.email)
    assert "Ana" in reminder["Subject"]
    assert re.search(r"[Rr]eminder|[Hh]erinnering", reminder["Subject"])
    mailbox.clear()

    clock.set(at(30, 14))  # Monday: 3 days after the first (Saturday's round waits for working hours)
    ask_and_remind()
    deliver()
    assert len(mailbox.to(parent.email)) == 1
    assert ConsentRequest.objects.get(child=world.children["Ana"]).reminders >= 2
    mailbox.clear()

    # Answered (every purpose): no more reminders, even when one answer is "no".
    answer_everything(world, parent, world.children["Ana"], given=False)
    clock.set(at(30, 14) + datetime.timedelta(days=10))
    ask_and_remind()
    deliver()
    assert mailbox.to(parent.email) == []


def test_no_reminders_when_the_school_switched_them_off(world, clock, mailbox):
    clock.set(MONDAY_14)
    settings_row = ConsentSettings.for_school(world.school)
    settings_row.reminder_days = 0
    settings_row.save()
    ask_and_remind()
    deliver()
    mailbox.clear()
    clock.set(MONDAY_14 + datetime.timedelta(days=30))
    ask_and_remind()
    deliver()
    assert mailbox.to(world.users["parent_a"].email) == []


def test_the_request_waits_for_working_hours(world, clock, mailbox):
    clock.set(at(23, 21))  # Monday evening
    ask_and_remind()
    row = Notification.objects.get(
        kind=Notification.CONSENT, recipient=world.users["parent_a"], channel=Notification.EMAIL
    )
    assert row.due_at > at(23, 21) and row.due_at.astimezone(AMS).date() == datetime.date(2026, 11, 24)
    deliver()
    assert mailbox.to(world.users["parent_a"].email) == []
    clock.set(row.due_at)
    deliver()
    assert len(mailbox.to(world.users["parent_a"].email)) == 1


# Refusals outside the editor ---------------------------------------------------------


@pytest.fixture
def marked_photo(world, media_root):
    photo = make_image(world.class_a, "ana.jpg")
    PhotoMark.objects.create(image=photo, child=world.children["Ana"])
    return photo


def test_a_director_approving_a_post_whose_child_lost_consent_is_refused(
    world, clock, marked_photo, mailbox, django_capture_on_commit_callbacks
):
    clock.set(MONDAY_14)
    row = NewsSettings.for_school(world.school)
    row.approval_required = True
    row.save()
    parent = world.users["parent_a"]
    ensure_purposes(world.school)
    portal = ConsentPurpose.objects.get(school=world.school, code=PORTAL_PHOTOS)
    record_answers(parent, world.children["Ana"], {portal: True})
    teacher = client_of(world.users["teacher_a"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(add_url, post_form("Uitje", [marked_photo], **{"action-submit": "action-submit"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    post = PostPage.objects.get(title="Uitje")
    state = WorkflowState.objects.get(object_id=str(post.pk), status=WorkflowState.STATUS_IN_PROGRESS)

    # Ana's parent withdraws while the post waits; the director approves from the dashboard.
    record_answers(parent, world.children["Ana"], {portal: False})
    director = client_of(world.users["director"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.current_task_state_id])
    response = director.post(url, {"comment": ""})
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    refusals = []
    for language in ("nl", "en"):
        with translation.override(language):
            refusals.append(refusal_message([world.children["Ana"]]))
    # Wagtail's admin messages escape their text.
    assert any(refusal in message or escape(refusal) in message for refusal in refusals for message in shown), shown
    post = PostPage.objects.get(pk=post.pk)
    assert not post.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # nothing half approved
    # The same from the dialog (XHR): the message, no error page.
    response = director.post(url, {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and not PostPage.objects.get(pk=post.pk).live

    # Consent again: the approval goes through.
    record_answers(parent, world.children["Ana"], {portal: True})
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post(url, {"comment": ""})
    assert response.status_code == 302 and PostPage.objects.get(pk=post.pk).live


def test_a_scheduled_post_whose_child_lost_consent_stays_a_draft_and_the_author_learns_why(
    world, clock, marked_photo, mailbox, django_capture_on_commit_callbacks
):
    clock.set(MONDAY_14)
    parent = world.users["parent_a"]
    ensure_purposes(world.school)
    portal = ConsentPurpose.objects.get(school=world.school, code=PORTAL_PHOTOS)
    record_answers(parent, world.children["Ana"], {portal: True})
    teacher = client_of(world.users["teacher_a"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk])
    go_live = at(25, 9)
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(
            add_url,
            post_form(
                "Uitje", [marked_photo], go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "publish"}
            ),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = PostPage.objects.get(title="Uitje")
    assert not post.live and post.get_latest_revision().approved_go_live_at is not None

    # Tuesday: Ana's parent withdraws. Wednesday 09:00: the scheduled publication runs.
    clock.set(at(24, 10))
    record_answers(parent, world.children["Ana"], {portal: False})
    clock.set(at(25, 9, 1))
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    post = PostPage.objects.get(pk=post.pk)
    assert not post.live
    assert post.get_latest_revision().approved_go_live_at is None  # not tried again every minute
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    deliver()
    deliver()
    [told] = mailbox.to(world.users["teacher_a"].email)
    assert "Uitje" in told["Subject"]
    text = mailbox.text(told)
    assert "Ana Kind" in text and reverse("wagtailadmin_pages:edit", args=[post.pk]) in text
    assert mailbox.to(parent.email) == []  # parents hear of nothing


def test_a_withdrawal_tells_the_author_once_per_post_not_once_per_translation(world, clock, marked_photo, mailbox):
    from wagtail.models import Locale

    from policies.consent.photos import posts_showing
    from schoolcalendar.publishing import without_working_hours
    from testing.posts import make_post

    clock.set(MONDAY_14)
    parent = world.users["parent_a"]
    ensure_purposes(world.school)
    portal = ConsentPurpose.objects.get(school=world.school, code=PORTAL_PHOTOS)
    record_answers(parent, world.children["Ana"], {portal: True})
    body = [("gallery", {"images": [marked_photo], "caption": ""})]
    post = make_post(world.class_a, "Uitje", body=body, owner=world.users["teacher_a"])
    english = post.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    with without_working_hours():
        english.save_revision().publish()
    assert posts_showing([marked_photo.pk]).count() == 2
    record_answers(parent, world.children["Ana"], {portal: False})
    [row] = Notification.objects.filter(kind=Notification.PHOTO_HIDDEN, channel=Notification.EMAIL)
    assert row.object_id == str(post.pk)  # the post in the school's own language
    deliver()
    assert len(mailbox.to(world.users["teacher_a"].email)) == 1
