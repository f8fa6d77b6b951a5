"""The family data export end to end: the parent's page, the task, the ZIP, the one download, expiry, the admin.

Real database (the world of testing/world.py), the real URL stack, the task
as the immediate backend runs it when the request's transaction commits
(`django_capture_on_commit_callbacks`), a real SMTP server (`mailbox`) and
the `clock` fixture. Two families share class group A: parent_a with Ana,
and the Tweede family with Tirza; every kind of data is made for both, and
nothing of the Tweede family may appear in parent_a's ZIP.
"""

import datetime
import io
import json
import uuid
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from attendance.models import AbsenceReport
from classes.models import Child, Enrollment, Guardianship
from classes.schoolyear import school_year_of
from conversations.models import Conversation, Message, MessageAttachment, Participant
from leave.models import LeaveRequest, LeaveRequestEvent
from moderation.models import Flag, Reaction
from news.models import EventResponse, PostRead
from notifications.models import DAILY, NotificationPreference
from policies.consent.answers import ensure_purposes, record_answers
from policies.models import PORTAL_PHOTOS, ConsentPurpose, PolicyAcceptance
from privacy import registry
from privacy.models import FamilyExport
from testing.world import make_user
from webapp.models import PushSubscription

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PAGE = "/mijn-gegevens/"


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    """Uploads and exports go to folders of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SENDFILE_ROOT = tmp_path / "media"
    settings.PRIVACY_EXPORT_ROOT = tmp_path / "exports"
    return tmp_path


def family_data(world, parent, child, marker):
    """Data of every kind for one family; every text carries `marker`, so the test can look for it."""
    school = world.school
    teacher = world.users["teacher_a"]
    ensure_purposes(school)
    photos = ConsentPurpose.objects.get(school=school, code=PORTAL_PHOTOS)
    record_answers(parent, child, {photos: False})
    record_answers(parent, child, {photos: True})
    AbsenceReport.objects.create(
        school=school,
        child=child,
        class_page=world.class_a,
        reason=AbsenceReport.SICK,
        note=f"Koorts {marker}",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
        reported_by=parent,
        submission=uuid.uuid4(),
    )
    first = timezone.localdate() + datetime.timedelta(days=70)
    leave = LeaveRequest.objects.create(
        school=school,
        requested_by=parent,
        requested_by_name=parent.get_full_name(),
        kind="holiday",
        explanation=f"Bruiloft {marker}",
        first_day=first,
        last_day=first,
        school_days=1,
        school_year=school_year_of(first),
        submission_key=uuid.uuid4(),
        attachment_name=f"verklaring-{marker}.pdf",
    )
    leave.attachment.save("verklaring.pdf", ContentFile(PDF + marker.encode()))
    leave.children.add(child)
    LeaveRequestEvent.objects.create(
        request=leave,
        action="approve",
        user=world.users["director"],
        user_name="Directeur",
        grounds=f"Akkoord {marker}",
    )
    conversation = Conversation.objects.create(school=school, child=child, subject=f"Vraag {marker}", started_by=parent)
    Participant.objects.create(conversation=conversation, user=parent, role=Participant.PARENT)
    Participant.objects.create(conversation=conversation, user=teacher, role=Participant.STAFF)
    message = Message.objects.create(
        conversation=conversation, author=parent, author_name=parent.get_full_name(), text=f"Bericht {marker}"
    )
    attachment = MessageAttachment(message=message, name=f"foto-{marker}.pdf", size=len(PDF))
    attachment.file.save("foto.pdf", ContentFile(PDF + marker.encode()))
    Message.objects.create(conversation=conversation, author=teacher, author_name="Juf A", text=f"Antwoord {marker}")
    reaction = Reaction.objects.create(
        post_id=world.class_a_post.pk, author=parent, text=f"Leuk {marker}", submission=uuid.uuid4()
    )
    Flag.objects.create(reporter=parent, school=school, post_id=world.class_a_post.pk, reason=f"Twijfel {marker}")
    PostRead.objects.create(post_id=world.class_a_post.pk, user=parent)
    EventResponse.objects.create(post_id=world.class_a_post.pk, user=parent, answer=EventResponse.YES, people=2)
    NotificationPreference.objects.create(user=parent, posts=DAILY)
    PushSubscription.objects.create(
        user=parent,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{marker}-endpoint",
        p256dh=f"P256DH{marker}SECRET",
        auth=f"AUTH{marker}SECRET",
        user_agent=f"Firefox {marker}",
    )
    PolicyAcceptance.objects.create(user=parent, page_id=world.school_policy.pk, version=1)
    return reaction


@pytest.fixture
def families(world):
    """parent_a (Ana, class A) and a second family in class A: Tweede with Tirza. Both with data of every kind."""
    parent_a = world.users["parent_a"]
    tweede = make_user("tweede.ouder@test.example")
    tweede.first_name, tweede.last_name = "Teun", "Tweede"
    tweede.save()
    tirza = Child.objects.create(school=world.school, first_name="Tirza", last_name="Tweede")
    Enrollment.objects.create(child=tirza, class_page=world.class_a)
    Guardianship.objects.create(child=tirza, user=tweede, relation=Guardianship.FATHER)
    own_reaction = family_data(world, parent_a, world.children["Ana"], "ANAFAM")
    their_reaction = family_data(world, tweede, tirza, "TWEEDEFAM")
    # parent_a reports the Tweede family's reaction: the export says so, without repeating their text.
    Flag.objects.create(
        reporter=parent_a,
        school=world.school,
        post_id=world.class_a_post.pk,
        reaction=their_reaction,
        reason="Niet aardig ANAFAM",
    )
    return {"parent": parent_a, "other": tweede, "other_child": tirza, "reaction": own_reaction}


def request_export(client, django_capture_on_commit_callbacks, path=PAGE, data=None):
    """POST the request form and run what the worker would run once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, data or {})
    assert response.status_code == 302, response.content[:500]
    return response


