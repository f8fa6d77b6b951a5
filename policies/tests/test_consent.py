"""Consent and photos that respect it: the parent's page, refusing publication, hiding, the admin overview."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import PostPage
from notifications.models import Notification
from policies.consent.answers import ensure_purposes, record_answers
from policies.consent.photos import posts_showing, refusal_message
from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentPurpose, ConsentSettings, PhotoMark
from testing.posts import make_image, make_post, media_root, url_of  # noqa: F401  (fixture)

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_AFTERNOON = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=AMS)


def client_of(user):
    browser = Client()
    browser.force_login(user)
    return browser


def in_language(response, message):
    """The interface message (English msgid) appears as the response's language renders it."""
    with translation.override(response.get("Content-Language") or "nl"):
        return escape(gettext(message)) in response.content.decode()


def list_block(values):
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {"value": str(value), "deleted": "", "order": str(index), "id": ""}
    return data


def post_form(title, photos, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "uitje",
            "body": streamfield(
                [
                    ("text", rich_text("<p>Een mooie dag.</p>")),
                    ("gallery", {"images": list_block([photo.pk for photo in photos]), "caption": ""}),
                ]
            ),
            **extra,
        }
    )


def portal(world):
    ensure_purposes(world.school)
    return ConsentPurpose.objects.get(school=world.school, code=PORTAL_PHOTOS)


# The parent's page ----------------------------------------------------------------


def test_consent_page_asks_every_purpose_with_nothing_preselected(world):
    client = client_of(world.users["parent_a"])
    response = client.get(reverse("policies:consent"))
    assert response.status_code == 200
    html = response.content.decode()
    ana = world.children["Ana"]
    purposes = ConsentPurpose.objects.filter(school=world.school)
    assert purposes.count() == 5
    for purpose in purposes:
        assert f'name="consent-{ana.pk}-{purpose.pk}"' in html
    assert " checked" not in html
    assert "Bram" not in html  # another family's child


def test_answers_are_kept_with_who_and_when_and_a_double_submit_adds_nothing(world):
    purpose = portal(world)
    ana = world.children["Ana"]
    client = client_of(world.users["parent_a"])
    name = f"consent-{ana.pk}-{purpose.pk}"
    assert client.post(reverse("policies:consent"), {name: "yes"}).status_code == 302
    assert client.post(reverse("policies:consent"), {name: "yes"}).status_code == 302
    assert client.post(reverse("policies:consent"), {name: "no"}).status_code == 302
    rows = list(ConsentAnswer.objects.filter(child=ana, purpose=purpose).order_by("answered_at", "pk"))
    assert [row.given for row in rows] == [True, False]
    assert all(row.answered_by == world.users["parent_a"] for row in rows)
    html = client.get(reverse("policies:consent")).content.decode()
    assert f'id="{name}-no" name="{name}" value="no" checked' in html


def test_bad_and_foreign_answers_are_refused_with_a_message(world):
    purpose = portal(world)
    ana, bram = world.children["Ana"], world.children["Bram"]
    client = client_of(world.users["parent_a"])
    response = client.post(reverse("policies:consent"), {f"consent-{ana.pk}-{purpose.pk}": "maybe"})
    assert response.status_code == 400 and in_language(response, "Choose yes or no for each question.")
    response = client.post(reverse("policies:consent"), {f"consent-{bram.pk}-{purpose.pk}": "yes"})
    assert response.status_code == 400
    response = client.post(reverse("policies:consent"), {})
    assert response.status_code == 400
    assert not ConsentAnswer.objects.exists()


def test_staff_without_children_get_no_consent_page(world):
    for role in ("teacher_a", "director"):
        assert client_of(world.users[role]).get(reverse("policies:consent")).status_code == 403
    assert Client().get(reverse("policies:consent")).status_code == 302


