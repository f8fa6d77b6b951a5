"""Reports ("I have doubts about this"): who reports what, who is told, the admin's list and actions, the outcome.

The world of testing/world.py, the real URL stack and Wagtail admin, the
notifications outbox (rows are checked in most tests; the e-mails themselves,
through the real SMTP server of the `mailbox` fixture, in the end-to-end test
at the end). The clock is set with the `clock` fixture; 2026-11-23 is a Monday.
"""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import PageLogEntry

from access.rules import can_flag, can_handle_flag, flags_for
from moderation import services
from moderation.models import Flag, ModerationSettings, Reaction
from news.models import PostPage
from notifications import tasks
from notifications.models import Notification
from testing.posts import add_family, make_post, url_of


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def translated(message, **params):
    with translation.override("nl"):
        text = gettext(message)
    return escape(text % params if params else text)


@pytest.fixture
def post(world):
    ModerationSettings.objects.create(school=world.school, reactions_allowed=True)
    return make_post(world.class_a, "Schoolreisje", owner=world.users["teacher_a"])


@pytest.fixture
def reaction(world, post):
    return Reaction.objects.create(
        post=post, author=world.users["parent_a"], text="Vervelende opmerking", submission=uuid.uuid4()
    )


@pytest.fixture
def neighbour(world):
    """A second parent in class A."""
    parent, _child = add_family(world.school, world.class_a, "buur@test.example", "Noor")
    return parent


def flag_post(client, post, reason):
    return client.post(reverse("moderation:flag_post", args=[post.pk]), {"reason": reason})


def flag_reaction(client, reaction, reason):
    return client.post(reverse("moderation:flag_reaction", args=[reaction.pk]), {"reason": reason})


def told(kind, user):
    return Notification.objects.filter(kind=kind, recipient=user, channel=Notification.EMAIL)


# Reporting -----------------------------------------------------------------------------------


def test_a_parent_reports_a_post_the_author_and_directors_are_told(world, post):
    client = client_as(world.users["parent_a"])
    page = client.get(reverse("moderation:flag_post", args=[post.pk]))
    assert page.status_code == 200 and "Schoolreisje" in page.content.decode()
    response = flag_post(client, post, "Er staat een kind op de foto zonder toestemming.")
    assert response.status_code == 302 and response["Location"].startswith(url_of(post))
    flag = Flag.objects.get()
    assert (flag.reporter, flag.post_id, flag.reaction, flag.school) == (
        world.users["parent_a"],
        post.pk,
        None,
        world.school,
    )
    assert flag.is_open
    assert told(Notification.FLAG, world.users["teacher_a"]).count() == 1
    assert told(Notification.FLAG, world.users["director"]).count() == 1
    assert (
        not Notification.objects.filter(kind=Notification.FLAG)
        .exclude(recipient__in=[world.users["teacher_a"], world.users["director"]])
        .exists()
    )


def test_a_double_submit_is_one_report(world, post):
    client = client_as(world.users["parent_a"])
    assert flag_post(client, post, "Twijfel").status_code == 302
    assert flag_post(client, post, "Twijfel").status_code == 302
    assert Flag.objects.count() == 1
    assert told(Notification.FLAG, world.users["director"]).count() == 1


@pytest.mark.parametrize(
    "reason, message, params",
    [
        ("", "Tell the school what your doubts are.", {}),
        ("x" * 1001, "Please keep it to %(max)s characters; yours has %(length)s.", {"max": 1000, "length": 1001}),
    ],
)
def test_bad_input_keeps_the_text(world, post, reason, message, params):
    response = flag_post(client_as(world.users["parent_a"]), post, reason)
    assert response.status_code == 400
    body = response.content.decode()
    assert translated(message, **params) in body
    assert f">{reason}</textarea>" in body
    assert not Flag.objects.exists()


