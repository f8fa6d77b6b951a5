"""Photos that respect consent.

Staff mark on a photo (a Wagtail image) which children appear in it
(`PhotoMark`, edited in the image's edit form: policies.consent.photo_forms). A
photo is *hidden* from parents while any child marked in it lacks consent
for photos inside the portal this school year (no answer counts as no).
Hidden photos are left out of a post's page, the timeline's previews and
the media view for parents; staff still see them, marked as hidden
(access.rules decides who sees hidden photos).

Publishing a post whose photos mark a child without that consent is refused,
whichever way the post would go live (`install` wraps Wagtail's publish
action, as schoolcalendar.publishing does; the editor's form checks first so
the teacher gets a clear message).
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from access import rules
from access.scope import SCHOOL_PATH_LENGTH
from classes.models import Child
from classes.schoolyear import current_school_year
from home.models import SchoolPage
from notifications.models import Notification
from notifications.outbox import notify
from policies.models import PORTAL_PHOTOS, ConsentAnswer, ConsentSettings, PhotoMark
from schoolcalendar.publishing import school_of

logger = logging.getLogger(__name__)


def _consent_now(school_year=None):
    """Subquery: the latest portal-photos answer (True/False/None) of OuterRef('child_id')."""
    school_year = current_school_year() if school_year is None else school_year
    return Subquery(
        ConsentAnswer.objects.filter(
            child_id=OuterRef("child_id"),
            purpose__code=PORTAL_PHOTOS,
            purpose__school_id=OuterRef("child__school_id"),
            school_year=school_year,
        )
        .order_by("-answered_at", "-pk")
        .values("given")[:1]
    )


def marks_without_consent(school_year=None):
    """PhotoMarks whose child has no portal-photo consent now (a lazy queryset)."""
    # No answer counts as no: Coalesce, since NOT (NULL = true) is not true in SQL.
    return PhotoMark.objects.annotate(
        _consent=Coalesce(_consent_now(school_year), Value(False), output_field=BooleanField())
    ).filter(_consent=False)


def hidden_image_ids_query():
    """A subquery of the ids of every hidden photo, for `.exclude(pk__in=...)`."""
    return marks_without_consent().values("image_id")


def hidden_image_ids(image_ids):
    """The ids among `image_ids` of photos hidden from parents. One query."""
    image_ids = [pk for pk in image_ids if pk is not None]
    if not image_ids:
        return set()
    return set(marks_without_consent().filter(image_id__in=image_ids).values_list("image_id", flat=True))


def hidden_photo_ids_for(user, image_ids):
    """The ids among `image_ids` that the user may not see for lack of consent. One query, none for staff."""
    if rules.sees_hidden_photos(user):
        return set()
    return hidden_image_ids(image_ids)


def without_hidden_photos(user, images):
    """Filter an image queryset down to the photos not hidden from the user (one SQL condition)."""
    if rules.sees_hidden_photos(user):
        return images
    return images.exclude(pk__in=hidden_image_ids_query())


def school_allows_downloads(school_key):
    """Does the school (by translation key) let parents download photos' original files?"""
    # No settings row yet: the default (downloads allowed) holds.
    return not ConsentSettings.objects.filter(school__translation_key=school_key, photo_downloads=False).exists()


def _school_key_of_collection(collection_id):
    page = Page.objects.filter(media_collection_link__collection_id=collection_id).only("path").first()
    if page is None:
        return None
    return (
        SchoolPage.objects.filter(path=page.path[:SCHOOL_PATH_LENGTH]).values_list("translation_key", flat=True).first()
    )


def photo_file_allowed(user, owner):
    """May the user get this image's or rendition's file? Registered with privatemedia's file view.

    The rule is `access.rules.can_view_photo_file`; this hands it the consent
    facts of the photo, looked up only when the rule needs them.
    """

    def is_hidden():
        return bool(hidden_image_ids([owner.image_id]))

    def downloads_allowed():
        school_key = _school_key_of_collection(owner.collection_id)
        return school_key is not None and school_allows_downloads(school_key)

    return rules.can_view_photo_file(user, owner.kind == "image", is_hidden, downloads_allowed)


def gallery_image_ids(body):
    """The ids of every photo in the galleries of a post body."""
    ids = []
    for block in body:
        if block.block_type == "gallery":
            for image in block.value["images"]:
                if image is not None:
                    ids.append(image.pk if hasattr(image, "pk") else image)
    return ids


def children_without_consent(image_ids):
    """The children marked in these photos who lack portal-photo consent now, by name."""
    if not image_ids:
        return []
    child_ids = marks_without_consent().filter(image_id__in=image_ids).values("child_id")
    return list(Child.objects.filter(pk__in=child_ids).order_by("first_name", "last_name"))