def test_login_shows_the_banner_until_answered(world):
    client = Client()
    user = world.users["parent_a"]
    user.set_password("Welkom-op-school-1")
    user.save()
    client.post(reverse("accounts:login"), {"username": user.email, "password": "Welkom-op-school-1"})
    assert client.session.get("policies_consent_prompt") is True


def test_parent_consent_page_query_count_is_fixed(world, django_assert_num_queries):

    portal(world)
    client = client_of(world.users["parent_a"])
    client.get(reverse("policies:consent"))
    # The page's own queries, the roster token, and the header's conversations with news
    # (the access scope and the menu come from the cache on a warm request).
    with django_assert_num_queries(10) as one:
        client.get(reverse("policies:consent"))
    count = len(one.captured_queries)
    # A second child of the same parent costs no query more.
    from classes.models import Child, Enrollment, Guardianship

    kid = Child.objects.create(school=world.school, first_name="Tim", last_name="Test")
    Enrollment.objects.create(child=kid, class_page=world.class_a)
    Guardianship.objects.create(child=kid, user=world.users["parent_a"], relation=Guardianship.MOTHER)
    client.get(reverse("policies:consent"))  # the new child changed the roster: the scope is made anew once
    with django_assert_num_queries(count):
        client.get(reverse("policies:consent"))


# Photos ----------------------------------------------------------------------------


@pytest.fixture
def marked_photo(world, media_root):
    photo = make_image(world.class_a, "ana.jpg")
    PhotoMark.objects.create(image=photo, child=world.children["Ana"])
    return photo