def test_who_may_report(world, post, reaction, neighbour):
    # The reaction's own author does not report it; another parent of the class does.
    assert not can_flag(world.users["parent_a"], post, reaction)
    assert can_flag(neighbour, post, reaction)
    own = client_as(world.users["parent_a"]).get(reverse("moderation:flag_reaction", args=[reaction.pk]))
    assert own.status_code == 403 and translated("You cannot report your own reaction.") in own.content.decode()
    # Staff handle reports, they do not make them.
    for role in ("teacher_a", "director"):
        response = flag_post(client_as(world.users[role]), post, "Twijfel")
        assert response.status_code == 403, role
    # Who does not see the post: as if it did not exist.
    for role in ("parent_b", "teacher_b", "parent_other_school", "director_other_school"):
        assert flag_post(client_as(world.users[role]), post, "Twijfel").status_code == 404, role
        assert flag_reaction(client_as(world.users[role]), reaction, "Twijfel").status_code == 404, role
    assert not Flag.objects.exists()
    # A removed reaction is not reported again.
    services.remove_reaction(reaction, world.users["teacher_a"])
    reaction.refresh_from_db()
    assert not can_flag(neighbour, post, reaction)


# The admin ---------------------------------------------------------------------------------


def test_the_list_shows_each_staff_member_their_own_reports(world, post, reaction, neighbour):
    services.create_flag(post, neighbour, "Niet aardig", reaction=reaction)
    other_school_post = make_post(world.other_class, "Other trip", owner=world.users["director_other_school"])
    services.create_flag(other_school_post, world.users["parent_other_school"], "Doubt")
    index = reverse("moderation_flags:index")
    for role, expected in (("teacher_a", 1), ("director", 1), ("teacher_b", 0), ("director_other_school", 1)):
        user = world.users[role]
        assert flags_for(user, Flag.objects.all()).count() == expected, role
        response = client_as(user).get(index)
        assert response.status_code == 200
        assert response.content.decode().count("data-flag=") == expected, role
    assert flags_for(world.users["parent_a"], Flag.objects.all()).count() == 0
    flag = Flag.objects.get(post=post)
    assert (
        client_as(world.users["teacher_b"]).get(reverse("moderation_flags:detail", args=[flag.pk])).status_code == 404
    )
    assert (
        client_as(world.users["director_other_school"])
        .get(reverse("moderation_flags:detail", args=[flag.pk]))
        .status_code
        == 404
    )
    detail = client_as(world.users["director"]).get(reverse("moderation_flags:detail", args=[flag.pk]))
    assert detail.status_code == 200
    assert "Niet aardig" in detail.content.decode() and "Vervelende opmerking" in detail.content.decode()


def test_the_menu_counts_open_reports(world, post, neighbour):
    services.create_flag(post, neighbour, "Twijfel")
    html = client_as(world.users["director"]).get(reverse("wagtailadmin_home")).content.decode()
    with translation.override("nl"):
        label = gettext("Reports (%(count)s open)") % {"count": 1}
    assert escape(label) in html


def handle(client, flag, outcome, note=""):
    return client.post(reverse("moderation_flags:detail", args=[flag.pk]), {"outcome": outcome, "note": note})


def test_hiding_a_reaction_closes_every_report_on_it_and_tells_each_reporter(world, post, reaction, neighbour):
    third, _child = add_family(world.school, world.class_a, "derde@test.example", "Daan")
    first, _ = services.create_flag(post, neighbour, "Niet aardig", reaction=reaction)
    services.create_flag(post, third, "Klopt niet", reaction=reaction)
    response = handle(client_as(world.users["teacher_a"]), first, Flag.HIDE_REACTION, "Dank voor het melden.")
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.removed_by == world.users["teacher_a"]
    assert not Flag.objects.filter(handled_at__isnull=True).exists()
    for reporter in (neighbour, third):
        assert told(Notification.FLAG_HANDLED, reporter).count() == 1
    assert Flag.objects.filter(outcome=Flag.HIDE_REACTION, handled_by=world.users["teacher_a"]).count() == 2
    # Handling it again is refused and changes nothing.
    again = handle(client_as(world.users["director"]), first, Flag.NO_ACTION, "Nog eens")
    assert again.status_code == 409
    assert translated("This report has been handled already.") in again.content.decode()
    assert Flag.objects.get(pk=first.pk).outcome == Flag.HIDE_REACTION


