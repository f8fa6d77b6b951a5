"""Uploaded images are stored as new files holding only their pixels.

A phone photo carries far more than the picture: EXIF (camera make and
serial number, the owner's name, time stamps, GPS position), XMP, IPTC,
comments, an ICC profile whose text fields name devices and people, and in
a multi-picture JPEG (MPO) further images. On a school portal the GPS
position can be a child's home address. Removing known fields one by one
always misses one, so `clean_image` decodes the image and writes a new file
from the pixels alone:

* The EXIF orientation is applied to the pixels first, so the stored image
  is upright without the orientation tag it loses.
* Colour: an image with an ICC profile that is not sRGB (a phone's Display
  P3, Adobe RGB, a CMYK scan) is converted to sRGB and stored without any
  profile. Browsers, Pillow and Wagtail's renditions read an image without a
  profile as sRGB, so the colours stay right, and a profile left out cannot
  carry text. An sRGB profile is simply left out.
* JPEG is written again with the source's own quantisation tables and
  subsampling (no visible loss); PNG and GIF are lossless anyway; WebP stays
  lossless or is written at quality 90. Animated GIF, PNG and WebP keep
  their frames and timing. Of an MPO only the first (main) picture is kept,
  as a JPEG.

Memory: the pixel count is read from the header before anything is decoded
(`validation.check_pixels`, PRIVATEMEDIA_MAX_IMAGE_PIXELS, 40 megapixels by
default), and a process decodes one image at a time (`one_decode_at_a_time`): a
message with five photos costs the memory of one decoded photo (about
120 MB at the limit) instead of five. The re-encoding stays in the request,
not in a background task, on purpose: until it ran the stored original
would still hold its GPS position and could be downloaded, and a refusal
(an image that does not decode) must reach the uploader as a form error.
"""

import threading
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import ExifTags, ImageCms, JpegImagePlugin
from PIL import Image as PILImage

from privatemedia import validation

# What each format is stored as: the extension of the stored file.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Info keys that are no metadata but part of the picture itself.
PICTURE_INFO = ("transparency", "duration", "loop", "background")
WEBP_QUALITY = 90
JPEG_QUALITY = 90
# How long a request waits for another request's decoding in the same process.
DECODE_WAIT_SECONDS = 60

_decoder = threading.BoundedSemaphore(1)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    format: str  # JPEG, PNG, WEBP or GIF
    width: int
    height: int

    @property
    def extension(self):
        return EXTENSIONS[self.format]


class one_decode_at_a_time:
    """At most one image decoded at a time in this process (threaded servers included); also for previews."""

    def __enter__(self):
        if not _decoder.acquire(timeout=getattr(settings, "PRIVATEMEDIA_DECODE_WAIT_SECONDS", DECODE_WAIT_SECONDS)):
            raise ValidationError(
                _("The server is busy processing other photos. Please try again in a minute."), code="busy"
            )
        return self

    def __exit__(self, *exc):
        _decoder.release()
        return False


def _damaged():
    return ValidationError(
        _("This is not a JPEG, PNG, WebP or GIF image, or the image is damaged."), code="invalid_image_content"
    )


def clean_image(data):
    """A CleanImage of the image bytes: pixels only, upright, sRGB. Raises ValidationError."""
    with one_decode_at_a_time(), warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(BytesIO(data)) as source:
                image_format = "JPEG" if source.format == "MPO" else source.format
                if image_format not in EXTENSIONS:
                    raise _damaged()
                validation.check_pixels(source.width, source.height)
                frames = validation.count_frames(source) if image_format != "JPEG" else 1
                if frames > 1:
                    return _animated(source, image_format, frames, data)
                return _still(source, image_format, data)
        except ValidationError:
            raise
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            raise validation.too_many_pixels() from None
        except Exception:
            raise _damaged() from None


def _orientation(source):
    try:
        return source.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:
        return 1


TRANSPOSE = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}


def _is_srgb(profile):
    try:
        return "srgb" in ImageCms.getProfileDescription(profile).lower().replace(" ", "")
    except Exception:
        return False