def test_teacher_marks_children_in_the_image_form(world, media_root):
    photo = make_image(world.class_a, "klas.jpg")
    client = client_of(world.users["teacher_a"])
    url = reverse("wagtailimages:edit", args=[photo.pk])
    html = client.get(url).content.decode()
    assert "Ana" in html and "Bram" not in html  # only the pupils of the photo's group
    response = client.post(
        url, {"title": "Klas", "collection": photo.collection_id, "tags": "", "children": [world.children["Ana"].pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(PhotoMark.objects.filter(image=photo).values_list("child__first_name", flat=True)) == ["Ana"]


def test_publishing_is_refused_until_consent_then_hidden_again_on_withdrawal(world, clock, marked_photo, mailbox):
    clock.set(MONDAY_AFTERNOON)
    purpose = portal(world)
    teacher = client_of(world.users["teacher_a"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "postpage", world.class_a.pk])
    # The editor names the child without consent.
    assert "Ana" in teacher.get(add_url).content.decode()
    response = teacher.post(add_url, post_form("Uitje", [marked_photo], **{"action-publish": "publish"}))
    assert response.status_code == 200
    with translation.override(response.get("Content-Language") or "nl"):
        refusal = escape(refusal_message([world.children["Ana"]]))
    assert "Ana" in response.content.decode() and refusal in response.content.decode()
    assert not PostPage.objects.filter(title="Uitje").exists()
    # A draft can be saved.
    response = teacher.post(add_url, post_form("Uitje", [marked_photo]))
    assert response.status_code == 302
    post = PostPage.objects.get(title="Uitje")
    edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    response = teacher.post(edit_url, post_form("Uitje", [marked_photo], **{"action-publish": "publish"}))
    assert response.status_code == 200 and not PostPage.objects.get(pk=post.pk).live
    # Another way to go live (Page.publish, as workflow approval does) is refused too.
    from policies.consent.photos import PhotoConsentRefused

    with pytest.raises(PhotoConsentRefused):
        post.get_latest_revision().publish()

    parent = client_of(world.users["parent_a"])
    parent.post(reverse("policies:consent"), {f"consent-{world.children['Ana'].pk}-{purpose.pk}": "yes"})
    response = teacher.post(edit_url, post_form("Uitje", [marked_photo], **{"action-publish": "publish"}))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    assert posts_showing([marked_photo.pk]).filter(pk=post.pk).exists()
    html = parent.get(url_of(post)).content.decode()
    assert f'data-hidden-photo="{marked_photo.pk}"' not in html
    rendition_urls = [r.url for r in marked_photo.renditions.all()]
    assert rendition_urls and all(parent.get(u).status_code == 200 for u in rendition_urls)

    # Withdrawn: hidden from parents at once, shown to staff as hidden, the author told once.
    parent.post(reverse("policies:consent"), {f"consent-{world.children['Ana'].pk}-{purpose.pk}": "no"})
    html = parent.get(url_of(post)).content.decode()
    assert all(u not in html for u in rendition_urls)
    assert all(parent.get(u).status_code == 404 for u in rendition_urls)
    assert parent.get(marked_photo.file.url).status_code == 404
    timeline = parent.get(reverse("news:timeline")).content.decode()
    assert "Uitje" in timeline and all(u not in timeline for u in rendition_urls)
    staff_html = teacher.get(url_of(post)).content.decode()
    assert f'data-hidden-photo="{marked_photo.pk}"' in staff_html
    notices = Notification.objects.filter(kind=Notification.PHOTO_HIDDEN, recipient=world.users["teacher_a"])
    assert notices.filter(channel=Notification.EMAIL).count() == 1


def test_downloads_follow_the_school_setting(world, marked_photo):
    record_answers(world.users["parent_a"], world.children["Ana"], {portal(world): True})
    parent = client_of(world.users["parent_a"])
    assert parent.get(marked_photo.file.url).status_code == 200
    row = ConsentSettings.for_school(world.school)
    row.photo_downloads = False
    row.save()
    assert parent.get(marked_photo.file.url).status_code == 404
    assert client_of(world.users["teacher_a"]).get(marked_photo.file.url).status_code == 200


# The director's overview ----------------------------------------------------------------


def test_overview_and_export_per_class(world):
    purpose = portal(world)
    record_answers(world.users["parent_a"], world.children["Ana"], {purpose: True})
    director = client_of(world.users["director"])
    response = director.get(reverse("policies_consent_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-cell="1/1/0"' in html and "Groep A" in html
    csv = director.get(reverse("policies_consent_export")).content.decode()
    assert "Ana" in csv and "Bram" in csv and "Xena" not in csv
    for role in ("teacher_a", "parent_a"):
        assert client_of(world.users[role]).get(reverse("policies_consent_export")).status_code in (302, 403)
    other = client_of(world.users["director_other_school"]).get(reverse("policies_consent_export")).content.decode()
    assert "Ana" not in other


def test_overview_and_export_query_counts_are_fixed(world, django_assert_num_queries):
    """The overview and the export cost the same with 3 or 8 children (one query per kind of row, not per child)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from testing.posts import add_family

    portal(world)
    director = client_of(world.users["director"])
    before = {}
    for name in ("policies_consent_overview", "policies_consent_export"):
        director.get(reverse(name))
        with CaptureQueriesContext(connection) as captured:
            assert director.get(reverse(name)).status_code == 200
        before[name] = len(captured.captured_queries)
    purpose = portal(world)
    for index in range(5):
        parent, kid = add_family(world.school, world.class_a, f"extra{index}@test.example", f"Kind{index}")
        record_answers(parent, kid, {purpose: index % 2 == 0})
    for name, count in before.items():
        director.get(reverse(name))  # warm again: the new families changed the roster, so the scope is made anew once
        with django_assert_num_queries(count):
            response = director.get(reverse(name))
        assert response.status_code == 200
    assert "Kind4" in director.get(reverse("policies_consent_export")).content.decode()


def test_the_export_never_hands_a_spreadsheet_a_formula(world):
    portal(world)
    ana = world.children["Ana"]
    ana.first_name = '=HYPERLINK("https://elders.example")'
    ana.save()
    csv = client_of(world.users["director"]).get(reverse("policies_consent_export")).content.decode()
    assert "'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv and '"=HYPERLINK' not in csv
