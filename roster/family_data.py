"""The roster's part of a family data export (privacy.registry): the children, their class groups, the relation.

Only the parent's own guardianships: the other guardians of a child are
someone else's data (separated parents) and are not named.
"""

from django.utils.translation import gettext_lazy as _

from classes.models import Enrollment, Guardianship
from classes.schoolyear import school_year_label
from privacy.registry import Part, day, moment, register


@register("children", _("Your children: school, class groups per school year, and how you are related"), order=20)
def children(family):
    enrolments = {}
    for enrolment in (
        Enrollment.objects.filter(child_id__in=family.child_ids).select_related("class_page").order_by("school_year")
    ):
        enrolments.setdefault(enrolment.child_id, []).append(
            {"school_year": school_year_label(enrolment.school_year), "class_group": enrolment.class_page.title}
        )
    relations = {
        guardianship.child_id: guardianship.get_relation_display()
        for guardianship in Guardianship.objects.filter(user=family.parent, child_id__in=family.child_ids)
    }
    return Part(
        [
            {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": day(child.date_of_birth),
                "school": child.school.title,
                "left_school_on": day(child.left_on),
                "your_relation": relations.get(child.pk, ""),
                "class_groups": enrolments.get(child.pk, []),
                "on_the_roster_since": moment(child.created_at),
            }
            for child in family.children
        ]
    )