def _to_srgb(image, icc):
    """The image in sRGB (RGB or RGBA), converted from its ICC profile where that is not sRGB."""
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    target = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(BytesIO(icc))
            if not _is_srgb(profile):
                return ImageCms.profileToProfile(
                    image, profile, ImageCms.createProfile("sRGB"), outputMode=target, renderingIntent=0
                )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile: the pixels as they are (colours may be a little off).
    return image if image.mode == target else image.convert(target)


def _still(source, image_format, data):
    source.load()
    icc = source.info.get("icc_profile")
    progressive = bool(source.info.get("progressive"))
    picture = {key: source.info[key] for key in PICTURE_INFO if key in source.info}
    convert_colours = source.mode == "CMYK" or bool(icc and not _srgb_bytes(icc))
    jpeg_options = {"quality": JPEG_QUALITY}
    if image_format == "JPEG" and source.mode in ("L", "RGB") and not convert_colours:
        # The source's own tables and subsampling: written again without visible loss.
        jpeg_options = {"qtables": source.quantization, "subsampling": _subsampling(source)}
    image = source
    method = TRANSPOSE.get(_orientation(source))
    if method is not None:
        image = image.transpose(method)
    if convert_colours:
        image = _to_srgb(image, icc)
        picture.pop("transparency", None)
    image.info = picture  # nothing else of the source's info is written
    out = BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
            image.info = {}
        image.save(out, format="JPEG", progressive=progressive, **jpeg_options)
    elif image_format == "WEBP":
        image.save(out, format="WEBP", **_webp_options(data))
    else:
        image.save(out, format=image_format)
    return CleanImage(out.getvalue(), image_format, image.width, image.height)


def _animated(source, image_format, frames, data):
    method = TRANSPOSE.get(_orientation(source))
    loop = source.info.get("loop")
    images, durations = [], []
    for index in range(frames):
        source.seek(index)
        frame = source.convert("RGBA")
        if method is not None:
            frame = frame.transpose(method)
        frame.info = {}
        images.append(frame)
        durations.append(source.info.get("duration") or 100)
    options = {"save_all": True, "append_images": images[1:], "duration": durations}
    if loop is not None:
        options["loop"] = loop
    if image_format == "WEBP":
        options.update(_webp_options(data))
    out = BytesIO()
    images[0].save(out, format=image_format, **options)
    return CleanImage(out.getvalue(), image_format, images[0].width, images[0].height)


def _srgb_bytes(icc):
    try:
        return _is_srgb(ImageCms.ImageCmsProfile(BytesIO(icc)))
    except Exception:
        return False


def _subsampling(source):
    try:
        return JpegImagePlugin.get_sampling(source)
    except Exception:
        return -1


def _webp_options(data):
    """Lossless WebP stays lossless; a lossy one is written at WEBP_QUALITY."""
    if _webp_is_lossless(data):
        return {"lossless": True}
    return {"quality": WEBP_QUALITY}


def _webp_is_lossless(data):
    """Does the RIFF container hold a VP8L (lossless) bitstream? Walks the chunks, reads no pixels."""
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if kind == b"VP8L":
            return True
        if kind == b"VP8 ":
            return False
        if kind == b"ANMF":
            position += 8 + 16  # the frame's own header, then its chunks
            continue
        position += 8 + size + (size & 1)
    return False


def clean_upload(upload):
    """The cleaned image of an uploaded file, as (CleanImage, file name with the extension of its content)."""
    upload.seek(0)
    cleaned = clean_image(upload.read())
    upload.seek(0)
    base = (upload.name or "foto").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "foto"
    return cleaned, f"{base}.{cleaned.extension}"


# Set on a file that holds cleaned bytes, so the image model's pre_save does not clean it again.
CLEANED = "privatemedia_cleaned"
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def cleaned_file(upload):
    """(an uploaded file with the cleaned bytes, named after its content, marked CLEANED; the CleanImage)."""
    cleaned, name = clean_upload(upload)
    file = SimpleUploadedFile(name, cleaned.data, content_type=CONTENT_TYPES[cleaned.format])
    setattr(file, CLEANED, True)
    return file, cleaned
