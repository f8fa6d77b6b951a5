"""A class post end to end: from the teacher through the director to its parents only.

Everything runs through the real admin forms, the real workflow, the real
timeline and the real media view; only the media files are made in code
(their upload forms have their own tests in privatemedia/tests/test_uploads.py).
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsSettings, PostPage
from schoolcalendar import tasks as calendar_tasks
from testing.posts import make_image, make_video, media_root  # noqa: F401  (fixture)

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_AFTERNOON = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=AMS)  # 2026-11-23 is a Monday
MONDAY_NIGHT = datetime.datetime(2026, 11, 23, 22, 0, tzinfo=AMS)
TUESDAY_START = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=AMS)

TITLE = "Ons bezoek aan de bibliotheek"


def list_block(values):
    """Form data of a ListBlock, as the admin's editor posts it."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {"value": str(value), "deleted": "", "order": str(index), "id": ""}
    return data


def full_post_form(title, photos, video, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "bibliotheek",
            "body": streamfield(
                [
                    ("text", rich_text("<p>Vandaag gingen we met de hele groep naar de bibliotheek.</p>")),
                    ("gallery", {"images": list_block([photo.pk for photo in photos]), "caption": "In de leeszaal"}),
                    ("video", {"video": video.pk, "caption": "Het voorleesverhaal"}),
                    (
                        "link",
                        {"title": "De bibliotheek", "url": "https://bibliotheek.example/", "text": "Openingstijden"},
                    ),
                ]
            ),
            "event_date": "2026-12-04",
            "event_start": "14:00",
            "event_end": "15:00",
            "event_place": "Bibliotheek aan het plein",
            "rsvp_enabled": "on",
            **extra,
        }
    )


def client_of(user):
    """A fresh browser for one user (no admin messages carried over from another)."""
    browser = Client()
    browser.force_login(user)
    return browser


def timeline_of(client, user):
    response = client_of(user).get(reverse("news:timeline"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def approval_on(world):
    settings_row = NewsSettings.for_school(world.school)
    settings_row.approval_required = True
    settings_row.save()


def test_a_class_post_with_every_part_reaches_only_its_parents(client, world, clock, approval_on, media_root):
    clock.set(MONDAY_AFTERNOON)
    photos = [make_image(world.class_a, f"foto-{n}.jpg", color=(40 * n, 90, 160)) for n in range(1, 4)]
    video = make_video(world.class_a)

    # The teacher of class A writes the post and can only submit it.
    client.force_login(world.users["teacher_a"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk])
    response = client.post(add_url, full_post_form(TITLE, photos, video, **{"action-submit": "action-submit"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = PostPage.objects.get(title=TITLE)
    assert not post.live and post.workflow_in_progress
    assert TITLE not in timeline_of(client, world.users["parent_a"])

    # The director sees it waiting and approves it.
    client.force_login(world.users["director"])
    assert TITLE in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        full_post_form(TITLE, photos, video, **{"action-workflow-action": "true", "workflow-action-name": "approve"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert post.live
    assert [block.block_type for block in post.body] == ["text", "gallery", "video", "link"]
    assert post.event_place == "Bibliotheek aan het plein" and post.rsvp_enabled

    # Only class A's parents (and its staff) have it on their timeline.
    assert TITLE in timeline_of(client, world.users["parent_a"])
    for role in ("parent_b", "parent_other_school"):
        assert TITLE not in timeline_of(client, world.users[role]), role

    # The parent of class A gets the page with every photo, the video and the invitation ...
    client = client_of(world.users["parent_a"])
    page_html = client.get(post.get_url_parts()[2]).content.decode()
    assert "Bibliotheek aan het plein" in page_html and "https://bibliotheek.example/" in page_html
    media_urls = set(re.findall(r'(?:src|href|poster)="(/bestanden/[^"]+)"', page_html))
    media_urls |= {photo.file.url for photo in photos} | {video.file.url}
    assert len(media_urls) >= 7  # three originals, their renditions, the video
    for url in media_urls:
        assert client.get(url).status_code == 200, url

    # ... and nobody else gets any of those files, even with the exact address.
    for role in ("parent_b", "parent_other_school", "teacher_b", "director_other_school"):
        client = client_of(world.users[role])
        for url in media_urls:
            assert client.get(url).status_code in (403, 404), (role, url)
    client = Client()
    for url in media_urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url


def test_a_post_published_at_night_appears_at_the_next_working_days_start(client, world, clock):
    clock.set(MONDAY_NIGHT)
    client.force_login(world.users["teacher_a"])
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk]),
        nested_form_data(
            {
                "title": "Gymspullen mee",
                "slug": "gymspullen",
                "body": streamfield([("text", rich_text("<p>Morgen gym.</p>"))]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = PostPage.objects.get(title="Gymspullen mee")
    assert not post.live and post.go_live_at == TUESDAY_START
    assert "Gymspullen mee" not in timeline_of(client, world.users["parent_a"])

    clock.set(TUESDAY_START - datetime.timedelta(minutes=1))
    calendar_tasks.publish_scheduled_pages.call()
    assert "Gymspullen mee" not in timeline_of(client, world.users["parent_a"])

    clock.set(TUESDAY_START + datetime.timedelta(minutes=1))
    calendar_tasks.publish_scheduled_pages.call()
    assert "Gymspullen mee" in timeline_of(client, world.users["parent_a"])
    assert "Gymspullen mee" not in timeline_of(client, world.users["parent_b"])
