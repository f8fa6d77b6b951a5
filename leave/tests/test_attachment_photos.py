"""A photo attached to a leave request is stored, downloaded and mailed without its metadata.

The director downloads the attachment and the attendance officer gets it by
e-mail: neither may learn where the parent's phone was, its serial number or
its owner's name. Real files made with Pillow (privatemedia/tests/samples.py),
the real form page, the real SMTP server.
"""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from leave import rules
from leave.models import LeaveRequest, LeaveSettings
from leave.tests.test_requests import (  # noqa: F401  (fixtures)
    body,
    client_as,
    decide,
    form_data,
    media_root,
    nl,
    submit,
    today,
    w,
)
from privatemedia.tests.samples import SECRETS, assert_clean, assert_sandboxed, camera_photo

MOVING = {"first_day": "2027-03-12", "last_day": "2027-03-12"}


def moving_with(w, attachment):
    data = form_data(w, children=("Ana",), kind=rules.IMPORTANT, reason=rules.MOVING, period=MOVING)
    return {**data, "attachment": attachment, "confirm_problems": "on"}


def photo(name="verklaring.jpg", data=None):
    return SimpleUploadedFile(name, data or camera_photo("JPEG", orientation=6), content_type="image/jpeg")


def test_a_photo_of_a_statement_is_stored_downloaded_and_mailed_without_metadata(
    w, media_root, mailbox, django_capture_on_commit_callbacks
):
    original = camera_photo("JPEG", orientation=6)
    assert all(secret in original for secret in (b"Jansen", b"SN-4711"))
    response = submit(client_as(w, "parent_a"), moving_with(w, photo(data=original)))
    assert response.status_code == 302, body(response)[:3000]
    leave_request = LeaveRequest.objects.get()
    assert leave_request.attachment_name == "verklaring.jpg"
    stored = assert_clean((media_root / leave_request.attachment.name).read_bytes(), "JPEG")
    assert stored.size == (40, 60)  # upright: the orientation is applied to the pixels

    download = client_as(w, "director").get(leave_request.attachment.url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content) if download.streaming else download.content
    assert_clean(content, "JPEG")
    assert_sandboxed(download)

    LeaveSettings.objects.create(
        school=w.school, attendance_officer_name="M. de Vries", attendance_officer_email="leerplicht@gemeente.test"
    )
    mailbox.clear()
    director = client_as(w, "director")
    assert decide(director, leave_request, rules.FORWARD, "Advies: toekennen.", django_capture_on_commit_callbacks)
    [officer_mail] = mailbox.to("leerplicht@gemeente.test")
    [attachment] = list(officer_mail.iter_attachments())
    assert attachment.get_filename() == "verklaring.jpg"
    mailed = attachment.get_content()
    assert not any(secret in mailed for secret in SECRETS)
    assert_clean(mailed, "JPEG")


def test_a_png_called_jpg_is_stored_as_png(w, media_root):
    png = camera_photo("PNG", orientation=1)
    response = submit(client_as(w, "parent_a"), moving_with(w, photo("scan.jpg", png)))
    assert response.status_code == 302
    leave_request = LeaveRequest.objects.get()
    assert leave_request.attachment.name.endswith(".png") and leave_request.attachment_name == "scan.png"
    assert_clean((media_root / leave_request.attachment.name).read_bytes(), "PNG")


def test_documents_are_stored_as_they_are(w, media_root):
    pdf = b"%PDF-1.4\n1 0 obj << /Author (P. Jansen) >> endobj\ntrailer << >>\n%%EOF\n"
    response = submit(
        client_as(w, "parent_a"), moving_with(w, SimpleUploadedFile("brief.pdf", pdf, content_type="application/pdf"))
    )
    assert response.status_code == 302
    assert (media_root / LeaveRequest.objects.get().attachment.name).read_bytes() == pdf


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_markup_and_mismatched_content_are_refused_with_a_message(w, media_root):
    parent = client_as(w, "parent_a")
    gif = BytesIO()
    PILImage.new("RGB", (10, 10)).save(gif, "GIF")
    cases = [
        ("tekening.png", SVG, "SVG images, web pages and other XML files cannot be uploaded."),
        ("brief.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", None),
        ("verklaring.docx", b"<html><body>nep</body></html>", None),
        ("foto.jpg", gif.getvalue(), "A photo must be a JPEG or PNG image."),
    ]
    for name, data, message in cases:
        response = submit(parent, moving_with(w, SimpleUploadedFile(name, data)))
        assert response.status_code == 400, name
        if message:
            assert nl(message) in body(response), name
    assert not LeaveRequest.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_before_decoding(w, media_root, settings):
    """8,000 x 8,000 pixels in a few kilobytes: refused from the header, with a message, never a 500."""
    bomb = BytesIO()
    PILImage.new("1", (8000, 8000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 100_000
    response = submit(client_as(w, "parent_a"), moving_with(w, photo("scan.png", bomb.getvalue())))
    assert response.status_code == 400
    assert "40000000" in body(response)
    assert not LeaveRequest.objects.exists()
