"""The policies app's part of a family data export (privacy.registry): consent with its history, and policies accepted.

Consent: every answer ever given for the parent's children (the latest per
purpose and school year counts), when the school asked and reminded, and
the photos a child is marked in (their titles, not the photos: those show
other children too). Policies: which version of which policy the parent
accepted, and when.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from classes.schoolyear import school_year_label
from policies.models import ConsentAnswer, ConsentRequest, PhotoMark, PolicyAcceptance
from privacy.registry import Part, moment, name_of, register


def _yes_no(value):
    return gettext("yes") if value else gettext("no")


@register("consents", _("Consent for photos and data: every answer, with who gave it and when"), order=30)
def consents(family):
    names = {child.pk: str(child) for child in family.children}
    answers = (
        ConsentAnswer.objects.filter(child_id__in=family.child_ids)
        .select_related("purpose", "answered_by")
        .order_by("child_id", "purpose__sort_order", "purpose_id", "school_year", "answered_at", "pk")
    )
    per_child = {
        pk: {"child": name, "current": {}, "history": [], "asked": [], "in_photos": []} for pk, name in names.items()
    }
    for answer in answers:
        row = {
            "purpose": answer.purpose.name,
            "school_year": school_year_label(answer.school_year),
            "consent_given": _yes_no(answer.given),
            "answered_by": answer.answered_by_name or name_of(answer.answered_by),
            "answered_at": moment(answer.answered_at),
        }
        entry = per_child[answer.child_id]
        entry["history"].append(row)
        # Ordered by time: the last answer per purpose and year is the one that counts.
        entry["current"][(answer.purpose_id, answer.school_year)] = row
    for request in ConsentRequest.objects.filter(child_id__in=family.child_ids).order_by("school_year"):
        per_child[request.child_id]["asked"].append(
            {
                "school_year": school_year_label(request.school_year),
                "asked_at": moment(request.asked_at),
                "last_reminded_at": moment(request.reminded_at),
                "reminders": request.reminders,
            }
        )
    for mark in PhotoMark.objects.filter(child_id__in=family.child_ids).select_related("image").order_by("marked_at"):
        per_child[mark.child_id]["in_photos"].append({"photo": mark.image.title, "marked_at": moment(mark.marked_at)})
    result = []
    for entry in per_child.values():
        entry["current"] = list(entry["current"].values())
        result.append(entry)
    return Part(result)


@register("policies", _("Policies you accepted, with the version and when"), order=35)
def policies(family):
    acceptances = family.under_schools(
        PolicyAcceptance.objects.filter(user=family.parent).select_related("page"), page="page"
    ).order_by("accepted_at", "pk")
    return Part(
        [
            {"policy": row.page.title, "version": row.version, "accepted_at": moment(row.accepted_at)}
            for row in acceptances
        ]
    )
