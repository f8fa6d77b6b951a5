"""1-on-1 conversations: who may start with whom, who sees what, replying, closing, read marks, attachments.

Real database, real urlconf and Wagtail admin, real files in a media folder of
the test, real SMTP (aiosmtpd) where mail is checked. The clock is set with
the `clock` fixture; 2026-11-23 is a Monday.
"""

import datetime
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from access import rules
from classes.models import Guardianship
from conversations import services
from conversations.models import Conversation, ConversationSettings, Message, MessageAttachment, Participant
from home.models import StaffRole
from notifications import tasks as notification_tasks
from notifications.models import Notification
from testing.world import ROLES, make_user

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_14 = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=AMS)
MONDAY_21 = datetime.datetime(2026, 11, 23, 21, 0, tzinfo=AMS)
TUESDAY_8 = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def now(clock):
    clock.set(MONDAY_14)
    return clock


def client_as(world, role):
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def text_of(response):
    return response.content.decode()


def translated(message, language="nl"):
    with translation.override(language):
        return escape(gettext(message))


def jpeg(gps=False, size=(40, 30)):
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    image.save(out, format="JPEG", exif=exif.tobytes())
    out.name = "foto.jpg"
    out.seek(0)
    return out


def pdf():
    out = io.BytesIO(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    out.name = "brief.pdf"
    return out


def start_data(
    child, staff=(), guardians=(), subject="Over de gym", text="Mag Ana morgen niet gymmen?", key=None, **extra
):
    data = {
        "child": str(child.pk),
        "staff": [str(user.pk) for user in staff],
        "guardians": [str(user.pk) for user in guardians],
        "subject": subject,
        "text": text,
        "submission_key": str(key or uuid.uuid4()),
    }
    data.update(extra)
    return data


def start_as(world, role, child, **kwargs):
    client = client_as(world, role)
    response = client.post(reverse("conversations:start"), start_data(child, **kwargs))
    assert response.status_code == 302, text_of(response)
    return Conversation.objects.order_by("-pk").first(), client


@pytest.fixture
def ana_conversation(world, now):
    """parent_a writes to teacher_a about Ana."""
    conversation, _client = start_as(world, "parent_a", world.children["Ana"], staff=[world.users["teacher_a"]])
    return conversation


# Who may start with whom ------------------------------------------------------------------------


def test_whom_a_parent_may_address(world):
    ana = world.children["Ana"]
    staff = set(rules.staff_a_parent_may_address(ana))
    assert staff == {world.users["teacher_a"], world.users["director"]}
    assert rules.can_start_conversation(world.users["parent_a"], ana)
    assert not rules.can_start_conversation(world.users["parent_a"], world.children["Bram"])
    assert not rules.can_start_conversation(world.users["parent_b"], ana)
    assert not rules.can_start_conversation(world.users["parent_other_school"], ana)


def test_whom_staff_may_address(world):
    ana, bram, xena = world.children["Ana"], world.children["Bram"], world.children["Xena"]
    assert set(rules.staff_addressable_children(world.users["teacher_a"])) == {ana}
    assert set(rules.staff_addressable_children(world.users["teacher_b"])) == {bram}
    assert set(rules.staff_addressable_children(world.users["director"])) == {ana, bram}
    assert set(rules.staff_addressable_children(world.users["director_other_school"])) == {xena}
    assert rules.conversation_recipients(world.users["teacher_a"], ana)["guardians"].get() == world.users["parent_a"]
    # Colleagues to add: whom a parent could write to about the child, not oneself.
    assert set(rules.conversation_recipients(world.users["teacher_a"], ana)["staff"]) == {world.users["director"]}
    assert set(rules.conversation_recipients(world.users["director"], ana)["staff"]) == {world.users["teacher_a"]}
    assert not rules.conversation_recipients(world.users["teacher_a"], bram)["guardians"].exists()
    assert not rules.conversation_recipients(world.users["teacher_a"], bram)["staff"].exists()
    assert not rules.can_start_conversation(world.users["teacher_b"], ana)


def test_a_parent_cannot_forge_a_recipient(world, now):
    client = client_as(world, "parent_a")
    response = client.post(
        reverse("conversations:start"), start_data(world.children["Ana"], staff=[world.users["teacher_b"]])
    )
    assert response.status_code == 400
    assert translated("Choose only from the people listed.") in text_of(response)
    assert not Conversation.objects.exists()
    # Nor a child that is not theirs.
    response = client.post(
        reverse("conversations:start"), start_data(world.children["Bram"], staff=[world.users["teacher_b"]])
    )
    assert response.status_code == 400 and not Conversation.objects.exists()


def test_the_start_form_offers_the_childs_teachers_and_director(world, now):
    page = text_of(client_as(world, "parent_a").get(reverse("conversations:start")))
    assert "teacher.a@test.example" in page or "teacher.a Test" in page
    assert "director Test" in page
    assert "teacher.b Test" not in page
    assert "data-hours-notice" in page and "08:00" in page and "17:00" in page  # the school's working hours


# Starting, and who sees it ----------------------------------------------------------------------


def test_a_parent_starts_a_conversation(world, ana_conversation):
    conversation = ana_conversation
    assert conversation.child == world.children["Ana"] and conversation.subject == "Over de gym"
    roles = dict(conversation.participants.values_list("user__email", "role"))
    assert roles == {"parent.a@test.example": Participant.PARENT, "teacher.a@test.example": Participant.STAFF}
    [message] = conversation.messages.all()
    assert message.author == world.users["parent_a"] and message.text == "Mag Ana morgen niet gymmen?"
    # The teacher is told, in working hours at once; the author is not.
    assert set(Notification.objects.filter(kind=Notification.MESSAGE).values_list("recipient__email", flat=True)) == {
        "teacher.a@test.example"
    }


ALLOWED = {"parent_a", "teacher_a"}


@pytest.mark.parametrize("role", ROLES)
def test_only_participants_see_a_conversation(world, ana_conversation, role):
    client = client_as(world, role)
    urls = [
        reverse("conversations:detail", args=[ana_conversation.pk]),
        "/en" + reverse("conversations:detail", args=[ana_conversation.pk]),
    ]
    listing = client.get(reverse("conversations:index"))
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        elif role in ALLOWED:
            assert response.status_code == 200 and "Mag Ana morgen niet gymmen?" in text_of(response)
        else:
            assert response.status_code == 404, (role, url)
            assert "Over de gym" not in text_of(response)
    if role == "anonymous":
        assert listing.status_code == 302
    else:
        assert listing.status_code == 200
        assert ("Over de gym" in text_of(listing)) == (role in ALLOWED)
    # The admin: staff participants only; parents never reach the admin.
    admin = client.get(reverse("conversations_admin:detail", args=[ana_conversation.pk]))
    if role == "anonymous":
        assert admin.status_code == 302
    elif role in ("parent_a", "parent_b", "parent_other_school"):
        assert admin.status_code == 403 and "Over de gym" not in text_of(admin)
    elif role == "teacher_a":
        assert admin.status_code == 200 and "Mag Ana morgen niet gymmen?" in text_of(admin)
    else:
        assert admin.status_code == 404
    # Replying and closing: refused (404) to whoever is not in it.
    reply = client.post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Ik ook!", "submission_key": str(uuid.uuid4())},
    )
    closing = client.post(reverse("conversations:close", args=[ana_conversation.pk]))
    if role not in ALLOWED and role != "anonymous":
        assert reply.status_code == 404 and closing.status_code == 404
    assert not Message.objects.filter(text="Ik ook!").exclude(author__in=[world.users[r] for r in ALLOWED]).exists()
    assert Conversation.objects.get(pk=ana_conversation.pk).closed_at is None or role == "teacher_a"