def test_unpublishing_the_post_uses_wagtails_unpublish(world, post, neighbour):
    flag, _ = services.create_flag(post, neighbour, "Foto van mijn kind zonder toestemming")
    response = handle(client_as(world.users["director"]), flag, Flag.UNPUBLISH_POST, "De foto is eraf gehaald.")
    assert response.status_code == 302
    post = PostPage.objects.get(pk=post.pk)
    assert not post.live
    assert PageLogEntry.objects.filter(page=post, action="wagtail.unpublish", user=world.users["director"]).exists()
    assert client_as(neighbour).get(url_of(post)).status_code == 404
    assert told(Notification.FLAG_HANDLED, neighbour).count() == 1


def test_closing_without_action_needs_a_note_and_keeps_the_choice(world, post, neighbour):
    flag, _ = services.create_flag(post, neighbour, "Twijfel")
    client = client_as(world.users["director"])
    response = handle(client, flag, Flag.NO_ACTION, "")
    assert response.status_code == 400
    assert translated("Tell the parent why you take no action.") in response.content.decode()
    assert re.search(r'<input type="radio" name="outcome" value="no_action"[^>]*checked', response.content.decode())
    assert Flag.objects.get(pk=flag.pk).is_open
    # A post report offers no "hide the reaction".
    assert handle(client, flag, Flag.HIDE_REACTION, "x").status_code == 400
    assert handle(client, flag, Flag.NO_ACTION, "Dit is een gewone klassenfoto.").status_code == 302
    flag.refresh_from_db()
    assert (flag.outcome, flag.note) == (Flag.NO_ACTION, "Dit is een gewone klassenfoto.")
    assert PostPage.objects.get(pk=post.pk).live


def test_only_the_author_and_directors_handle(world, post, neighbour):
    flag, _ = services.create_flag(post, neighbour, "Twijfel")
    assert can_handle_flag(world.users["teacher_a"], flag)
    assert can_handle_flag(world.users["director"], flag)
    for role in ("teacher_b", "director_other_school", "parent_a", "parent_b"):
        assert not can_handle_flag(world.users[role], flag), role
    # A class teacher who did not write the post neither sees nor handles its reports.
    directors_post = make_post(world.class_a, "Van de directie", owner=world.users["director"])
    other, _ = services.create_flag(directors_post, neighbour, "Twijfel")
    assert not can_handle_flag(world.users["teacher_a"], other)
    assert not flags_for(world.users["teacher_a"], Flag.objects.all()).filter(pk=other.pk).exists()
    assert handle(client_as(world.users["teacher_a"]), other, Flag.NO_ACTION, "Nee").status_code == 404


# End to end: a reported reaction is hidden by the teacher and the reporter hears back ---------

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour, minute=0, second=0):
    return datetime.datetime(2026, 11, day, hour, minute, second, tzinfo=AMS)


def deliver():
    """One run of the outbox's delivery task, as the worker runs it."""
    return tasks.deliver_notifications.call()