def refusal_message(children):
    names = ", ".join(str(child) for child in children)
    return ngettext(
        "This post cannot be published: %(names)s appears in a photo without consent for photos on the portal. "
        "Remove the photo or the mark, or wait until the parents give consent.",
        "This post cannot be published: %(names)s appear in photos without consent for photos on the portal. "
        "Remove those photos or the marks, or wait until the parents give consent.",
        len(children),
    ) % {"names": names}


def publication_problem(page, body=None):
    """The refusal message for publishing this post (with this body), or None when it may go live."""
    body = getattr(page, "body", None) if body is None else body
    if body is None or not hasattr(page, "preview_image_ids"):
        return None
    children = children_without_consent(gallery_image_ids(body))
    return refusal_message(children) if children else None


class PhotoConsentRefused(PermissionDenied):
    """Publishing refused: a marked child lacks portal-photo consent. str() is the message for people."""


# Withdrawal -------------------------------------------------------------------


def posts_showing(image_ids):
    """Live posts whose body holds any of these photos (Wagtail's reference index), as pages."""
    image_type = ContentType.objects.get_for_model(get_image_model())
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=image_type, to_object_id__in=[str(pk) for pk in image_ids]
    ).values_list("object_id", flat=True)
    # Posts only (news.PostPage, through its page link): other pages may show photos too.
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()], postpage__isnull=False)


def photos_withdrawn(child, answer):
    """A guardian withdrew portal-photo consent: tell each author of a live post with the child's photos.

    Hiding needs no action: every view asks for the consent that counts now.
    Called inside the transaction that stores the withdrawal; one notice per
    post and withdrawal (the dedupe key names the answer).
    """
    image_ids = list(PhotoMark.objects.filter(child=child).values_list("image_id", flat=True))
    if not image_ids:
        return 0
    # One notice per post, not per translation of it (a translated post shows
    # the same photos): the post in the school's own language speaks for all.
    posts = sorted(
        posts_showing(image_ids).select_related("owner", "locale"),
        key=lambda post: (post.locale.language_code != settings.LANGUAGE_CODE, post.pk),
    )
    told = set()
    sent = 0
    for post in posts:
        if post.translation_key in told:
            continue
        told.add(post.translation_key)
        author = post.owner
        if author is None:
            continue
        sent += notify(author, Notification.PHOTO_HIDDEN, post, dedupe_key=f"photo-hidden:{answer.pk}:{post.pk}")
    return sent


def scheduled_publication_refused(post, revision):
    """A scheduled post did not go live (a marked child lost consent meanwhile): tell its author why.

    The post stays a draft; the author gets an e-mail naming the children
    (policies.consent.mail renders it from the dedupe key's prefix). One
    notice per refused revision.
    """
    author = revision.user or getattr(post, "owner", None)
    if author is None:
        return 0
    return notify(author, Notification.PHOTO_HIDDEN, post, dedupe_key=f"{REFUSED_KEY}{revision.pk}")


# Dedupe key prefix of "your scheduled post was not published" (PHOTO_HIDDEN rows).
REFUSED_KEY = "photo-refused:"


def editor_refusal(form_data, page, body):
    """The refusal for the page editor's form, when the action asked for would put the page live.

    Publishing, submitting for approval and approving are refused; saving a
    draft is not, so the teacher keeps their work.
    """
    going_live = (
        form_data.get("action-publish")
        or form_data.get("action-submit")
        or (form_data.get("action-workflow-action") and form_data.get("workflow-action-name") == "approve")
    )
    if not going_live:
        return None
    return publication_problem(page, body)


# Showing a post ---------------------------------------------------------------------


def photo_context(user, post):
    """What a post's gallery template needs: which photos are hidden, and whether to offer downloads.

    `hidden_photo_ids`: photos of the post that mark a child without consent.
    Parents do not get them at all (`sees_hidden_photos` False); staff see
    them with a "hidden from parents" label.
    """
    image_ids = gallery_image_ids(post.body)
    school = school_of(post) if post.path else None
    return {
        "hidden_photo_ids": hidden_image_ids(image_ids),
        "sees_hidden_photos": rules.sees_hidden_photos(user),
        # The setting is found by the school's translation key, in whichever language the post is.
        "photo_downloads": school is not None
        and rules.photo_downloads_allowed(user, lambda: school_allows_downloads(school.translation_key)),
    }


def children_lacking_portal_consent(children):
    """The given children (a queryset) without portal-photo consent now, in name order. One query."""
    consent = Subquery(
        ConsentAnswer.objects.filter(
            child_id=OuterRef("pk"),
            purpose__code=PORTAL_PHOTOS,
            purpose__school_id=OuterRef("school_id"),
            school_year=current_school_year(),
        )
        .order_by("-answered_at", "-pk")
        .values("given")[:1]
    )
    return list(
        children.annotate(_consent=Coalesce(consent, Value(False), output_field=BooleanField()))
        .filter(_consent=False)
        .order_by("first_name", "last_name")
    )
