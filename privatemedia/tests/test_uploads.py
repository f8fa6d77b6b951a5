"""Uploads through the real Wagtail admin: content checks, limits, location data
removed, the right collection, and clear form errors instead of 500s."""

import json
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

from privatemedia.collections import collection_for_page
from privatemedia.location import without_location
from privatemedia.models import Video
from privatemedia.permissions import grant_collection_permissions
from privatemedia.tests.test_file_access import docx_bytes, image_bytes, media_root, mp4_bytes, pdf_bytes, webm_bytes  # noqa: F401

Image = get_image_model()
Document = get_document_model()


def gps_exif():
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Schoolcamera"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 18.0, 10.0)
    return exif


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def staff(world, media_root):
    """teacher_a may work in class A's collection, the director in the school's."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    class_group = Group.objects.create(name="media klas A")
    class_group.permissions.add(access_admin)
    grant_collection_permissions(class_group, [collection_for_page(world.class_a)])
    world.users["teacher_a"].groups.add(class_group)
    school_group = Group.objects.create(name="media school")
    school_group.permissions.add(access_admin)
    grant_collection_permissions(school_group, [collection_for_page(world.school)])
    world.users["director"].groups.add(school_group)
    return world


def login(client, world, role):
    client.force_login(world.users[role])
    return world.users[role]


def post_image(client, name, data):
    return client.post(reverse("wagtailimages:add"), {"title": name, "file": upload(name, data)})


# Images ------------------------------------------------------------------------


def test_jpeg_with_gps_is_stored_without_location(client, staff):
    login(client, staff, "teacher_a")
    data = image_bytes(exif=gps_exif())
    assert ExifTags.IFD.GPSInfo in PILImage.open(BytesIO(data)).getexif()  # the sample has GPS

    response = post_image(client, "klassenfoto.jpg", data)
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get()
    assert image.collection == collection_for_page(staff.class_a)
    with image.file.open("rb") as stored:
        content = stored.read()
    stored_image = PILImage.open(BytesIO(content))
    exif = stored_image.getexif()
    assert ExifTags.IFD.GPSInfo not in exif
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert exif[ExifTags.Base.Make] == "Schoolcamera"  # the rest of EXIF stays
    assert stored_image.format == "JPEG" and stored_image.size == (64, 48)
    assert image.file_size == len(content)
    assert b"GPS" not in content


def test_multiple_upload_also_removes_location(client, staff):
    login(client, staff, "teacher_a")
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("telefoon.jpg", image_bytes(exif=gps_exif()))},
    )
    assert json.loads(response.content)["success"] is True
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        assert ExifTags.IFD.GPSInfo not in PILImage.open(stored).getexif()


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_location_removed_from_png_and_webp(image_format):
    data = image_bytes(image_format, exif=gps_exif())
    assert ExifTags.IFD.GPSInfo in PILImage.open(BytesIO(data)).getexif()
    cleaned = without_location(data)
    assert ExifTags.IFD.GPSInfo not in PILImage.open(BytesIO(cleaned)).getexif()


def test_image_without_location_is_kept_byte_for_byte():
    assert without_location(image_bytes()) is None


@pytest.mark.parametrize(
    "name, image_format",
    [("a.jpg", "JPEG"), ("b.png", "PNG"), ("c.webp", "WEBP"), ("d.gif", "GIF")],
)
def test_accepted_image_formats(client, staff, name, image_format):
    login(client, staff, "teacher_a")
    assert post_image(client, name, image_bytes(image_format)).status_code == 302
    assert Image.objects.count() == 1


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "name, data",
    [
        ("nep.jpg", b"this is not an image at all"),
        ("script.png", SVG),
        ("pagina.jpg", b"<html><script>alert(1)</script></html>"),
        ("kapot.jpg", image_bytes()[:200]),  # a truncated JPEG
        ("tekening.svg", SVG),
        ("scan.tiff", image_bytes("TIFF")),
        ("scan.jpg", image_bytes("TIFF")),  # right extension, wrong content
        ("bitmap.bmp", image_bytes("BMP")),
        ("png-als.jpg", image_bytes("PNG")),  # content and name disagree
    ],
)
def test_refused_images(client, staff, name, data):
    login(client, staff, "teacher_a")
    response = post_image(client, name, data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Image.objects.count() == 0


def test_image_too_big(client, staff, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 500
    login(client, staff, "teacher_a")
    noise = BytesIO()
    PILImage.frombytes("RGB", (100, 100), bytes(range(256)) * 117 + bytes(48)).save(noise, "PNG")
    assert len(noise.getvalue()) > 500
    response = post_image(client, "groot.png", noise.getvalue())
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Image.objects.count() == 0


def test_image_too_many_pixels(client, staff, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    login(client, staff, "teacher_a")
    response = post_image(client, "breed.png", image_bytes("PNG", size=(100, 100)))
    assert response.status_code == 200
    assert "file_too_many_pixels" in {error.code for error in response.context["form"].errors.as_data()["file"]}
    assert Image.objects.count() == 0


def test_multiple_upload_refusal_is_a_json_error(client, staff):
    login(client, staff, "teacher_a")
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload("nep.jpg", b"nope")})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["success"] is False and body["error_message"]
    assert Image.objects.count() == 0


def test_refusal_messages_are_translated(client, staff):
    """Our messages have English msgids and go through gettext."""
    from django.core.exceptions import ValidationError

    from privatemedia import validation

    for language, text in (("en", "Only MP4 and WebM videos"), ("nl", "Alleen MP4- en WebM-video")):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                validation.validate_video(upload("x.mp4", b"not a video"))
        assert text in refused.value.messages[0]


# Collections -----------------------------------------------------------------------


def test_teachers_upload_defaults_to_their_class(client, staff):
    """With more than one collection to choose from, the class group comes first."""
    teacher = login(client, staff, "teacher_a")
    both = Group.objects.create(name="media klas A en school")
    grant_collection_permissions(both, [collection_for_page(staff.school), collection_for_page(staff.class_a)])
    teacher.groups.add(both)
    response = client.get(reverse("wagtailimages:add"))
    form = response.context["form"]
    assert form.initial["collection"] == collection_for_page(staff.class_a).pk
    response = client.get(reverse("wagtaildocs:add"))
    assert response.context["form"].initial["collection"] == collection_for_page(staff.class_a).pk


def test_teacher_cannot_upload_into_another_class(client, staff):
    login(client, staff, "teacher_a")
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "x",
            "file": upload("x.jpg", image_bytes()),
            "collection": collection_for_page(staff.class_b).pk,
        },
    )
    assert response.status_code == 302
    # The collection field is hidden (one collection): the upload lands in class A.
    assert Image.objects.get().collection == collection_for_page(staff.class_a)


def test_grant_is_replacing_and_idempotent(staff):
    group = Group.objects.get(name="media klas A")
    grant_collection_permissions(group, [collection_for_page(staff.class_a)])
    first = set(group.collection_permissions.values_list("collection_id", "permission__codename"))
    assert len(first) == 9  # add, change, choose × image, document, video
    grant_collection_permissions(group, [collection_for_page(staff.class_b)])
    assert {c for c, _ in group.collection_permissions.values_list("collection_id", "permission__codename")} == {
        collection_for_page(staff.class_b).pk
    }


# Videos ----------------------------------------------------------------------------------


def post_video(client, world, name, data, collection=None):
    collection = collection or collection_for_page(world.class_a)
    return client.post(
        reverse("wagtailsnippets_privatemedia_video:add"),
        {"title": name, "file": upload(name, data), "collection": collection.pk},
    )


def test_videos_use_the_collection_policy():
    assert isinstance(policy_registry.get_by_type(Video), CollectionOwnershipPermissionPolicy)


@pytest.mark.parametrize(
    "name, data, stored_as",
    [("film.mp4", mp4_bytes(), ".mp4"), ("film.webm", webm_bytes(), ".webm"), ("film.webm", mp4_bytes(), ".mp4")],
)
def test_video_upload(client, staff, name, data, stored_as):
    teacher = login(client, staff, "teacher_a")
    response = post_video(client, staff, name, data)
    assert response.status_code == 302, response.content[:3000]
    video = Video.objects.get()
    assert video.uploaded_by == teacher
    assert video.collection == collection_for_page(staff.class_a)
    assert video.file.name.endswith(stored_as)
    assert video.file.url.startswith("/bestanden/videos/")


@pytest.mark.parametrize(
    "name, data",
    [
        ("film.mp4", image_bytes("PNG")),
        ("film.mp4", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "),  # QuickTime, not MP4
        ("film.webm", b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska"),  # Matroska, not WebM
        ("film.mp4", b""),
        ("film.avi", b"RIFF\x00\x00\x00\x00AVI LIST"),
    ],
)
def test_refused_videos(client, staff, name, data):
    login(client, staff, "teacher_a")
    response = post_video(client, staff, name, data)
    assert response.status_code == 200
    assert Video.objects.count() == 0


def test_video_too_big(client, staff, settings):
    settings.PRIVATEMEDIA_MAX_VIDEO_SIZE = 100
    login(client, staff, "teacher_a")
    assert post_video(client, staff, "film.mp4", mp4_bytes()).status_code == 200
    assert Video.objects.count() == 0


def test_teacher_cannot_put_a_video_in_another_class(client, staff):
    login(client, staff, "teacher_a")
    response = post_video(client, staff, "film.mp4", mp4_bytes(), collection=collection_for_page(staff.class_b))
    assert response.status_code == 200
    assert Video.objects.count() == 0


def test_video_admin_lists_and_chooser_show_only_own_collections(client, staff, media_root):
    from django.core.files.base import ContentFile

    own = Video.objects.create(
        title="Video van A", collection=collection_for_page(staff.class_a), file=ContentFile(mp4_bytes(), name="a.mp4")
    )
    other = Video.objects.create(
        title="Video van B", collection=collection_for_page(staff.class_b), file=ContentFile(mp4_bytes(), name="b.mp4")
    )
    login(client, staff, "teacher_a")
    for url in (
        reverse("wagtailsnippets_privatemedia_video:list"),
        reverse("wagtailsnippetchoosers_privatemedia_video:choose"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert own.title.encode() in response.content
        assert other.title.encode() not in response.content
    for view in ("edit", "delete", "usage", "history", "copy"):
        url = reverse(f"wagtailsnippets_privatemedia_video:{view}", args=[other.pk])
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert other.title.encode() not in response.content
        assert client.get(reverse(f"wagtailsnippets_privatemedia_video:{view}", args=[own.pk])).status_code == 200, view
    response = client.post(reverse("wagtailsnippets_privatemedia_video:delete", args=[other.pk]))
    assert Video.objects.filter(pk=other.pk).exists()
    login(client, staff, "director")
    response = client.get(reverse("wagtailsnippets_privatemedia_video:list"))
    assert own.title.encode() in response.content and other.title.encode() in response.content


# Documents ---------------------------------------------------------------------------------


def post_document(client, name, data):
    return client.post(reverse("wagtaildocs:add"), {"title": name, "file": upload(name, data)})


@pytest.mark.parametrize(
    "name, data",
    [("brief.pdf", pdf_bytes()), ("lijst.docx", docx_bytes()), ("lees.txt", "Gymles op dinsdag. Één keer.".encode())],
)
def test_accepted_documents(client, staff, name, data):
    login(client, staff, "teacher_a")
    response = post_document(client, name, data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.collection == collection_for_page(staff.class_a)
    assert document.url.startswith("/bestanden/documents/")


@pytest.mark.parametrize(
    "name, data",
    [
        ("virus.pdf", b"MZ\x90\x00\x03 this is an exe"),
        ("macro.docx", docx_bytes(macro=True)),
        ("nep.docx", pdf_bytes()),
        ("pagina.html", b"<html></html>"),
        ("binair.txt", b"\x00\x01\x02\x03"),
        ("programma.exe", b"MZ\x90\x00"),
    ],
)
def test_refused_documents(client, staff, name, data):
    login(client, staff, "teacher_a")
    response = post_document(client, name, data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Document.objects.count() == 0


def test_document_too_big(client, staff, settings):
    settings.PRIVATEMEDIA_MAX_DOCUMENT_SIZE = 10
    login(client, staff, "teacher_a")
    response = post_document(client, "brief.pdf", pdf_bytes())
    assert response.status_code == 200
    assert "file_too_large" in {error.code for error in response.context["form"].errors.as_data()["file"]}


# The generated admin groups (roster.admin_groups) carry the media permissions ----------


def test_generated_groups_get_their_collections(world):
    """Directors work in the school's collection, class teachers in their class's."""
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

    policy = CollectionOwnershipPermissionPolicy(Image, auth_model=Image, owner_field_name="uploaded_by_user")
    assert set(policy.collections_user_has_permission_for(world.users["teacher_a"], "add")) == {
        collection_for_page(world.class_a)
    }
    director = set(policy.collections_user_has_permission_for(world.users["director"], "add"))
    assert collection_for_page(world.school) in director and collection_for_page(world.class_b) in director
    assert collection_for_page(world.other_school) not in director
    assert not policy.collections_user_has_permission_for(world.users["parent_a"], "add").exists()