def test_a_reported_reaction_is_hidden_by_the_teacher_and_the_reporter_hears_back(world, clock, mailbox):
    teacher = world.users["teacher_a"]
    teacher.first_name, teacher.last_name = "Marieke", "Bos"
    teacher.save()
    clock.set(at(23, 10))
    ModerationSettings.objects.create(school=world.school, reactions_allowed=True)
    post = make_post(world.class_a, "Schoolreisje", owner=teacher)
    writer = client_as(world.users["parent_a"])
    reporter_user, _child = add_family(world.school, world.class_a, "noor.buur@test.example", "Noor")
    reporter = client_as(reporter_user)

    # Monday evening a parent reacts; another parent of the class has doubts about it.
    clock.set(at(23, 20, 30))
    response = writer.post(
        reverse("moderation:react", args=[post.pk]),
        {"text": "Die juf kan er ook niks van.", "submission": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    reaction = Reaction.objects.get()
    assert "Die juf kan er ook niks van." in reporter.get(url_of(post)).content.decode()
    clock.set(at(23, 21))
    form = reporter.get(reverse("moderation:flag_reaction", args=[reaction.pk]))
    assert form.status_code == 200 and "Die juf kan er ook niks van." in form.content.decode()
    response = reporter.post(
        reverse("moderation:flag_reaction", args=[reaction.pk]), {"reason": "Dit is niet aardig over de juf."}
    )
    assert response.status_code == 302

    # Nobody is mailed at night: the teacher hears of it at the next working moment.
    deliver()
    assert mailbox.messages == []
    clock.set(at(24, 7, 59))
    deliver()
    assert mailbox.messages == []
    clock.set(at(24, 8, 0, 30))
    deliver()
    [mail] = mailbox.to(teacher.email)
    flag = Flag.objects.get()
    link = f"http://testserver{reverse('moderation_flags:detail', args=[flag.pk])}"
    text = mailbox.text(mail)
    assert link in text and "Schoolreisje" in mail["Subject"]
    assert "http://testserver/meldingen/" in text  # the preferences link
    assert "Die juf kan er ook niks van." not in text and "niet aardig" not in text  # what was said stays in the portal
    assert len(mailbox.to(world.users["director"].email)) == 1
    assert mailbox.to(reporter_user.email) == [] and mailbox.to(world.users["parent_a"].email) == []

    # The teacher follows the link, reads the report and hides the reaction.
    clock.set(at(24, 8, 15))
    staff = client_as(teacher)
    detail = staff.get(link.removeprefix("http://testserver"))
    assert detail.status_code == 200
    assert "Dit is niet aardig over de juf." in detail.content.decode()
    response = staff.post(
        link.removeprefix("http://testserver"),
        {"outcome": Flag.HIDE_REACTION, "note": "Dank je, we hebben de reactie weggehaald."},
    )
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.removed_by == teacher and reaction.removed_at == at(24, 8, 15)
    for parent in (reporter, writer):
        assert "Die juf kan er ook niks van." not in parent.get(url_of(post)).content.decode()
    assert "Die juf kan er ook niks van." in staff.get(url_of(post)).content.decode()  # kept, for the record

    # The reporter hears back, in working hours at once.
    deliver()
    [answer] = mailbox.to(reporter_user.email)
    text = mailbox.text(answer)
    with translation.override("nl"):
        assert gettext("The school has removed the reaction: parents no longer see it.") in text
    assert "Dank je, we hebben de reactie weggehaald." in text
    assert f"http://testserver{url_of(post)}" in text
    assert "http://testserver/meldingen/" in text
    # Everything went out once.
    deliver()
    assert len(mailbox.to(reporter_user.email)) == 1 and len(mailbox.to(teacher.email)) == 1
    assert mailbox.to(world.users["parent_a"].email) == []


# The demo board ---------------------------------------------------------------------------------


def test_the_demo_has_reactions_and_an_open_report(db, settings, tmp_path):
    import io

    from django.core.management import call_command

    from accounts.models import User

    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing twice
    windwijzer = ModerationSettings.objects.get(school__slug="de-windwijzer")
    assert windwijzer.reactions_allowed
    assert not ModerationSettings.objects.get(school__slug="de-regenboog").reactions_allowed
    post = PostPage.objects.get(slug="letterfeest", locale__language_code="nl")
    assert Reaction.objects.filter(post=post).count() == 4
    [flag] = Flag.objects.all()
    assert flag.is_open and flag.reaction.post == post
    for email in ("directeur@windwijzer.test", "leerkracht.groep3@windwijzer.test"):
        html = client_as(User.objects.get(email=email)).get(reverse("moderation_flags:index")).content.decode()
        assert f'data-flag="{flag.pk}"' in html, email
    assert not flags_for(User.objects.get(email="directeur@regenboog.test"), Flag.objects.all()).exists()
    parent = client_as(User.objects.get(email="ouder.groep3@windwijzer.test"))
    html = parent.get(post.get_url_parts()[2], HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "Daan vertelde er de hele avond over" in html and 'class="reaction-form"' in html


@pytest.mark.parametrize("next_value", ["0", "//elders.example/"])
def test_a_report_with_a_next_address_that_is_no_path_goes_back_to_the_post(world, post, next_value):
    response = client_as(world.users["parent_a"]).post(
        reverse("moderation:flag_post", args=[post.pk]), {"reason": "Klopt niet", "next": next_value}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(post.get_url_parts()[2])
