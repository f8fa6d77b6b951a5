"""Which object owns a stored file, and so which collection decides access.

A path under MEDIA_ROOT belongs to an image original, a rendition (decided
by its image), a document or a video. Files that belong to none of them are
never served: not even a superuser gets a file nobody can account for.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from privatemedia.models import Video


@dataclass(frozen=True)
class Owner:
    kind: str  # "image", "rendition", "document", "video", "upload", or an app's own kind
    collection_id: int | None
    # Only for "upload": the user whose unfinished multiple upload this is.
    uploaded_by_id: int | None = None
    title: str = ""
    # For files outside any collection (an app's own, see register_lookup):
    # callable(user) -> bool, asking access.rules whether the user may see it.
    allows: Callable | None = None
    # For "image" and "rendition": the image's id (photos hidden for lack of consent, downloads).
    image_id: int | None = None


def _image_owner(name):
    row = get_image_model().objects.filter(file=name).values_list("collection_id", "title", "pk").first()
    return Owner("image", row[0], title=row[1], image_id=row[2]) if row else None


def _rendition_owner(name):
    rendition_model = get_image_model().get_rendition_model()
    row = (
        rendition_model.objects.filter(file=name)
        .values_list("image__collection_id", "image__title", "image_id")
        .first()
    )
    return Owner("rendition", row[0], title=row[1], image_id=row[2]) if row else None


def _document_owner(name):
    row = get_document_model().objects.filter(file=name).values_list("collection_id", "title").first()
    return Owner("document", *row) if row else None


def _video_owner(name):
    row = Video.objects.filter(file=name).values_list("collection_id", "title").first()
    return Owner("video", *row) if row else None


def _pending_upload_owner(name):
    """A file of Wagtail's multiple uploader that is not an image yet: its uploader's only."""
    row = UploadedFile.objects.filter(file=name).values_list("uploaded_by_user_id", flat=True).first()
    return Owner("upload", None, uploaded_by_id=row) if row else None


LOOKUPS = (_rendition_owner, _image_owner, _document_owner, _video_owner, _pending_upload_owner)

# Lookups of other apps for files that belong to none of the above (e.g. a
# leave request's attachment): callable(name) -> Owner with `allows`, or None.
_app_lookups = []


def register_lookup(lookup):
    """Let an app claim its own stored files; its Owner's `allows` decides who gets them."""
    if lookup not in _app_lookups:
        _app_lookups.append(lookup)


# Checks of other apps on image and rendition files, on top of the
# collection's rule: callable(user, owner) -> bool (e.g. photos hidden for
# lack of consent, policies.consent.photos). Registered at start-up.
_image_checks = []


def register_image_check(check):
    """Let an app refuse image files for reasons of its own; every registered check must allow."""
    if check not in _image_checks:
        _image_checks.append(check)


def image_checks():
    return tuple(_image_checks)


def owner_of(name):
    for lookup in (*LOOKUPS, *_app_lookups):
        owner = lookup(name)
        if owner is not None:
            return owner
    return None
