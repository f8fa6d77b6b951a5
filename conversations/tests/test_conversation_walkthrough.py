"""A conversation end to end, on the demo board, with a real SMTP server.

ouder.twee@windwijzer.test (Kees, father of Lotte in Groep 3 and Sem in Groep
5/6) starts a conversation with the Groep 3 teacher (Marieke Bos) at 21:00 on
a Monday. The teacher is told at the next working moment (Tuesday 08:00),
answers in the admin (De Windwijzer's staff work there), and Kees is told at
once. ouder.groep3@windwijzer.test (Sanne, another Groep 3 parent) cannot see
the conversation. Delivery runs as the worker runs it: by calling the task.
"""

import datetime
import io
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from classes.models import Child
from conversations.models import Conversation, Message, Participant
from notifications import tasks
from notifications.models import Notification

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=AMS)


MONDAY_21 = at(23, 21)
TUESDAY_8 = at(24, 8)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path


@pytest.fixture
def demo(db, clock):
    clock.set(at(23, 13))
    call_command("seed_demo", stdout=io.StringIO())


def client_for(email):
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(email=email))
    return client


def deliver():
    return tasks.deliver_notifications.call()


def test_a_parent_writes_at_night_and_the_teacher_answers_in_the_morning(demo, clock, mailbox):
    kees = client_for("ouder.twee@windwijzer.test")
    teacher_email = "leerkracht.groep3@windwijzer.test"
    teacher = User.objects.get(email=teacher_email)
    lotte = Child.objects.get(first_name="Lotte", last_name="Jansen")

    clock.set(MONDAY_21)
    form = kees.get(reverse("conversations:start") + f"?child={lotte.pk}")
    page = form.content.decode()
    assert form.status_code == 200
    assert "Marieke Bos" in page and "Hanneke Smit" in page  # Lotte's teacher and the director
    assert "Ilse Bakker" in page  # Lotte's mother: to include or leave out
    assert "Fleur Kuipers" not in page  # Sem's teacher is not Lotte's
    assert "data-hours-notice" in page and "08:00" in page  # the teacher answers on working days
    response = kees.post(
        reverse("conversations:start"),
        {
            "child": lotte.pk,
            "staff": [teacher.pk],
            "guardians": [],  # Ilse left out
            "subject": "Lotte is moe",
            "text": "Lotte slaapt slecht deze week. Wilt u een beetje op haar letten?",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(subject="Lotte is moe")
    assert set(conversation.participants.values_list("user__email", flat=True)) == {
        "ouder.twee@windwijzer.test",
        teacher_email,
    }

    # 21:00: nothing goes out; the teacher's e-mail waits for Tuesday 08:00.
    deliver()
    assert mailbox.messages == []
    row = Notification.objects.get(recipient=teacher, kind=Notification.MESSAGE, channel=Notification.EMAIL)
    assert row.due_at == TUESDAY_8
    clock.set(at(24, 7, 59))
    deliver()
    assert mailbox.messages == []

    clock.set(TUESDAY_8)
    deliver()
    [told] = mailbox.to(teacher_email)
    assert "Kees Jansen" in told["Subject"] and "Lotte" in told["Subject"]
    text = mailbox.text(told)
    assert "Lotte slaapt slecht deze week." in text
    link = re.search(r"http://\S+/admin/conversations/\d+/", text).group(0)  # De Windwijzer's staff work in the admin

    # The teacher follows the link and answers at 08:10; Kees is told at once.
    clock.set(at(24, 8, 10))
    teacher_client = client_for(teacher_email)
    path = link.split("8000", 1)[-1]
    opened = teacher_client.get(path)
    assert opened.status_code == 200 and "Lotte slaapt slecht deze week." in opened.content.decode()
    answer = teacher_client.post(
        path, {"text": "Dank voor het laten weten, ik let op haar.", "submission_key": str(uuid.uuid4())}
    )
    assert answer.status_code == 302
    deliver()
    [reply] = mailbox.to("ouder.twee@windwijzer.test")
    assert "Marieke Bos" in reply["Subject"]
    assert "ik let op haar" in mailbox.text(reply)
    assert f"/gesprekken/{conversation.pk}/" in mailbox.text(reply)  # parents get the portal

    # Kees sees the answer as new; the teacher sees that Kees read her message.
    kees_page = kees.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()
    assert "ik let op haar" in kees_page and "data-new" in kees_page
    assert "data-hours-notice" in kees_page
    teacher_page = teacher_client.get(path).content.decode()
    assert 'data-read="yes"' in teacher_page and "Kees Jansen" in teacher_page

    # Sanne, another Groep 3 parent, and Ilse, left out, cannot see it.
    for email in ("ouder.groep3@windwijzer.test", "ilse.bakker@windwijzer.test"):
        other = client_for(email)
        assert other.get(reverse("conversations:detail", args=[conversation.pk])).status_code == 404
        assert "Lotte is moe" not in other.get(reverse("conversations:index")).content.decode()
    # Nor does the director, who is not in it.
    director = client_for("directeur@windwijzer.test")
    assert director.get(reverse("conversations_admin:detail", args=[conversation.pk])).status_code == 404
    # Each e-mail went out once.
    for _ in range(2):
        deliver()
    assert len(mailbox.to(teacher_email)) == 1 and len(mailbox.to("ouder.twee@windwijzer.test")) == 1


def test_the_demo_has_conversations_and_the_seed_makes_them_once(demo):
    assert Conversation.objects.filter(subject="Zwemles op vrijdag", child__first_name="Daan").count() == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert Conversation.objects.filter(subject="Zwemles op vrijdag").count() == 1
    sanne = client_for("ouder.groep3@windwijzer.test")
    listing = sanne.get(reverse("conversations:index")).content.decode()
    assert "Zwemles op vrijdag" in listing
    teacher = client_for("leerkracht.groep3@windwijzer.test")
    assert "Zwemles op vrijdag" in teacher.get(reverse("conversations_admin:index")).content.decode()
    regenboog = Conversation.objects.get(subject="Leesboek kwijt")
    assert regenboog.participants.filter(role=Participant.PARENT, user__email="ouder@regenboog.test").exists()
    assert Message.objects.filter(conversation=regenboog).count() == 1