def download(client, export, name="privacy:download"):
    return client.post(reverse(name, args=[export.token]))


def unzip(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name) for name in archive.namelist()}


# The parent's own export --------------------------------------------------------------


def test_the_zip_holds_every_section_with_the_family_s_data_and_nothing_of_another_family(
    client, families, django_capture_on_commit_callbacks
):
    parent = families["parent"]
    client.force_login(parent)
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=parent)
    assert export.status == FamilyExport.READY, export.error

    files = unzip(download(client, export))
    names = set(files)
    assert "README.txt" in names
    for section in registry.sections():
        assert f"{section.name}.json" in names, section.name
    data = {name[:-5]: json.loads(files[name]) for name in names if name.endswith(".json")}

    assert data["profile"]["email"] == parent.email
    assert [child["first_name"] for child in data["children"]] == ["Ana"]
    assert {group["class_group"] for group in data["children"][0]["class_groups"]} == {"Groep A", "Groep A oud"}
    [consent] = data["consents"]
    assert consent["child"] == "Ana Kind"
    assert [row["consent_given"] for row in consent["history"]] == ["nee", "ja"]
    assert [row["consent_given"] for row in consent["current"]] == ["ja"]
    assert any(row["note"] == "Koorts ANAFAM" for row in data["absence_reports"])
    [leave] = data["leave_requests"]
    assert leave["explanation"] == "Bruiloft ANAFAM"
    assert leave["steps"][0]["grounds"] == "Akkoord ANAFAM"
    assert files[leave["attachment"]] == PDF + b"ANAFAM"
    [conversation] = data["conversations"]
    assert [m["text"] for m in conversation["messages"]] == ["Bericht ANAFAM", "Antwoord ANAFAM"]
    [path] = conversation["messages"][0]["attachments"]
    assert path.startswith("conversations/") and files[path] == PDF + b"ANAFAM"
    assert [r["reaction"] for r in data["reactions"]] == ["Leuk ANAFAM"]
    assert {r["reason"] for r in data["reports"]} == {"Twijfel ANAFAM", "Niet aardig ANAFAM"}
    assert [p["post"] for p in data["posts_read"]["read"]] == ["Nieuws A"]
    assert data["posts_read"]["invitations_answered"][0]["number_of_people"] == 2
    assert data["notifications"]["new_posts"] == gettext("A daily digest")
    assert data["push_devices"] == [
        {"device": "Firefox ANAFAM", "since": data["push_devices"][0]["since"], "last_delivered_at": None}
    ]
    assert [p["policy"] for p in data["policies"]] == ["Gedragscode Windwijzer"]
    # Readable: ISO moments on the site's clock, names instead of ids.
    assert datetime.datetime.fromisoformat(leave["submitted_at"]).utcoffset() is not None
    assert data["absence_reports"][0]["reported_by"] == parent.get_full_name()

    everything = b"\n".join(files.values()).decode("utf-8", "replace")
    for text in ("TWEEDEFAM", "Tirza", "Tweede", "tweede.ouder", "Bram", "Xena"):
        assert text not in everything, text
    # No secrets of the push subscription.
    for secret in ("SECRET", "endpoint", "fcm.googleapis.com"):
        assert secret not in everything


