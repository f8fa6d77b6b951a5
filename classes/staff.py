"""Staff of a school, as the class group's editor offers them as teachers.

Here rather than in the roster app because the class group's own admin form
(classes.page_forms, which classes.models names) needs it; so it imports no
model of this app (it finds a class group's teachers through the users).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Page

from home.models import SchoolPage, StaffRole


def school_of_page(page):
    """The SchoolPage a page (of any locale) sits in, or None above the schools."""
    if page is None or page.depth < 2:
        return None
    return SchoolPage.objects.filter(path=page.path[: Page.steplen * 2]).first()


def staff_of_school(school):
    """Accounts with any staff role at the school (any translation of it)."""
    return get_user_model().objects.filter(
        pk__in=StaffRole.objects.filter(school__translation_key=school.translation_key).values("user")
    )


def staff_choices_for_class(class_page, parent_page=None):
    """Who may be picked as teacher of a class group: staff of its school.

    Teachers already assigned stay choosable so that an old assignment does
    not make the whole page unsaveable; the director removes it instead.
    """
    school = school_of_page(class_page) if class_page.pk else school_of_page(parent_page)
    if school is None:
        return get_user_model().objects.none()
    assigned = Q(teacher_assignments__page_id=class_page.pk) if class_page.pk else Q(pk__in=[])
    staff = Q(pk__in=staff_of_school(school).values("pk"))
    return get_user_model().objects.filter(staff | assigned).distinct().order_by("last_name", "first_name", "email")
