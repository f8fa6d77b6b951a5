"""Upload limits, read from settings at call time so tests can change them."""

from django.conf import settings

MB = 1024 * 1024


def max_image_size():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB)


# 40 megapixels: more than a phone's photo (12 to 24 MP by default, 7 to 8
# thousand pixels wide at most), less than a decompression bomb. Decoded as
# RGB that is 120 MB; a 7,700 x 7,700 PNG (59 MP, 240 MB as RGBA) is refused.
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def max_image_pixels():
    """PRIVATEMEDIA_MAX_IMAGE_PIXELS: the most pixels (all frames together) an uploaded image may have."""
    return getattr(settings, "PRIVATEMEDIA_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def max_video_size():
    return getattr(settings, "PRIVATEMEDIA_MAX_VIDEO_SIZE", 300 * MB)


def max_document_size():
    return getattr(settings, "PRIVATEMEDIA_MAX_DOCUMENT_SIZE", 20 * MB)
