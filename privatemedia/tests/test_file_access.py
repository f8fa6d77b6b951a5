"""Private media: every uploaded file is served only to who may see its group.

Real files in a per-test MEDIA_ROOT, the real database, the real URL stack
(LoginRequiredMiddleware, handlers for 403/404). The world (testing/world.py)
gives the roles.
"""

import zipfile
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import NoReverseMatch, reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from privatemedia.collections import collection_for_page
from privatemedia.models import GroupCollection, Video
from privatemedia.tests.samples import assert_sandboxed

# Sample files, made here so every test uses real bytes ------------------------

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
)


def image_bytes(image_format="JPEG", size=(64, 48), color=(200, 30, 30), exif=None):
    out = BytesIO()
    image = PILImage.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(out, format=image_format, **options)
    return out.getvalue()


def mp4_bytes():
    return MP4_HEAD + b"\x00\x00\x00\x08free" + bytes(range(256)) * 8


def webm_bytes():
    return WEBM_HEAD + bytes(range(256)) * 8


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes(macro=False):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


# Fixtures ----------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_ROOT = tmp_path
    # Wagtail caches renditions; a rendition of an earlier test points at
    # that test's MEDIA_ROOT.
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    return tmp_path


def make_image(collection, name="foto.jpg", data=None):
    image = get_image_model()(
        title=name, collection=collection, file=ImageFile(BytesIO(data or image_bytes()), name=name)
    )
    image.save()
    return image


def make_media(collection, prefix):
    """An image with several renditions, a video and a document in one collection."""
    image = make_image(collection, f"{prefix}-foto.jpg")
    renditions = [
        image.get_rendition(spec)
        for spec in ("original", "fill-20x20", "max-30x30", "width-10|format-webp", "width-16|format-png")
    ]
    video = Video.objects.create(
        title=f"{prefix} video", collection=collection, file=ContentFile(mp4_bytes(), name=f"{prefix}.mp4")
    )
    document = get_document_model().objects.create(
        title=f"{prefix} brief", collection=collection, file=ContentFile(pdf_bytes(), name=f"{prefix}-brief.pdf")
    )
    return {"image": image, "renditions": renditions, "video": video, "document": document}


def media_urls(media):
    """Every URL a page could ever show for these media."""
    image = media["image"]
    urls = [image.file.url, media["video"].file.url, media["document"].url]
    urls += [rendition.url for rendition in media["renditions"]]
    urls += [rendition.url for rendition in image.renditions.all()]
    return sorted(set(urls))


@pytest.fixture
def class_a_media(world, media_root):
    return make_media(collection_for_page(world.class_a), "klas-a")


@pytest.fixture
def school_media(world, media_root):
    return make_media(collection_for_page(world.school), "school")


def get(client, world, role, url):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client.get(url)


def assert_served(response, url):
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    name = url.removeprefix(settings.PRIVATEMEDIA_URL)
    assert content == (settings.MEDIA_ROOT / name).read_bytes()
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def assert_refused(response, role, url):
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    else:
        assert response.status_code == 404, (role, url)
    assert b"%PDF" not in response.content and b"ftyp" not in response.content


# Where files live and what their URLs are ------------------------------------------


def test_every_file_url_is_protected(class_a_media):
    urls = media_urls(class_a_media)
    assert len(urls) >= 8
    for url in urls:
        assert url.startswith("/bestanden/"), url


def test_all_files_go_through_the_protected_storage(class_a_media, media_root):
    for path in ("original_images", "images", "videos", "documents"):
        assert any((media_root / path).iterdir()), path


