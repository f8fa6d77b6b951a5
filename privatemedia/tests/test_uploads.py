"""Uploads through the real Wagtail admin: content checks, limits, every kind of
metadata removed, the right collection, and clear form errors instead of 500s."""

import json
import threading
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

from privatemedia import cleaning, validation
from privatemedia.collections import collection_for_page
from privatemedia.models import Video
from privatemedia.permissions import grant_collection_permissions
from privatemedia.tests.samples import assert_clean, camera_exif, camera_photo, icc_profile, landscape
from privatemedia.tests.test_file_access import docx_bytes, image_bytes, media_root, mp4_bytes, pdf_bytes, webm_bytes  # noqa: F401

Image = get_image_model()
Document = get_document_model()


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


def stored_original(image):
    with image.file.open("rb") as stored:
        return stored.read()


@pytest.mark.parametrize(
    "image_format, name", [("JPEG", "klassenfoto.jpg"), ("PNG", "tekening.png"), ("WEBP", "foto.webp")]
)
def test_an_uploaded_photo_is_stored_as_pixels_only_and_upright(client, staff, image_format, name):
    login(client, staff, "teacher_a")
    data = camera_photo(image_format, orientation=6)
    with PILImage.open(BytesIO(data)) as sample:  # the sample has it all
        assert sample.getexif().get_ifd(ExifTags.IFD.GPSInfo) and sample.info.get("icc_profile")
    assert b"SN-4711" in data and b"Jansen" in data

    response = post_image(client, name, data)
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get()
    content = stored_original(image)
    stored = assert_clean(content, image_format)
    # Orientation 6 applied to the pixels: 60 x 40 on its side is 40 x 60 upright, the blue corner top right.
    assert stored.size == (40, 60) and (image.width, image.height) == (40, 60)
    red, green, blue = stored.convert("RGB").getpixel((39, 0))
    assert blue > 200 and red < 40
    assert image.file_size == len(content)


def test_multiple_upload_also_stores_pixels_only(client, staff):
    login(client, staff, "teacher_a")
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("telefoon.jpg", camera_photo("JPEG", orientation=6))},
    )
    assert json.loads(response.content)["success"] is True
    stored = assert_clean(stored_original(Image.objects.get()), "JPEG")
    assert stored.size == (40, 60)


def test_an_image_saved_by_a_script_is_cleaned_too(staff, media_root):
    from django.core.files.images import ImageFile

    image = Image(
        title="seed",
        collection=collection_for_page(staff.class_a),
        file=ImageFile(BytesIO(camera_photo("JPEG", orientation=6)), name="seed.jpg"),
    )
    image.save()
    assert assert_clean(stored_original(image), "JPEG").size == (40, 60)


