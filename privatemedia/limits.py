"""Upload limits, read from settings at call time so tests can change them."""

from django.conf import settings

MB = 1024 * 1024


def max_image_size():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB)


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 60_000_000)


def max_video_size():
    return getattr(settings, "PRIVATEMEDIA_MAX_VIDEO_SIZE", 300 * MB)


def max_document_size():
    return getattr(settings, "PRIVATEMEDIA_MAX_DOCUMENT_SIZE", 20 * MB)
