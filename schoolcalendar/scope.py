"""Which schools' calendars a user may edit: the schools they direct.

Asks `access.rules` (managed_schools, is_director) and only turns the answer
into querysets, so every view and form of the calendar admin is scoped alike.
"""

from access.rules import is_director, managed_schools
from schoolcalendar.models import ClosedPeriod


def director_schools(user):
    """Schools (default language) whose calendar the user edits: directors only, or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return managed_schools(None).none()
    schools = managed_schools(user)
    if user.is_superuser:
        return schools
    return schools.filter(pk__in=[school.pk for school in schools if is_director(user, school)])


def school_settings_for(model, user, create_missing=False):
    """Rows of a per-school settings model (one row per school) for the schools the user directs.

    Shared by every per-school settings admin (calendar, news, leave,
    notifications): with create_missing, rows are first made with the model's
    defaults (`model.for_school`), so a director always finds their school.
    """
    schools = director_schools(user)
    if create_missing:
        existing = set(model.objects.filter(school__in=schools).values_list("school_id", flat=True))
        for school in schools:
            if school.pk not in existing:
                model.for_school(school)
    return model.objects.filter(school__in=schools).select_related("school")


def closed_periods_for(user):
    return ClosedPeriod.objects.filter(school__in=director_schools(user))