def test_a_file_stored_before_its_image_is_made_is_cleaned_and_the_raw_copy_removed(staff, media_root):
    """The multiple uploader's detour (an UploadedFile becomes an image later) stores the file first."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    raw_name = default_storage.save("uploaded_files/telefoon.jpg", ContentFile(camera_photo("JPEG", orientation=6)))
    image = Image(title="later", collection=collection_for_page(staff.class_a), file=raw_name)
    image.save()
    assert assert_clean(stored_original(image), "JPEG").size == (40, 60)
    assert image.file.name != raw_name and not default_storage.exists(raw_name)


def test_an_admin_profile_picture_is_cleaned_and_a_bad_one_not_stored(staff, media_root):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff.users["teacher_a"])
    profile.avatar = upload("ik.jpg", camera_photo("JPEG", orientation=6))
    profile.save()
    with profile.avatar.open("rb") as stored:
        assert assert_clean(stored.read(), "JPEG").size == (40, 60)
    profile.avatar = upload("ik.png", SVG)
    profile.save()
    profile.refresh_from_db()
    assert not profile.avatar


def test_a_photo_in_another_colour_space_is_converted_to_srgb_without_a_profile():
    """Red in a profile whose primaries are swapped is green in sRGB; the profile (with its text) goes."""
    data = camera_photo("JPEG", orientation=1, icc=icc_profile(), color=(220, 20, 20))
    cleaned = cleaning.clean_image(data)
    stored = assert_clean(cleaned.data, "JPEG")
    red, green, blue = stored.getpixel((50, 30))
    assert green > 150 and red < 80
    unchanged = assert_clean(cleaning.clean_image(camera_photo("JPEG", orientation=1, color=(220, 20, 20))).data)
    red, green, blue = unchanged.getpixel((50, 30))
    assert red > 180 and green < 60  # an sRGB profile is only left out


def test_a_cmyk_jpeg_becomes_rgb():
    out = BytesIO()
    PILImage.new("CMYK", (30, 20), (0, 255, 255, 0)).save(out, "JPEG", exif=camera_exif().tobytes())
    stored = assert_clean(cleaning.clean_image(out.getvalue()).data, "JPEG")
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_a_multi_picture_jpeg_keeps_only_its_main_picture():
    out = BytesIO()
    main, hidden = landscape(), PILImage.new("RGB", (60, 40), (0, 255, 0))
    main.save(out, "MPO", save_all=True, append_images=[hidden], exif=camera_exif(orientation=1).tobytes())
    assert PILImage.open(BytesIO(out.getvalue())).format == "MPO"
    cleaned = cleaning.clean_image(out.getvalue())
    stored = assert_clean(cleaned.data, "JPEG")
    assert getattr(stored, "n_frames", 1) == 1 and cleaned.extension == "jpg"


def test_an_animated_gif_keeps_its_frames_and_timing_but_not_its_comment():
    frames = [PILImage.new("RGB", (20, 20), (60 * index, 0, 0)) for index in range(4)]
    out = BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], duration=[50, 60, 70, 80], loop=0, comment=b"P. Jansen"
    )
    cleaned = cleaning.clean_image(out.getvalue())
    assert b"Jansen" not in cleaned.data
    with PILImage.open(BytesIO(cleaned.data)) as stored:
        assert stored.n_frames == 4 and "comment" not in stored.info
        durations = []
        for index in range(4):
            stored.seek(index)
            durations.append(stored.info["duration"])
        assert durations == [50, 60, 70, 80]


def test_png_transparency_is_kept():
    out = BytesIO()
    image = PILImage.new("RGBA", (20, 20), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 10, 10))
    image.save(out, "PNG", exif=camera_exif().tobytes())
    stored = assert_clean(cleaning.clean_image(out.getvalue()).data, "PNG")
    assert stored.getpixel((15, 15))[3] == 0 and stored.getpixel((5, 5)) == (255, 0, 0, 255)


def test_lossless_webp_stays_lossless():
    out = BytesIO()
    landscape().save(out, "WEBP", lossless=True, exif=camera_exif().tobytes())
    cleaned = cleaning.clean_image(out.getvalue())
    assert b"VP8L" in cleaned.data
    assert assert_clean(cleaned.data).getpixel((50, 30)) == (200, 30, 30)


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


@pytest.mark.parametrize("setting", ["WAGTAILIMAGES_MAX_IMAGE_PIXELS", "PRIVATEMEDIA_MAX_IMAGE_PIXELS"])
def test_image_too_many_pixels(client, staff, settings, setting):
    setattr(settings, setting, 1000)
    login(client, staff, "teacher_a")
    response = post_image(client, "breed.png", image_bytes("PNG", size=(100, 100)))
    assert response.status_code == 200
    assert "file_too_many_pixels" in {error.code for error in response.context["form"].errors.as_data()["file"]}
    assert Image.objects.count() == 0


def test_the_pixel_limit_is_40_megapixels_and_read_from_the_header():
    """A 7,000 x 7,000 PNG of a few kilobytes would be 196 MB decoded: refused before decoding."""
    from django.conf import settings

    assert settings.PRIVATEMEDIA_MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    bomb = BytesIO()
    PILImage.new("1", (7000, 7000)).save(bomb, "PNG")
    for check in (validation.validate_image, lambda file: cleaning.clean_image(file.read())):
        with pytest.raises(ValidationError) as refused:
            check(upload("bom.png", bomb.getvalue()))
        assert refused.value.code == "file_too_many_pixels"
    assert cleaning.clean_image(camera_photo(size=(6000, 4000))).width == 4000  # a 24 MP phone photo is fine


def test_an_animation_of_too_many_frames_is_refused_while_counting():
    frames = [PILImage.new("L", (2, 2), (index % 2) * 255) for index in range(validation.MAX_FRAMES + 100)]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=10)
    for check in (validation.validate_image, lambda file: cleaning.clean_image(file.read())):
        with pytest.raises(ValidationError) as refused:
            check(upload("veel.gif", out.getvalue()))
        assert refused.value.code == "too_many_frames"


def test_one_image_is_decoded_at_a_time_and_a_waiting_upload_gets_a_message(settings):
    settings.PRIVATEMEDIA_DECODE_WAIT_SECONDS = 0.2
    holding, release = threading.Event(), threading.Event()

    def other_request():
        with cleaning.one_decode_at_a_time():
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=other_request)
    thread.start()
    try:
        assert holding.wait(5)
        with pytest.raises(ValidationError) as refused:
            cleaning.clean_image(camera_photo())
        assert refused.value.code == "busy"
    finally:
        release.set()
        thread.join()
    assert cleaning.clean_image(camera_photo()).format == "JPEG"


def test_svg_and_web_pages_get_a_message_of_their_own(client, staff):
    login(client, staff, "teacher_a")
    for name, data in (("logo.png", SVG), ("logo.svg", SVG), ("foto.jpg", b"<!DOCTYPE html><html></html>")):
        response = post_image(client, name, data)
        assert response.status_code == 200
        assert "markup_refused" in {error.code for error in response.context["form"].errors.as_data()["file"]}, name
    response = post_document(client, "lees.txt", b"<html><script>alert(1)</script></html>")
    assert "markup_refused" in {error.code for error in response.context["form"].errors.as_data()["file"]}
    assert Image.objects.count() == 0 and Document.objects.count() == 0


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