def test_directors_do_not_see_conversations_they_are_not_in(world, ana_conversation):
    assert not rules.can_view_conversation(world.users["director"], ana_conversation)
    assert not rules.conversations_of(world.users["director"], Conversation.objects.all()).exists()
    superuser = make_user("root@test.example", is_superuser=True, is_staff=True)
    assert not rules.can_view_conversation(superuser, ana_conversation)


def test_who_leaves_the_school_or_the_family_sees_and_hears_nothing_more(world, ana_conversation):
    """A teacher without a role at the school, a parent no longer the child's guardian: no access, no mail; rows kept."""
    teacher, parent = world.users["teacher_a"], world.users["parent_a"]
    detail = reverse("conversations:detail", args=[ana_conversation.pk])
    teacher_client, parent_client = client_as(world, "teacher_a"), client_as(world, "parent_a")
    assert teacher_client.get(detail).status_code == 200

    # The teacher moves to the board's other school.
    StaffRole.objects.filter(user=teacher, school=world.school).delete()
    StaffRole.objects.create(user=teacher, school=world.other_school, role=StaffRole.TEACHER)
    assert not rules.can_view_conversation(teacher, Conversation.objects.get(pk=ana_conversation.pk))
    teacher_client = client_as(world, "teacher_a")  # a change of roles ended the earlier session
    assert teacher_client.get(detail).status_code == 404
    assert "Over de gym" not in text_of(teacher_client.get(reverse("conversations:index")))
    told_before = Notification.objects.filter(recipient=teacher, kind=Notification.MESSAGE).count()
    response = parent_client.post(detail, {"text": "Nog een vraag", "submission_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=teacher, kind=Notification.MESSAGE).count() == told_before

    Guardianship.objects.filter(user=parent, child=world.children["Ana"]).delete()
    response = client_as(world, "parent_a").get(detail)  # with no child left, the portal sends them to log in
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not rules.conversations_of(parent, Conversation.objects.all()).exists()
    assert Participant.objects.filter(conversation=ana_conversation).count() == 2  # the history stays whole


def test_other_guardians_can_be_included_or_left_out(world, now):
    ana = world.children["Ana"]
    father = make_user("father.a@test.example")
    Guardianship.objects.create(child=ana, user=father, relation=Guardianship.FATHER)
    page = text_of(client_as(world, "parent_a").get(reverse("conversations:start")))
    assert "father.a Test" in page  # offered, to include or leave out
    left_out, _ = start_as(world, "parent_a", ana, staff=[world.users["teacher_a"]], guardians=[], subject="Alleen ik")
    included, _ = start_as(
        world, "parent_a", ana, staff=[world.users["teacher_a"]], guardians=[father], subject="Wij samen"
    )
    assert not rules.can_view_conversation(father, left_out)
    assert rules.can_view_conversation(father, included)
    father_client = Client()
    father_client.force_login(father)
    assert father_client.get(reverse("conversations:detail", args=[left_out.pk])).status_code == 404
    assert father_client.get(reverse("conversations:detail", args=[included.pk])).status_code == 200
    assert not Notification.objects.filter(recipient=father, object_id=str(left_out.messages.get().pk)).exists()
    assert Notification.objects.filter(recipient=father, object_id=str(included.messages.get().pk)).exists()


def test_staff_start_with_the_guardians(world, now):
    conversation, client = start_as(world, "teacher_a", world.children["Ana"], guardians=[world.users["parent_a"]])
    assert dict(conversation.participants.values_list("user__email", "role")) == {
        "teacher.a@test.example": Participant.STAFF,
        "parent.a@test.example": Participant.PARENT,
    }
    # Without any parent chosen: a 400 with the subject and text kept.
    response = client.post(
        reverse("conversations:start"), start_data(world.children["Ana"], guardians=[], text="Bewaar mij")
    )
    assert response.status_code == 400
    assert translated("Choose at least one parent.") in text_of(response) and "Bewaar mij" in text_of(response)
    # teacher_b does not teach Ana: refused.
    response = client_as(world, "teacher_b").post(
        reverse("conversations:start"), start_data(world.children["Ana"], guardians=[world.users["parent_a"]])
    )
    assert response.status_code == 400 and Conversation.objects.count() == 1


def test_staff_may_add_a_colleague_who_then_sees_it(world, now):
    ana = world.children["Ana"]
    page = text_of(client_as(world, "teacher_a").get(reverse("conversations:start") + f"?child={ana.pk}"))
    assert translated("Also include colleagues") in page and 'name="staff"' in page
    assert f'name="staff" value="{world.users["director"].pk}"' in page
    assert (
        f'name="staff" value="{world.users["director"].pk}" id="id_staff_0" checked' not in page
    )  # nobody added unasked
    conversation, _client = start_as(
        world, "teacher_a", ana, guardians=[world.users["parent_a"]], staff=[world.users["director"]], subject="Samen"
    )
    assert dict(conversation.participants.values_list("user__email", "role")) == {
        "teacher.a@test.example": Participant.STAFF,
        "director@test.example": Participant.STAFF,
        "parent.a@test.example": Participant.PARENT,
    }
    assert client_as(world, "director").get(reverse("conversations:detail", args=[conversation.pk])).status_code == 200
    assert Notification.objects.filter(recipient=world.users["director"], kind=Notification.MESSAGE).exists()
    # A colleague who may not be offered (another group's teacher) is refused, and nothing is made.
    response = client_as(world, "teacher_a").post(
        reverse("conversations:start"),
        start_data(ana, guardians=[world.users["parent_a"]], staff=[world.users["teacher_b"]], subject="Niet zo"),
    )
    assert response.status_code == 400 and translated("Choose only from the people listed.") in text_of(response)
    assert not Conversation.objects.filter(subject="Niet zo").exists()


def test_staff_start_in_the_admin(world, now):
    client = client_as(world, "director")
    page = client.get(reverse("conversations_admin:start") + f"?child={world.children['Bram'].pk}")
    assert page.status_code == 200 and "parent.b Test" in text_of(page)
    response = client.post(
        reverse("conversations_admin:start"), start_data(world.children["Bram"], guardians=[world.users["parent_b"]])
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "conversations_admin:detail", args=[conversation.pk]
    )


# Replying, double submits, attachments ------------------------------------------------------------


def test_a_double_submit_creates_one_conversation_and_one_message(world, now):
    key = uuid.uuid4()
    client = client_as(world, "parent_a")
    data = start_data(world.children["Ana"], staff=[world.users["teacher_a"]], key=key)
    first = client.post(reverse("conversations:start"), data)
    second = client.post(reverse("conversations:start"), data)
    conversation = Conversation.objects.get()
    assert first["Location"] == second["Location"] == reverse("conversations:detail", args=[conversation.pk])
    reply = {"text": "Nog een vraag", "submission_key": str(uuid.uuid4())}
    url = reverse("conversations:detail", args=[conversation.pk])
    assert client.post(url, reply).status_code == 302
    assert client.post(url, reply).status_code == 302
    assert conversation.messages.filter(text="Nog een vraag").count() == 1
    assert Notification.objects.filter(kind=Notification.MESSAGE, recipient=world.users["teacher_a"]).count() == 2


def test_a_flood_of_messages_sends_at_most_ten_notices_a_day_to_each_participant(world, ana_conversation, now):
    teacher = world.users["teacher_a"]

    def notices():
        return Notification.objects.filter(recipient=teacher, kind=Notification.MESSAGE).count()

    for index in range(14):
        services.reply(
            conversation=ana_conversation, user=world.users["parent_a"], text=f"m{index}", uploads=[], key=uuid.uuid4()
        )
    assert ana_conversation.messages.count() == 15  # every message is there
    assert notices() == 10  # the first message and nine replies
    now.set(now.now + datetime.timedelta(hours=25))
    services.reply(
        conversation=ana_conversation, user=world.users["parent_a"], text="later", uploads=[], key=uuid.uuid4()
    )
    assert notices() == 11


def test_someone_elses_form_key_creates_nothing_and_answers_400(world, ana_conversation):
    """A copied or forged key of another person's submission: a clear 400 with the text kept, never a 500."""
    theirs = ana_conversation.messages.get().submission_key
    response = client_as(world, "teacher_a").post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Mijn antwoord", "submission_key": str(theirs)},
    )
    assert response.status_code == 400 and "Mijn antwoord" in text_of(response)
    assert translated("The form was incomplete. Please check it and send it again.") in text_of(response)
    response = client_as(world, "director").post(
        reverse("conversations:start"),
        start_data(
            world.children["Ana"],
            guardians=[world.users["parent_a"]],
            key=ana_conversation.submission_key,
            text="Van de directeur",
        ),
    )
    assert response.status_code == 400 and "Van de directeur" in text_of(response)
    assert Conversation.objects.count() == 1 and ana_conversation.messages.count() == 1


def test_a_bad_attachment_is_refused_and_the_text_kept(world, ana_conversation):
    client = client_as(world, "parent_a")
    url = reverse("conversations:detail", args=[ana_conversation.pk])
    fake = io.BytesIO(b"MZ\x90\x00 this is a program, not a photo")
    fake.name = "vakantie.jpg"
    response = client.post(url, {"text": "Zie de foto", "attachments": [fake], "submission_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert translated("This is not a JPEG, PNG, WebP or GIF image, or the image is damaged.") in text_of(response)
    assert "Zie de foto" in text_of(response)
    exe = io.BytesIO(b"MZ\x90\x00")
    exe.name = "programma.exe"
    response = client.post(url, {"text": "En dit", "attachments": [exe], "submission_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert translated("Only photos (JPEG, PNG or WebP) and PDF files can be attached.") in text_of(response)
    fake_pdf = io.BytesIO(b"<html>not a pdf</html>")
    fake_pdf.name = "brief.pdf"
    response = client.post(url, {"text": "En dit", "attachments": [fake_pdf], "submission_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert ana_conversation.messages.count() == 1 and not MessageAttachment.objects.exists()


def test_a_too_big_attachment_is_refused(world, ana_conversation, settings):
    settings.CONVERSATIONS_MAX_ATTACHMENT_SIZE = 20
    response = client_as(world, "parent_a").post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Groot", "attachments": [pdf()], "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400 and "Groot" in text_of(response)
    assert "brief.pdf" in text_of(response)


def test_attachments_are_private_and_photos_lose_their_location(world, ana_conversation):
    client = client_as(world, "parent_a")
    response = client.post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Foto en brief", "attachments": [jpeg(gps=True), pdf()], "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    photo, letter = MessageAttachment.objects.order_by("pk")
    assert photo.is_image and not letter.is_image
    assert photo.file.name.startswith("conversations/") and "foto" not in photo.file.name
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert 0x8825 not in image.getexif()
    for role in ROLES:
        for attachment in (photo, letter):
            response = client_as(world, role).get(attachment.file.url)
            if role in ALLOWED:
                assert response.status_code == 200, (role, attachment)
                assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
            elif role == "anonymous":
                assert response.status_code == 302
            else:
                assert response.status_code == 404, (role, attachment)
    # The teacher's page shows them; the e-mail never carries them (conversations/tests/test_conversation_walkthrough.py).
    page = text_of(client_as(world, "teacher_a").get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert photo.file.url in page and letter.file.url in page


def rotated_photo(size=(3000, 2000)):
    """A large camera photo stored on its side, with EXIF orientation 6 (turn 90 degrees to view)."""
    image = Image.new("RGB", size, (30, 120, 200))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    out.name = "klas.jpg"
    out.seek(0)
    return out


def test_a_large_photo_is_shown_as_a_small_upright_preview_for_participants_only(world, ana_conversation):
    client = client_as(world, "parent_a")
    response = client.post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Grote foto", "attachments": [rotated_photo(), jpeg()], "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    large, small = MessageAttachment.objects.order_by("pk")
    assert large.preview and not small.preview  # a small photo is shown as it is
    with large.preview.open("rb") as stored, Image.open(stored) as preview:
        assert preview.size == (853, 1280)  # upright: the orientation is applied, at most 1280 pixels
        assert not preview.getexif()
    with large.file.open("rb") as stored, Image.open(stored) as original:
        assert original.size == (2000, 3000)  # full size, turned upright (privatemedia.cleaning)
    page = text_of(client_as(world, "teacher_a").get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert f'<img src="{large.preview.url}"' in page and f'href="{large.file.url}"' in page
    assert f'<img src="{small.file.url}"' in page
    for role in ROLES:
        response = client_as(world, role).get(large.preview.url)
        if role in ALLOWED:
            assert response.status_code == 200, role
        elif role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 404, role


# Read marks, unread counts, closing ------------------------------------------------------------------


def test_unread_counts_and_read_marks(world, ana_conversation, clock):
    teacher, parent = client_as(world, "teacher_a"), client_as(world, "parent_a")
    listing = text_of(teacher.get(reverse("conversations:index")))
    assert 'data-unread="1"' in listing
    clock.set(MONDAY_14 + datetime.timedelta(minutes=5))
    page = text_of(teacher.get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert "data-new" in page  # shown as new this once
    assert "data-unread" not in text_of(teacher.get(reverse("conversations:index")))
    clock.set(MONDAY_14 + datetime.timedelta(minutes=10))
    teacher.post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Prima", "submission_key": str(uuid.uuid4())},
    )
    page = text_of(teacher.get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert 'data-read="no"' in page and translated("Not read yet") in page
    assert 'data-unread="1"' in text_of(parent.get(reverse("conversations:index")))
    clock.set(MONDAY_14 + datetime.timedelta(minutes=20))
    parent_page = text_of(parent.get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert "data-read=" not in parent_page  # parents see no read marks
    page = text_of(teacher.get(reverse("conversations:detail", args=[ana_conversation.pk])))
    assert 'data-read="yes"' in page and "parent.a Test" in page
    admin_page = text_of(teacher.get(reverse("conversations_admin:detail", args=[ana_conversation.pk])))
    assert 'data-read="yes"' in admin_page  # the same marks in the admin
    assert "data-unread" not in text_of(parent.get(reverse("conversations:index")))


def test_the_header_counts_conversations_with_news(world, ana_conversation, clock):
    teacher, parent = client_as(world, "teacher_a"), client_as(world, "parent_a")
    timeline = reverse("news:timeline")
    assert 'data-conversations-news="1"' in text_of(teacher.get(timeline))
    with translation.override("nl"):
        assert escape("1 gesprek met nieuwe berichten") in text_of(teacher.get(timeline))
    assert "data-conversations-news" not in text_of(parent.get(timeline))  # their own message is no news
    assert "data-conversations-news" not in text_of(client_as(world, "parent_b").get(timeline))
    clock.set(MONDAY_14 + datetime.timedelta(minutes=5))
    teacher.get(reverse("conversations:detail", args=[ana_conversation.pk]))
    assert "data-conversations-news" not in text_of(teacher.get(timeline))
    clock.set(MONDAY_14 + datetime.timedelta(minutes=10))
    teacher.post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Prima", "submission_key": str(uuid.uuid4())},
    )
    assert 'data-conversations-news="1"' in text_of(parent.get(timeline))
    start_as(world, "teacher_a", world.children["Ana"], guardians=[world.users["parent_a"]], subject="Tweede")
    assert 'data-conversations-news="2"' in text_of(parent.get(timeline))  # conversations, not messages


def test_the_header_count_drops_when_the_new_message_is_deleted(world, ana_conversation):
    teacher = client_as(world, "teacher_a")
    timeline = reverse("news:timeline")
    assert 'data-conversations-news="1"' in text_of(teacher.get(timeline))
    ana_conversation.messages.all().delete()
    assert "data-conversations-news" not in text_of(teacher.get(timeline))


def test_the_admin_dashboard_lists_conversations_with_new_messages(world, ana_conversation):
    teacher = client_as(world, "teacher_a")
    dashboard = text_of(teacher.get(reverse("wagtailadmin_home")))
    assert "data-new-messages" in dashboard and "Over de gym" in dashboard
    assert reverse("conversations_admin:detail", args=[ana_conversation.pk]) in dashboard
    teacher.get(reverse("conversations_admin:detail", args=[ana_conversation.pk]))
    assert "data-new-messages" not in text_of(teacher.get(reverse("wagtailadmin_home")))
    assert "Over de gym" not in text_of(client_as(world, "director").get(reverse("wagtailadmin_home")))


def test_staff_close_and_closed_is_read_only(world, ana_conversation):
    parent, teacher = client_as(world, "parent_a"), client_as(world, "teacher_a")
    url = reverse("conversations:detail", args=[ana_conversation.pk])
    assert "data-close-form" not in text_of(parent.get(url))
    assert parent.post(reverse("conversations:close", args=[ana_conversation.pk])).status_code == 403
    assert parent.get(reverse("conversations:close", args=[ana_conversation.pk])).status_code == 405
    assert "data-close-form" in text_of(teacher.get(url))
    response = teacher.post(reverse("conversations_admin:close", args=[ana_conversation.pk]))
    assert response.status_code == 302
    ana_conversation.refresh_from_db()
    assert ana_conversation.closed_by == world.users["teacher_a"]
    page = text_of(parent.get(url))
    assert "data-reply-form" not in page and "data-closed" in page
    response = parent.post(url, {"text": "Toch nog iets", "submission_key": str(uuid.uuid4())})
    assert response.status_code == 302 and not Message.objects.filter(text="Toch nog iets").exists()
    assert not rules.can_post_in_conversation(world.users["teacher_a"], ana_conversation)


# Where staff work, and notifications ------------------------------------------------------------------


def test_the_school_chooses_where_staff_work(world, ana_conversation, mailbox):
    assert services.uses_admin(world.users["teacher_a"])  # the default
    notification_tasks.deliver_notifications.call()
    [mail] = mailbox.to("teacher.a@test.example")
    admin_link = "http://testserver" + reverse("conversations_admin:detail", args=[ana_conversation.pk])
    assert admin_link in mailbox.text(mail)
    assert "Mag Ana morgen niet gymmen?" in mailbox.text(mail)
    assert "http://testserver/meldingen/" in mailbox.text(mail)
    assert not list(mail.iter_attachments())
    ConversationSettings.objects.create(school=world.school, staff_workplace="portal")
    assert not services.uses_admin(world.users["teacher_a"])
    client_as(world, "parent_a").post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Nog iets", "submission_key": str(uuid.uuid4())},
    )
    notification_tasks.deliver_notifications.call()
    latest = mailbox.to("teacher.a@test.example")[-1]
    assert "http://testserver" + reverse("conversations:detail", args=[ana_conversation.pk]) in mailbox.text(latest)
    # The admin menu points the teacher to the portal now; the admin view still works.
    home = text_of(client_as(world, "teacher_a").get(reverse("wagtailadmin_home")))
    assert reverse("conversations:index") in home
    assert client_as(world, "teacher_a").get(reverse("conversations_admin:index")).status_code == 200


def test_parents_are_mailed_in_their_language_with_a_link_to_the_portal(world, ana_conversation, mailbox):
    parent = world.users["parent_a"]
    parent.preferred_language = "en"
    parent.save()
    client_as(world, "teacher_a").post(
        reverse("conversations:detail", args=[ana_conversation.pk]),
        {"text": "Natuurlijk", "submission_key": str(uuid.uuid4())},
    )
    notification_tasks.deliver_notifications.call()
    [mail] = mailbox.to(parent.email)
    assert "New message from teacher.a Test about Ana" in mail["Subject"]
    assert "http://testserver/en" + reverse("conversations:detail", args=[ana_conversation.pk]) in mailbox.text(mail)


def test_settings_admin_is_for_directors_of_their_own_school(world):
    director = client_as(world, "director")
    response = director.get(reverse("conversations_settings:index"))
    assert response.status_code == 200 and "Windwijzer" in text_of(response)
    row = ConversationSettings.objects.get(school=world.school)
    other = ConversationSettings.for_school(world.other_school)
    assert director.get(reverse("conversations_settings:edit", args=[other.pk])).status_code == 404
    response = director.post(reverse("conversations_settings:edit", args=[row.pk]), {"staff_workplace": "portal"})
    assert response.status_code == 302
    assert ConversationSettings.objects.get(pk=row.pk).staff_workplace == "portal"
    assert client_as(world, "teacher_a").get(reverse("conversations_settings:index")).status_code in (302, 403)


# Query counts ------------------------------------------------------------------------------------------


def _conversations(world, count, clock):
    for index in range(count):
        conversation, created = services.start(
            user=world.users["parent_a"],
            child=world.children["Ana"],
            subject=f"Vraag {index}",
            text="Tekst",
            staff=[world.users["teacher_a"], world.users["director"]],
            guardians=[],
            uploads=[],
            key=uuid.uuid4(),
        )
        for reply in range(3):
            services.reply(
                conversation=conversation,
                user=world.users["teacher_a"],
                text=f"Antwoord {reply}",
                uploads=[],
                key=uuid.uuid4(),
            )


@pytest.mark.parametrize("view_name", ["conversations:index", "conversations_admin:index"])
def test_the_listing_costs_the_same_for_1_or_8_conversations(world, now, django_assert_num_queries, view_name):
    role = "teacher_a"
    client = client_as(world, role)
    _conversations(world, 1, now)
    client.get(reverse(view_name))  # warm up the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(view_name)).status_code == 200
    count = len(one.captured_queries)  # before the next request, which empties the query log
    _conversations(world, 7, now)
    client.get(reverse(view_name))  # the new messages gave a new stamp: the header's count is made anew once
    with django_assert_num_queries(count):
        response = client.get(reverse(view_name))
    assert text_of(response).count("data-conversation=") == 8


def test_a_conversation_page_costs_the_same_for_2_or_20_messages(world, ana_conversation, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world, "teacher_a")
    url = reverse("conversations:detail", args=[ana_conversation.pk])
    client.get(url)
    services.reply(
        conversation=ana_conversation, user=world.users["teacher_a"], text="1", uploads=[jpeg()], key=uuid.uuid4()
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(18):
        services.reply(
            conversation=ana_conversation,
            user=world.users["parent_a"],
            text=f"m{index}",
            uploads=[pdf()],
            key=uuid.uuid4(),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert text_of(response).count("data-message=") == 20


# On a phone, in a real browser ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_parent_starts_and_reads_a_conversation_on_a_phone(live_server, monkeypatch, media_root):
    """Chromium at a phone's size: the start form, sending, the conversation page; nothing wider than the screen."""
    from urllib.parse import urlsplit

    from django.conf import settings as django_settings
    from wagtail.models import Collection, Locale, Page, Site

    from testing import browser
    from testing.world import PASSWORD, build_world

    browser.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    nl, _ = Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=nl))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    world = build_world()
    # Two children, so the form first asks which child it is about.
    Guardianship.objects.create(
        child=world.children["Bram"], user=world.users["parent_a"], relation=Guardianship.MOTHER
    )
    port = urlsplit(live_server.url).port
    Site.objects.filter(root_page=world.school).update(hostname="localhost", port=port)
    origin = f"http://localhost:{port}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
            tab = context.new_page()
            browser.log_in(tab, origin, world.users["parent_a"].email, PASSWORD)
            tab.goto(f"{origin}/gesprekken/")
            tab.click("[data-start-link]")
            tab.select_option("[data-child-picker] select", str(world.children["Ana"].pk))
            with tab.expect_navigation():
                tab.click("[data-child-picker] button[type=submit]")
            tab.check(f"input[name=staff][value='{world.users['teacher_a'].pk}']")
            tab.fill("input[name=subject]", "Gymschoenen")
            tab.fill("textarea[name=text]", "Ana is haar gymschoenen kwijt.")
            too_wide = tab.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not too_wide, "the start form is wider than a phone's screen"
            with tab.expect_navigation():
                tab.click("[data-start-form] button[type=submit]")
            assert "/gesprekken/" in tab.url and tab.locator("[data-message]").count() == 1
            assert tab.locator("[data-hours-notice]").is_visible()
            assert tab.locator("[data-reply-form] textarea").is_visible()
            too_wide = tab.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not too_wide, "the conversation page is wider than a phone's screen"
            context.close()
        finally:
            chromium.close()
    assert Conversation.objects.get().subject == "Gymschoenen"
