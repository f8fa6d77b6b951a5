"""How long photos of children who left are kept: months after the child left (1 year unless set otherwise).

Registered with the retention mechanism (`retention.registry`). Staff mark
who is in a photo (`PhotoMark`); a photo in which a child of the school
is marked who left more than the period ago is deleted: the image, its
renditions and their files (Wagtail removes the files once the deletion is
committed), so it also disappears from the posts it was in. A photo with
no marks is not judged: nobody said who is in it.
"""

import datetime

from django.db.models import Min, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from policies.models import PhotoMark
from retention.periods import shift_months
from retention.registry import DELETE, Rule, register


def _left_children(school, before):
    return PhotoMark.objects.filter(
        child__school=school, child__left_on__isnull=False, child__left_on__lt=before
    ).values("image_id")


def due(school, months, moment):
    """Photos with a child of the school marked who left more than `months` months before `moment`'s day."""
    cutoff = shift_months(timezone.localdate(moment), -months)
    return (
        get_image_model()
        .objects.filter(pk__in=_left_children(school, cutoff))
        .annotate(
            first_left=Min(
                "child_marks__child__left_on",
                filter=Q(child_marks__child__school=school, child_marks__child__left_on__isnull=False),
            )
        )
    )


def expires(image, months):
    return shift_months(image.first_left, months) + datetime.timedelta(days=1)


def describe(image):
    return gettext("Photo uploaded on %(day)s") % {
        "day": formats.date_format(timezone.localtime(image.created_at).date(), "j F Y")
    }


def apply(images):
    count = 0
    for image in images:
        image.delete()
        count += 1
    return count


register(
    Rule(
        key="policies.photos",
        label=_("Photos of children who left"),
        setting="photo_months",
        action=DELETE,
        due=due,
        expires=expires,
        describe=describe,
        apply=apply,
        order=40,
    )
)