def test_wagtail_serve_views_are_not_routed(world, client, class_a_media):
    for name, args in (("wagtaildocs_serve", [1, "x.pdf"]), ("wagtailimages_serve", ["sig", 1, "original"])):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)
    client.force_login(world.users["director"])
    document = class_a_media["document"]
    image = class_a_media["image"]
    for url in (
        f"/documents/{document.pk}/{document.filename}",
        f"/media/{document.file.name}",
        f"/media/{image.file.name}",
        f"/{image.file.name}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content


# Who gets a class group's files ----------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "parent_b", "parent_other_school", "teacher_b", "director_other_school"])
def test_class_media_refused(world, client, class_a_media, role):
    for url in media_urls(class_a_media):
        assert_refused(get(client, world, role, url), role, url)


@pytest.mark.parametrize("role", ["parent_a", "teacher_a", "director"])
def test_class_media_served(world, client, class_a_media, role):
    for url in media_urls(class_a_media):
        assert_served(get(client, world, role, url), url)


def test_superuser_gets_class_media(world, client, class_a_media):
    from testing.world import make_user

    admin = make_user("root@test.example", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in media_urls(class_a_media):
        assert_served(client.get(url), url)


# Who gets school-wide files --------------------------------------------------------


@pytest.mark.parametrize("role", ["parent_a", "parent_b", "teacher_a", "teacher_b", "director"])
def test_school_media_served_to_the_whole_school(world, client, school_media, role):
    for url in media_urls(school_media):
        assert_served(get(client, world, role, url), url)


@pytest.mark.parametrize("role", ["anonymous", "parent_other_school", "director_other_school"])
def test_school_media_refused_outside_the_school(world, client, school_media, role):
    for url in media_urls(school_media):
        assert_refused(get(client, world, role, url), role, url)


def test_last_years_class_media_only_for_the_director(world, client, media_root):
    media = make_media(collection_for_page(world.class_old), "oud")
    for role in ("parent_a", "teacher_a"):
        for url in media_urls(media):
            assert_refused(get(client, world, role, url), role, url)
    for url in media_urls(media):
        assert_served(get(client, world, "director", url), url)


def test_media_in_a_collection_of_no_group_are_for_superusers_only(world, client, media_root):
    loose = Collection.get_first_root_node().add_child(instance=Collection(name="Los"))
    image = make_image(loose, "los.jpg")
    for role in ("parent_a", "teacher_a", "director"):
        assert_refused(get(client, world, role, image.file.url), role, image.file.url)


# Responses ----------------------------------------------------------------------------


def test_response_headers(world, client, class_a_media):
    client.force_login(world.users["parent_a"])
    response = client.get(class_a_media["video"].file.url)
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(class_a_media["document"].url)
    assert response["Content-Type"] == "application/pdf"
    assert client.head(class_a_media["image"].file.url).status_code == 200
    assert client.post(class_a_media["image"].file.url).status_code == 405


def test_every_served_file_is_sandboxed_and_only_images_and_videos_open_inline(world, client, class_a_media):
    collection = collection_for_page(world.class_a)
    Document = get_document_model()
    text = Document.objects.create(
        title="lijst", collection=collection, file=ContentFile(b"<b>Gymles</b> op dinsdag", name="lijst.txt")
    )
    sheet = Document.objects.create(
        title="rooster", collection=collection, file=ContentFile(b"PK", name="rooster.xlsx")
    )
    client.force_login(world.users["parent_a"])
    inline = [class_a_media["image"].file.url, class_a_media["video"].file.url]
    inline += [rendition.url for rendition in class_a_media["renditions"]]
    for url in inline + [class_a_media["document"].url, text.url, sheet.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_sandboxed(response)
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", url
        disposition = response["Content-Disposition"]
        assert disposition.startswith("inline" if url in inline else "attachment"), (url, disposition)


def test_production_hands_the_file_to_nginx(world, client, class_a_media, settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected-media"
    from django_sendfile.utils import _get_sendfile

    _get_sendfile.cache_clear()
    try:
        client.force_login(world.users["parent_a"])
        video = class_a_media["video"]
        response = client.get(video.file.url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/protected-media/{video.file.name}"
        assert response.content == b""
        assert "private" in response["Cache-Control"]
        assert_sandboxed(response)  # nginx must add these again (README)
        client.force_login(world.users["parent_b"])
        response = client.get(video.file.url)
        assert response.status_code == 404
        assert not response.has_header("X-Accel-Redirect")
    finally:
        _get_sendfile.cache_clear()


def test_production_settings_use_nginx():
    import ast
    from pathlib import Path

    source = (Path(settings.BASE_DIR) / "school_site/settings/production.py").read_text()
    assigned = {
        node.targets[0].id: node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert ast.literal_eval(assigned["SENDFILE_BACKEND"]) == "django_sendfile.backends.nginx"
    assert ast.unparse(assigned["SENDFILE_ROOT"]) == "MEDIA_ROOT"


# Guessing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "original_images/bestaat-niet.jpg",
        "images/bestaat-niet.fill-20x20.jpg",
        "videos/nope.mp4",
        "documents/nope.pdf",
        "../settings.py",
        "original_images/../../school_site/settings/base.py",
        "%2e%2e/%2e%2e/manage.py",
        "a//b.jpg",
        "x%00.jpg",
        "",
        "deep/" * 40 + "x.jpg",
    ],
)
def test_guessing_gives_404(world, client, class_a_media, path):
    client.force_login(world.users["parent_a"])
    response = client.get(settings.PRIVATEMEDIA_URL + path)
    assert response.status_code == 404


def test_recorded_file_missing_on_disk_gives_404(world, client, class_a_media):
    client.force_login(world.users["parent_a"])
    video = class_a_media["video"]
    (settings.MEDIA_ROOT / video.file.name).unlink()
    assert client.get(video.file.url).status_code == 404


def test_anonymous_guessing_is_sent_to_login(world, client, media_root):
    response = client.get(settings.PRIVATEMEDIA_URL + "original_images/bestaat-niet.jpg")
    assert response.status_code == 302


# Collections per group ------------------------------------------------------------------


def test_every_group_gets_a_collection(world):
    school = collection_for_page(world.school)
    class_a = collection_for_page(world.class_a)
    assert school.name == "Windwijzer"
    assert class_a.name == f"Groep A · {world.class_a.school_year_label}"
    assert class_a.get_parent() == school
    assert collection_for_page(world.other_class).get_parent() == collection_for_page(world.other_school)
    assert GroupCollection.objects.count() == 6  # two schools, four class groups


def test_collection_follows_the_title_and_translations_share_it(world):
    world.class_a.title = "Groep 3"
    world.class_a.save()
    assert collection_for_page(world.class_a).name == f"Groep 3 · {world.class_a.school_year_label}"
    from wagtail.models import Locale

    count = Collection.objects.count()
    english = world.school.copy_for_translation(Locale.objects.get(language_code="en"))
    assert Collection.objects.count() == count
    assert collection_for_page(english) == collection_for_page(world.school)
