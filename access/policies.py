"""Policies and the code of conduct (the policies app).

* A school's policy pages are school-wide pages: every member of the school
  reads them (`can_view_page`), nobody of another school.
* When a version must be accepted, it is asked of the school's parents
  (`parents_who_see` of the policy page), never of staff: a staff member
  works in the admin, also if they are a parent at the school.
* Who accepted what, parent by parent, is for the directors and
  administration of the policy's school (and superusers); not teachers.

Policy pages and versions are passed in as objects with `path` (a page)
or `school` (a PolicyVersion), listings as querysets: this module imports
nothing of the policies app, which sits above it.
"""

from access.posts import parents_who_see
from access.scope import is_active_user, scope_of
from home.models import StaffRole


def is_asked_to_accept_policies(user):
    """Is the user someone who is asked to accept policies: a parent at a school, with no staff role?"""
    if not is_active_user(user):
        return False
    scope = scope_of(user)
    return scope.is_member and not scope.everything and not scope.roles


def asked_to_accept_policy(page):
    """The users asked to accept a policy page's versions: its parents without a staff role. A lazy queryset."""
    staff = StaffRole.objects.values("user_id")
    return parents_who_see(page).filter(is_superuser=False).exclude(pk__in=staff)


def can_see_policy_overview(user):
    """Does the user have the acceptance overview in the admin: directors and administration of any school."""
    scope = scope_of(user)
    return is_active_user(user) and (scope.everything or bool(scope.whole_school_keys))


def policy_versions_for_staff(user, queryset):
    """Filter policy versions down to those of the schools where the user is director or administration."""
    scope = scope_of(user)
    if not is_active_user(user):
        return queryset.none()
    if scope.everything:
        return queryset
    return queryset.filter(school__translation_key__in=scope.whole_school_keys)
