"""Photos attached to messages keep only their pixels; markup, disguised files and huge images are refused.

Real files made with Pillow (privatemedia/tests/samples.py), the real reply
form of a conversation, the real file view.
"""

import io
import time
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from conversations.models import MessageAttachment
from conversations.tests.test_conversations import (  # noqa: F401  (fixtures)
    ana_conversation,
    client_as,
    media_root,
    now,
    text_of,
    translated,
)
from privatemedia.tests.samples import assert_clean, assert_sandboxed, camera_photo


def named(name, data):
    out = io.BytesIO(data)
    out.name = name
    return out


def reply(world, conversation, *attachments, text="Zie bijlage"):
    return client_as(world, "parent_a").post(
        reverse("conversations:detail", args=[conversation.pk]),
        {"text": text, "attachments": list(attachments), "submission_key": str(uuid.uuid4())},
    )


@pytest.mark.parametrize("image_format, name", [("JPEG", "foto.jpg"), ("PNG", "scherm.png"), ("WEBP", "foto.webp")])
def test_a_photo_is_stored_upright_without_any_metadata(world, ana_conversation, image_format, name):
    response = reply(world, ana_conversation, named(name, camera_photo(image_format, orientation=6)))
    assert response.status_code == 302
    attachment = MessageAttachment.objects.get()
    with attachment.file.open("rb") as stored:
        content = stored.read()
    image = assert_clean(content, image_format)
    assert image.size == (40, 60)
    assert attachment.size == len(content)
    served = client_as(world, "teacher_a").get(attachment.file.url)
    assert served.status_code == 200
    assert_sandboxed(served)
    assert served["Content-Disposition"].startswith("inline")


def test_a_large_photos_original_and_preview_are_both_clean(world, ana_conversation):
    response = reply(
        world, ana_conversation, named("groot.jpg", camera_photo("JPEG", orientation=6, size=(3000, 2000)))
    )
    assert response.status_code == 302
    attachment = MessageAttachment.objects.get()
    for file in (attachment.file, attachment.preview):
        with file.open("rb") as stored:
            assert_clean(stored.read(), "JPEG")
    with attachment.preview.open("rb") as stored, Image.open(stored) as preview:
        assert preview.size == (853, 1280)


def test_a_png_called_jpg_is_stored_as_png(world, ana_conversation):
    assert reply(world, ana_conversation, named("foto.jpg", camera_photo("PNG", orientation=1))).status_code == 302
    attachment = MessageAttachment.objects.get()
    assert attachment.name == "foto.png" and attachment.file.name.endswith(".png")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("tekening.png", SVG, "SVG images, web pages and other XML files cannot be uploaded."),
        ("tekening.svg", SVG, "SVG images, web pages and other XML files cannot be uploaded."),
        (
            "brief.pdf",
            b"<html><script>alert(1)</script></html>",
            "SVG images, web pages and other XML files cannot be uploaded.",
        ),
        ("brief.pdf", b"GIF89a not a pdf", "The content of this file is not a valid .%(extension)s document."),
    ],
)
def test_markup_and_disguised_files_are_refused_with_a_message(world, ana_conversation, name, data, message):
    response = reply(world, ana_conversation, named(name, data), text="Mijn tekst blijft staan")
    assert response.status_code == 400
    assert translated(message).replace("%(extension)s", "pdf") in text_of(response)
    assert "Mijn tekst blijft staan" in text_of(response)
    assert not MessageAttachment.objects.exists()


def test_a_decompression_bomb_is_refused_from_its_header_at_once(world, ana_conversation):
    """7,700 x 7,700 pixels (59 MP) in a small PNG: refused before decoding, with a message, not a 500."""
    bomb = io.BytesIO()
    Image.new("1", (7700, 7700)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 200_000
    started = time.perf_counter()
    response = reply(world, ana_conversation, *[named(f"bom{index}.png", bomb.getvalue()) for index in range(5)])
    assert time.perf_counter() - started < 2.0  # decoding five of them took seconds and 700 MB
    assert response.status_code == 400
    assert "59290000" in text_of(response) and "40000000" in text_of(response)
    assert not MessageAttachment.objects.exists()