def test_the_readme_is_in_the_parent_s_language(client, families, django_capture_on_commit_callbacks):
    client.force_login(families["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + PAGE)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert export.language == "en"
    readme = unzip(download(client, export))["README.txt"].decode()
    assert "Your data at Schoolpoort" in readme
    assert "leave_requests.json" in readme
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.filter(parent=families["parent"]).latest("created_at")
    assert export.language == "nl"
    with translation.override("nl"):
        assert gettext("Your data at Schoolpoort") in unzip(download(client, export))["README.txt"].decode()


def test_the_page_shows_the_state_and_the_owner_is_mailed_when_it_is_ready(
    client, families, mailbox, django_capture_on_commit_callbacks
):
    parent = families["parent"]
    client.force_login(parent)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b"data-export-request" in page.content
    request_export(client, django_capture_on_commit_callbacks)
    page = client.get(PAGE)
    assert b'data-export="ready"' in page.content
    assert b"data-export-request" not in page.content  # one open export at a time
    [mail] = mailbox.to(parent.email)
    text = mailbox.text(mail)
    assert "http://testserver/mijn-gegevens/" in text
    assert not list(mail.iter_attachments())


def test_the_ready_zip_is_kept_in_the_private_export_folder_not_in_media(
    client, families, folders, django_capture_on_commit_callbacks
):
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert (folders / "exports" / export.file_name).is_file()
    assert not list((folders / "media").rglob("*.zip"))


def test_the_download_works_once_and_then_explains_and_the_file_is_gone(
    client, families, folders, django_capture_on_commit_callbacks
):
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    unzip(download(client, export))
    export.refresh_from_db()
    assert export.status == FamilyExport.DOWNLOADED and export.downloaded_at is not None
    assert not list((folders / "exports").iterdir())
    again = download(client, export)
    assert again.status_code == 410
    assert (
        escape(
            gettext(
                "You already downloaded this export. For your privacy it is kept for one download only: ask for a new one."
            )
        )
        in again.content.decode()
    )
    assert client.get(PAGE).content.count(b"data-export-request") == 1  # a new one can be requested


def test_only_the_owner_downloads_others_get_404(client, families, world, django_capture_on_commit_callbacks):
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    for someone in (families["other"], world.users["parent_b"], world.users["director"]):
        client.force_login(someone)
        assert download(client, export).status_code == 404
        assert client.post(reverse("privacy_family_export_download", args=[export.token])).status_code in (403, 404)
    client.logout()
    assert download(client, export).status_code == 302  # to the login form
    export.refresh_from_db()
    assert export.status == FamilyExport.READY
    client.force_login(families["parent"])
    assert download(client, export).status_code == 200


def test_a_get_of_the_download_changes_nothing(client, families, django_capture_on_commit_callbacks):
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert client.get(reverse("privacy:download", args=[export.token])).status_code == 405
    export.refresh_from_db()
    assert export.status == FamilyExport.READY


def test_an_export_expires_after_seven_days_and_its_file_is_deleted(
    client, families, folders, clock, django_capture_on_commit_callbacks
):
    start = timezone.now()
    clock.set(start)
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert export.expires_at == export.finished_at + datetime.timedelta(days=7)
    clock.set(start + datetime.timedelta(days=6, hours=23))
    assert b'data-export="ready"' in client.get(PAGE).content
    clock.set(start + datetime.timedelta(days=7, minutes=1))
    page = client.get(PAGE)
    export.refresh_from_db()
    assert export.status == FamilyExport.EXPIRED
    assert b'data-export="expired"' in page.content
    assert not list((folders / "exports").iterdir())
    assert download(client, export).status_code == 410


def test_an_expiring_export_is_deleted_by_the_task_without_a_visit(
    client, families, folders, clock, django_capture_on_commit_callbacks
):
    from privacy import tasks

    start = timezone.now()
    clock.set(start)
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    clock.set(start + datetime.timedelta(days=8))
    assert tasks.expire_family_exports.call() == 1
    assert FamilyExport.objects.get(parent=families["parent"]).status == FamilyExport.EXPIRED
    assert not list((folders / "exports").iterdir())


def test_a_double_submit_makes_one_export(client, families, django_capture_on_commit_callbacks):
    client.force_login(families["parent"])
    # Without running the task: the first export is still "requested" when the second POST arrives.
    client.post(PAGE)
    client.post(PAGE)
    assert FamilyExport.objects.filter(parent=families["parent"]).count() == 1
    assert FamilyExport.objects.get(parent=families["parent"]).status == FamilyExport.REQUESTED
    # Ready and not downloaded: still open, so still that one.
    request_export(client, django_capture_on_commit_callbacks)
    assert FamilyExport.objects.filter(parent=families["parent"]).count() == 1


def test_a_failing_section_marks_the_export_failed_with_a_message(
    client, families, monkeypatch, folders, django_capture_on_commit_callbacks
):
    def broken(family):
        raise RuntimeError("the database of this area is gone")

    monkeypatch.setitem(
        registry.SECTIONS, "broken", registry.Section(name="broken", title="Kapot onderdeel", collect=broken, order=1)
    )
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert export.status == FamilyExport.FAILED
    assert export.failed_section == "broken"
    assert "the database of this area is gone" in export.error
    page = client.get(PAGE).content.decode()
    assert 'data-export="failed"' in page
    assert "Kapot onderdeel" in page
    assert "data-export-request" in page  # asking again is possible
    assert not (folders / "exports").exists() or not list((folders / "exports").iterdir())
    assert download(client, export).status_code == 410


def test_someone_without_children_has_no_export_page(client, world):
    client.force_login(world.users["teacher_a"])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE).status_code == 403
    assert not FamilyExport.objects.exists()


def test_the_notifications_page_links_to_my_data_for_parents_only(client, world):
    client.force_login(world.users["parent_a"])
    assert b"data-my-data-link" in client.get(reverse("notifications:preferences")).content
    client.force_login(world.users["teacher_a"])
    assert b"data-my-data-link" not in client.get(reverse("notifications:preferences")).content


# The directors' exports in the admin ----------------------------------------------------

ADMIN = "/admin/family-data/"


def test_a_director_exports_a_family_of_their_school_and_downloads_it_once(
    client, families, world, mailbox, django_capture_on_commit_callbacks
):
    parent = families["parent"]
    # parent_a also has a child at the other school: none of it belongs in school A's export.
    zora = Child.objects.create(school=world.other_school, first_name="Zora", last_name="Anders")
    Guardianship.objects.create(child=zora, user=parent, relation=Guardianship.MOTHER)
    director = world.users["director"]
    client.force_login(director)
    found = client.get(ADMIN, {"q": "parent.a"})
    assert found.status_code == 200
    assert f'data-parent="{parent.pk}"'.encode() in found.content
    assert b"Zora" not in found.content
    request_export(client, django_capture_on_commit_callbacks, ADMIN, {"parent": parent.pk, "school": world.school.pk})
    export = FamilyExport.objects.get(parent=parent, requested_by=director)
    assert export.status == FamilyExport.READY and export.school == world.school
    [mail] = mailbox.to(director.email)
    assert "http://testserver/admin/family-data/" in mailbox.text(mail)

    files = unzip(client.post(reverse("privacy_family_export_download", args=[export.token])))
    children = json.loads(files["children.json"])
    assert [child["first_name"] for child in children] == ["Ana"]
    everything = b"\n".join(files.values()).decode("utf-8", "replace")
    assert "ANAFAM" in everything
    for text in ("Zora", "TWEEDEFAM", "Tirza", "Other school"):
        assert text not in everything, text
    again = client.post(reverse("privacy_family_export_download", args=[export.token]))
    assert again.status_code == 410
    # The parent's own download URL does not serve a director's export, not even to the parent.
    client.force_login(parent)
    assert download(client, export).status_code == 404


def test_a_director_of_another_school_is_refused_the_family(
    client, families, world, django_capture_on_commit_callbacks
):
    parent = families["parent"]
    client.force_login(world.users["director_other_school"])
    assert f'data-parent="{parent.pk}"'.encode() not in client.get(ADMIN, {"q": "parent.a"}).content
    for school in (world.school, world.other_school):
        response = client.post(ADMIN, {"parent": parent.pk, "school": school.pk})
        assert response.status_code == 404
    assert not FamilyExport.objects.exists()


def test_teachers_and_parents_do_not_make_exports_in_the_admin(client, families, world):
    client.force_login(world.users["teacher_a"])
    for response in (
        client.get(ADMIN),
        client.post(ADMIN, {"parent": families["parent"].pk, "school": world.school.pk}),
    ):
        # Wagtail's admin turns the refusal into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    client.force_login(families["parent"])
    assert client.get(ADMIN).status_code == 403
    assert not FamilyExport.objects.exists()


@pytest.mark.parametrize("data", [{}, {"parent": "x", "school": "1"}, {"parent": "1", "school": str(2**70)}])
def test_a_forged_admin_request_is_a_400_with_a_message(client, world, data):
    client.force_login(world.users["director"])
    response = client.post(ADMIN, data)
    assert response.status_code == 400
    assert gettext("Choose a parent from the list.") in response.content.decode()


def test_a_section_cannot_put_a_file_outside_its_folder(client, world, monkeypatch, django_capture_on_commit_callbacks):
    def sneaky(family):
        return registry.Part({}, [registry.FileEntry("profile/../../etc/passwd", ContentFile(b"x"))])

    monkeypatch.setitem(registry.SECTIONS, "sneaky", registry.Section(name="sneaky", title="Sneaky", collect=sneaky))
    client.force_login(world.users["parent_a"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=world.users["parent_a"])
    assert export.status == FamilyExport.FAILED and export.failed_section == "sneaky"


def test_a_missing_attachment_is_listed_in_the_readme_instead_of_failing_the_export(
    client, families, folders, django_capture_on_commit_callbacks
):
    leave = LeaveRequest.objects.get(requested_by=families["parent"])
    (folders / "media" / leave.attachment.name).unlink()
    client.force_login(families["parent"])
    request_export(client, django_capture_on_commit_callbacks)
    export = FamilyExport.objects.get(parent=families["parent"])
    assert export.status == FamilyExport.READY
    files = unzip(download(client, export))
    [row] = json.loads(files["leave_requests.json"])
    assert row["attachment"] not in files
    assert row["attachment"] in files["README.txt"].decode()
