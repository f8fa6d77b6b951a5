"""The family data export (the privacy app): the AVG right of access.

* A parent (anyone who is a guardian of a child, also of one who left)
  exports what the portal holds about them and their children. Staff
  without children of their own have no family to export.
* A director exports the same for a parent of their own school, limited to
  that school: the parent's children there and that school's rows. Not
  administration, not teachers, never another school's family (who is not a
  parent at a school the user directs does not exist for them).
* An export is downloaded by whoever requested it, and by nobody else:
  not the parent a director made it for, not another director, not a
  superuser.

Exports are handed in as objects with `requested_by_id`; users as querysets:
this module imports nothing of the privacy app, which sits above it.
"""

from access.scope import director_schools, directs_any_school, is_active_user, is_director
from classes.models import Child, Guardianship


def can_export_own_data(user):
    """May the user export their own family's data? Any active guardian of a child."""
    return is_active_user(user) and Guardianship.objects.filter(user=user).exists()


def export_children(parent, school=None):
    """The children whose data an export of `parent` holds: every child they are guardian of (at `school`, if given)."""
    children = Child.objects.filter(guardianships__user=parent)
    if school is not None:
        children = children.filter(school__translation_key=school.translation_key)
    return children.select_related("school").distinct().order_by("first_name", "last_name", "pk")


def family_export_schools(user):
    """Schools (default language) for whose families the user makes exports: the schools they direct."""
    return director_schools(user)


def can_export_families(user):
    """Does the user direct any school (or is a superuser)? From the cached scope: for the admin menu."""
    return directs_any_school(user)


def exportable_parents(user, users, school):
    """Filter `users` down to the parents of `school` whose data the user may export: guardians of a child there."""
    if school is None or not is_active_user(user) or not is_director(user, school):
        return users.none()
    return users.filter(guardianships__child__school__translation_key=school.translation_key).distinct()


def can_export_family(user, parent, school):
    """May the user make an export of `parent`'s data at `school`? Its director, for a guardian of a child there."""
    if parent is None or school is None or not is_active_user(user) or not is_director(user, school):
        return False
    return Guardianship.objects.filter(user=parent, child__school__translation_key=school.translation_key).exists()


def can_download_export(user, export):
    """Only whoever requested the export downloads it."""
    return export is not None and is_active_user(user) and export.requested_by_id == user.pk
