"""Videos lose their container metadata in the worker when ffmpeg is there, and are left alone when it is not.

The videos are real: made by ffmpeg itself, with a title, a creation time
and a handler name that names a camera. Without ffmpeg (the default
installation) nothing is enqueued and the file stays byte for byte.
"""

import json
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from privatemedia import tasks
from privatemedia.collections import collection_for_page
from privatemedia.models import Video
from privatemedia.permissions import grant_collection_permissions
from privatemedia.tests.samples import assert_sandboxed
from privatemedia.tests.test_file_access import media_root, mp4_bytes  # noqa: F401

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed (Debian package ffmpeg)")
SECRETS = (b"P. Jansen", b"SN-4711", b"2026-05-04")


@pytest.fixture
def teacher(world, media_root):
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group = Group.objects.create(name="media klas A")
    group.permissions.add(access_admin)
    grant_collection_permissions(group, [collection_for_page(world.class_a)])
    world.users["teacher_a"].groups.add(group)
    return world


def filmed(tmp_path, container):
    """A one-second video with a title, a creation time and a camera in its handler name."""
    target = tmp_path / f"film.{container}"
    codecs = ["-c:v", "mpeg4", "-c:a", "aac"] if container == "mp4" else ["-c:v", "libvpx", "-c:a", "libopus"]
    subprocess.run(
        [FFMPEG, "-nostdin", "-v", "error", "-y"]
        + ["-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10", "-f", "lavfi", "-i", "sine=duration=1"]
        + ["-metadata", "title=Film van P. Jansen", "-metadata", "creation_time=2026-05-04T12:00:00Z"]
        + ["-metadata:s:v:0", "handler_name=SN-4711 camera", "-shortest"]
        + codecs
        + [str(target)],
        check=True,
    )
    return target.read_bytes()


def probe(path):
    result = subprocess.run(
        [shutil.which("ffprobe"), "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
    )
    return json.loads(result.stdout)


def upload_video(client, world, name, data, capture):
    client.force_login(world.users["teacher_a"])
    with capture(execute=True):
        response = client.post(
            reverse("wagtailsnippets_privatemedia_video:add"),
            {
                "title": "Schoolreis",
                "file": SimpleUploadedFile(name, data),
                "collection": collection_for_page(world.class_a).pk,
            },
        )
    assert response.status_code == 302, response.content[:2000]
    return Video.objects.get()


@needs_ffmpeg
@pytest.mark.parametrize("container", ["mp4", "webm"])
def test_a_new_video_is_stored_without_its_metadata_and_still_plays(
    client, teacher, tmp_path, container, django_capture_on_commit_callbacks
):
    data = filmed(tmp_path, container)
    assert b"P. Jansen" in data  # the sample has it
    video = upload_video(client, teacher, f"schoolreis.{container}", data, django_capture_on_commit_callbacks)
    stored = open(video.file.path, "rb").read()
    assert stored != data
    for secret in SECRETS:
        assert secret not in stored, secret
    found = probe(video.file.path)
    assert "title" not in found["format"].get("tags", {}) and "creation_time" not in found["format"].get("tags", {})
    kinds = sorted(stream["codec_type"] for stream in found["streams"])
    assert kinds == ["audio", "video"]
    assert float(found["format"]["duration"]) == pytest.approx(1.0, abs=0.2)
    assert video.file.name.endswith(f".{container}")  # the same name: its URL did not change
    response = client.get(video.file.url)
    assert response.status_code == 200
    assert_sandboxed(response)


@needs_ffmpeg
def test_a_file_ffmpeg_cannot_read_is_left_as_it_is(teacher, media_root):
    from django.core.files.base import ContentFile

    video = Video.objects.create(
        title="kapot", collection=collection_for_page(teacher.class_a), file=ContentFile(mp4_bytes(), name="kapot.mp4")
    )
    assert tasks.strip_video_metadata.call(video.pk) is False
    assert open(video.file.path, "rb").read() == mp4_bytes()
    assert [path.name for path in (media_root / "videos").iterdir()] == [video.file.name.split("/")[-1]]


def test_without_ffmpeg_nothing_is_enqueued_and_the_video_stays_as_uploaded(
    client, teacher, settings, django_capture_on_commit_callbacks
):
    settings.PRIVATEMEDIA_FFMPEG = "ffmpeg-that-is-not-installed"
    assert tasks.ffmpeg_path() is None
    client.force_login(teacher.users["teacher_a"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("wagtailsnippets_privatemedia_video:add"),
            {
                "title": "Schoolreis",
                "file": SimpleUploadedFile("film.mp4", mp4_bytes()),
                "collection": collection_for_page(teacher.class_a).pk,
            },
        )
    assert response.status_code == 302
    video = Video.objects.get()
    assert not any("strip_video_metadata" in repr(callback) for callback in callbacks)
    assert open(video.file.path, "rb").read() == mp4_bytes()
    assert tasks.strip_video_metadata.call(video.pk) is False
