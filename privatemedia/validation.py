"""What an upload must be, decided by its content, never by its name alone.

Images: Pillow must open and verify the file as JPEG, PNG, WebP or GIF,
within the pixel limit read from its header (`privatemedia.cleaning` then
stores only its pixels). SVG, HTML and other markup is refused everywhere,
whatever the file is called.
Videos: the first bytes must be an MP4 (ISO base media, not QuickTime) or a
WebM (Matroska with doctype "webm") header. Documents: the content must be of
the kind the extension claims (PDF, OOXML, OpenDocument or plain text), and
Office files with macros are refused. Every check raises a ValidationError
with a translated message, so a bad upload becomes a form error, never a 500.
"""

import os
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from privatemedia import limits

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _check_size(file, maximum):
    if maximum is not None and file.size > maximum:
        raise ValidationError(
            _("This file is too big (%(size)s). The maximum is %(maximum)s.")
            % {"size": filesizeformat(file.size), "maximum": filesizeformat(maximum)},
            code="file_too_large",
        )


def _head(file, length):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


# Images ---------------------------------------------------------------------

# Pillow calls a multi-picture JPEG (phones store depth maps and HDR gain
# maps that way) MPO; it is a JPEG, and only its main picture is stored.
FORMAT_ALIASES = {"MPO": "JPEG"}
MARKUP_STARTS = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script", b"<!--", b"<head", b"<body", b"<iframe")


def looks_like_markup(head):
    """Does the content start like SVG, HTML or other XML (whatever its name says)?"""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"\xff\xfe") or text.startswith(b"\xfe\xff"):
        text = text.decode("utf-16", "ignore").encode("ascii", "ignore").lstrip().lower()
    return text.startswith(MARKUP_STARTS) or (text.startswith(b"<") and b"<svg" in text[:4096])


def refuse_markup(file):
    """SVG images and web pages are never accepted: in a browser they run scripts."""
    if looks_like_markup(_head(file, 4096)):
        raise ValidationError(_("SVG images, web pages and other XML files cannot be uploaded."), code="markup_refused")


def too_many_pixels(pixels=None, maximum=None):
    if pixels is None:
        return ValidationError(_("This image has too many pixels."), code="file_too_many_pixels")
    return ValidationError(
        _("This image has too many pixels (%(pixels)s). The maximum is %(maximum)s.")
        % {"pixels": pixels, "maximum": maximum},
        code="file_too_many_pixels",
    )


def check_pixels(width, height, frames=1):
    """Refuse above the pixel limit (every frame counts), from the header's size, before any decoding."""
    maximum = limits.max_image_pixels()
    if maximum is not None and width * height * frames > maximum:
        raise too_many_pixels(width * height * frames, maximum)


# An animation with more frames than this is no photo (and each frame costs a decoding).
MAX_FRAMES = 500


def count_frames(image):
    """The number of frames, refused above MAX_FRAMES or the pixel limit while counting.

    Pillow's `n_frames` seeks through every frame (a GIF decodes each one on
    the way), so a file of a million tiny frames would be counted for
    minutes; here counting stops as soon as a limit is passed.
    """
    if not getattr(image, "is_animated", False):
        return 1
    frames = 1
    try:
        while True:
            image.seek(frames)
            frames += 1
            if frames > MAX_FRAMES:
                raise ValidationError(
                    _("An animation may have at most %(maximum)s frames.") % {"maximum": MAX_FRAMES},
                    code="too_many_frames",
                )
            check_pixels(image.width, image.height, frames)
    except EOFError:
        pass
    finally:
        image.seek(0)
    return frames


def validate_image(file, formats=IMAGE_FORMATS):
    """Refuse anything that Pillow does not verify as one of `formats` (JPEG, PNG, WebP or GIF); return the format.

    The pixel size is read from the header and checked before the frames
    are counted or the file verified, so a decompression bomb is refused
    without being decoded.
    """
    _check_size(file, limits.max_image_size())
    refuse_markup(file)
    refused = ValidationError(
        _("This is not a JPEG, PNG, WebP or GIF image, or the image is damaged."),
        code="invalid_image_content",
    )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb warning becomes an error: refuse, don't decode.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                image_format = FORMAT_ALIASES.get(image.format, image.format)
                if image_format not in formats:
                    raise refused
                check_pixels(*image.size)
                if image_format != "JPEG":
                    count_frames(image)
                image.verify()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise too_many_pixels() from None
    except Exception:
        raise refused from None
    finally:
        file.seek(0)
    return image_format


# Videos ---------------------------------------------------------------------

# ISO base media brands that browsers play as video/mp4. QuickTime ("qt  ")
# is left out on purpose: it is not reliably playable in a browser.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
DOCTYPE_WEBM = b"\x42\x82\x84webm"


def video_kind(head):
    """'mp4', 'webm' or None, from the first bytes of a file."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(EBML_MAGIC) and DOCTYPE_WEBM in head[:64]:
        return "webm"
    return None


def validate_video(file):
    """Refuse anything that is not MP4 or WebM by its header; return the kind."""
    _check_size(file, limits.max_video_size())
    kind = video_kind(_head(file, 64))
    if kind is None:
        raise ValidationError(_("Only MP4 and WebM videos can be uploaded."), code="invalid_video")
    return kind


# Documents ------------------------------------------------------------------

OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def _zip_names(file):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []
    finally:
        file.seek(0)


def _document_matches(file, extension):
    head = _head(file, 8192)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "txt":
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is fine.
            return error.start >= len(head) - 3
        return True
    if extension in OOXML_FOLDERS:
        names = _zip_names(file)
        if "[Content_Types].xml" not in names:
            return False
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return False  # Office macros: never accepted
        return any(name.startswith(OOXML_FOLDERS[extension]) for name in names)
    if extension in ODF_MIMETYPES:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                return archive.read("mimetype").strip() == ODF_MIMETYPES[extension]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False
        finally:
            file.seek(0)
    return False


def validate_document(file, allowed_extensions):
    """The extension must be allowed and the content must be of that kind."""
    _check_size(file, limits.max_document_size())
    extension = os.path.splitext(file.name)[1].lower().lstrip(".")
    if extension not in allowed_extensions:
        raise ValidationError(
            _("This kind of document cannot be uploaded. Allowed: %(extensions)s.")
            % {"extensions": ", ".join(allowed_extensions)},
            code="invalid_document_type",
        )
    refuse_markup(file)
    if not _document_matches(file, extension):
        raise ValidationError(
            _("The content of this file is not a valid .%(extension)s document.") % {"extension": extension},
            code="invalid_document_content",
        )
