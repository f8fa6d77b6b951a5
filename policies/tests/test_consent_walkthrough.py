"""Consent and photos end to end, on the demo board, with a real SMTP server.

Sanne de Vries (ouder.groep3@windwijzer.test) refuses photos in the portal
for Daan at /toestemming/. Groep 3's teacher (Marieke Bos) has a draft post
whose photo marks Daan: through the real admin edit view neither her
"Submit for approval" (De Windwijzer requires approval) nor the director's
"Publish" puts it live, and the answer names Daan and says why. Sanne then
gives consent: the teacher submits, the director approves, the post is live
with the photo for every parent of Groep 3. Sanne withdraws again: the photo
is gone for ALL parents of the group (the post, the timeline, the files of
the original and of its renditions under /bestanden/), staff still see it,
and the teacher is mailed (an outbox row of kind PHOTO_HIDDEN, delivered by
the delivery task as the worker runs it).
"""

import datetime
import io
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import User
from classes.models import Child
from news.models import PostPage
from notifications import tasks
from notifications.models import Notification
from policies.consent.photos import refusal_message
from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentPurpose

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_14 = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=AMS)

SANNE = "ouder.groep3@windwijzer.test"
TEACHER = "leerkracht.groep3@windwijzer.test"
DIRECTOR = "directeur@windwijzer.test"
# Every parent with a child in Groep 3 at De Windwijzer (demo.data).
GROEP_3_PARENTS = (SANNE, "ouder.twee@windwijzer.test", "emre.yilmaz@windwijzer.test", "joyce.peters@windwijzer.test")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path


@pytest.fixture
def demo(db, clock):
    clock.set(MONDAY_14)
    call_command("seed_demo", stdout=io.StringIO())


def client_for(email):
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(email=email))
    return client


def where(page):
    """(host, path) of a page on its school's own site."""
    _site_id, root_url, path = page.specific.get_url_parts()
    return urlsplit(root_url).hostname, path


def edit_form(post, action):
    """The edit form of the demo draft as the admin sends it, with one of its buttons pressed."""
    images = [image for block in post.body if block.block_type == "gallery" for image in block.value["images"]]
    photos = {"count": str(len(images))}
    for index, image in enumerate(images):
        photos[str(index)] = {"value": str(image.pk), "deleted": "", "order": str(index), "id": ""}
    data = nested_form_data(
        {
            "title": post.title,
            "slug": post.slug,
            "body": streamfield(
                [
                    ("text", rich_text("<p>Vanmiddag schreven we letters met stoepkrijt op het plein.</p>")),
                    ("gallery", {"images": photos, "caption": ""}),
                ]
            ),
        }
    )
    if action:
        data[action] = action
    return data


def answer(client, child, purpose, value):
    response = client.post(reverse("policies:consent"), {f"consent-{child.pk}-{purpose.pk}": value})
    assert response.status_code == 302, response.content.decode()[:2000]


def refusal_in(response, daan):
    """The response names Daan and says why (in the language the admin answered in)."""
    html = response.content.decode()
    with translation.override(response.get("Content-Language") or "nl"):
        expected = escape(refusal_message([daan]))
    return response.status_code == 200 and "Daan de Vries" in html and expected in html


def test_a_parent_refuses_photos_and_the_post_waits_then_hides_again(
    demo, clock, mailbox, django_capture_on_commit_callbacks
):
    daan = Child.objects.get(first_name="Daan", last_name="de Vries")
    portal = ConsentPurpose.objects.get(school=daan.school, code=PORTAL_PHOTOS)
    post = PostPage.objects.get(slug="buitenles-groep-3")
    [image] = [image for block in post.body if block.block_type == "gallery" for image in block.value["images"]]
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])

    # Sanne opens the consent page: Daan's "photos in the portal" is not answered yet. She refuses.
    sanne = client_for(SANNE)
    page = sanne.get(reverse("policies:consent"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Daan" in html and f'name="consent-{daan.pk}-{portal.pk}"' in html
    assert f'id="consent-{daan.pk}-{portal.pk}-no" name="consent-{daan.pk}-{portal.pk}" value="no" checked' not in html
    answer(sanne, daan, portal, "no")
    [refusal] = ConsentAnswer.objects.filter(child=daan, purpose=portal)
    assert not refusal.given and refusal.answered_by.email == SANNE

    # The teacher's draft cannot go live: her "Submit for approval" is refused, naming Daan and why.
    teacher = client_for(TEACHER)
    editor = teacher.get(edit_url)
    assert editor.status_code == 200 and "Daan de Vries" in editor.content.decode()  # the consent panel warns her
    response = teacher.post(edit_url, edit_form(post, "action-submit"))
    assert refusal_in(response, daan), response.content.decode()[:3000]
    assert not WorkflowState.objects.filter(object_id=str(post.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()
    # Nor does the director's "Publish" in the same edit view.
    director = client_for(DIRECTOR)
    response = director.post(edit_url, edit_form(post, "action-publish"))
    assert refusal_in(response, daan)
    assert not PostPage.objects.get(pk=post.pk).live

    # Sanne gives consent after all: the teacher submits, the director approves, the post is live.
    answer(sanne, daan, portal, "yes")
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(edit_url, edit_form(post, "action-submit"))
    assert response.status_code == 302, response.content.decode()[:3000]
    state = WorkflowState.objects.get(object_id=str(post.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.current_task_state_id]),
            {"comment": ""},
        )
    assert response.status_code == 302
    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    host, path = where(post)
    parents = {email: client_for(email) for email in GROEP_3_PARENTS}
    for email, client in parents.items():
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert 'class="gallery' in html, email
    rendition_urls = sorted({rendition.url for rendition in image.renditions.all()})
    assert rendition_urls
    for email, client in parents.items():
        assert all(client.get(url).status_code == 200 for url in rendition_urls), email

    # Sanne withdraws: the photo is hidden for every parent of the group, at once.
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(sanne, daan, portal, "no")
    for email, client in parents.items():
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert post.title in html or escape(post.title) in html, email
        assert image.file.url not in html and all(url not in html for url in rendition_urls), email
        timeline = client.get(reverse("news:timeline"), HTTP_HOST=host).content.decode()
        assert escape(post.title) in timeline and all(url not in timeline for url in rendition_urls), email
        assert client.get(image.file.url).status_code == 404, email
        assert all(client.get(url).status_code == 404 for url in rendition_urls), email
    # Staff still see it, marked as hidden from parents.
    for client in (teacher, director):
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert f'data-hidden-photo="{image.pk}"' in html
        assert all(client.get(url).status_code == 200 for url in rendition_urls)
        assert client.get(image.file.url).status_code == 200

    # The teacher is told, once, by e-mail through the outbox.
    [row] = Notification.objects.filter(kind=Notification.PHOTO_HIDDEN, channel=Notification.EMAIL)
    assert row.recipient.email == TEACHER and row.object_id == str(post.pk)
    tasks.deliver_notifications.call()
    tasks.deliver_notifications.call()
    [told] = mailbox.to(TEACHER)
    assert post.title in told["Subject"]
    text = mailbox.text(told)
    assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in text
    assert "/meldingen/" in text  # the preferences link
    assert Notification.objects.get(pk=row.pk).status == Notification.SENT
