"""Helpers for tests of one post: posts with every block, real media files, families.

Used by news/tests/test_post_page.py, test_event_answers.py and
test_read_receipts.py (and by other apps' tests), on top of the world of
testing/world.py.
"""

import datetime
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from classes.models import Child, Enrollment, Guardianship
from news.models import PostPage
from privatemedia.collections import collection_for_page
from privatemedia.models import Video
from schoolcalendar.publishing import without_working_hours
from testing.world import make_user

MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files in a directory of this test; no renditions cached from other tests."""
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    return tmp_path


def image_bytes(color=(200, 30, 30), size=(64, 48)):
    out = BytesIO()
    PILImage.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def make_image(group_page, name="foto.jpg", color=(200, 30, 30)):
    image = get_image_model()(
        title=name, collection=collection_for_page(group_page), file=ImageFile(BytesIO(image_bytes(color)), name=name)
    )
    image.save()
    return image


def make_video(group_page, title="Schoolreisje", poster=None):
    return Video.objects.create(
        title=title,
        collection=collection_for_page(group_page),
        poster=poster,
        file=ContentFile(MP4_BYTES, name="reisje.mp4"),
    )


def make_document(group_page, title="Brief over het schoolreisje"):
    """A PDF with its size recorded, as the admin's upload form records it."""
    document = get_document_model()(
        title=title, collection=collection_for_page(group_page), file=ContentFile(PDF_BYTES, name="brief.pdf")
    )
    document._set_document_file_metadata()
    document.save()
    return document


def make_post(parent, title="Schoolreisje", slug=None, body=None, owner=None, **fields):
    """A published post under a school or class page."""
    post = PostPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        body=body if body is not None else [("text", f"<p>{title}: alles over de dag.</p>")],
        owner=owner,
        **fields,
    )
    parent.add_child(instance=post)
    with without_working_hours():
        post.save_revision(user=owner).publish()
    post.refresh_from_db()
    return post


def event_fields(days_ahead=7, rsvp=True, **extra):
    return {
        "event_date": timezone.localdate() + datetime.timedelta(days=days_ahead),
        "event_start": datetime.time(14, 0),
        "event_end": datetime.time(15, 30),
        "event_place": "Speelzaal",
        "rsvp_enabled": rsvp,
        **extra,
    }


def url_of(page):
    """The page's path within its own site (the world's default site is testserver)."""
    return page.get_url_parts()[2]


def add_family(school, class_page, email, child_name, left_on=None):
    """A parent account with one child at a school, enrolled in a class group."""
    parent = make_user(email)
    child = Child.objects.create(school=school, first_name=child_name, last_name="Kind", left_on=left_on)
    if class_page is not None:
        Enrollment.objects.create(child=child, class_page=class_page)
    Guardianship.objects.create(child=child, user=parent, relation=Guardianship.MOTHER)
    return parent, child
