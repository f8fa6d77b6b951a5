"""Two-factor sign-in (the twofactor app): who must use it, and who may reset it.

A second factor protects the accounts that can do the most harm with a
stolen password:

* Superusers, directors and administration must use it: they see every
  child of a school (or of every school) and manage the roster.
* Teachers must use it when the board (one installation) asks it of all
  staff: the caller hands in that setting (`required_for_all_staff`), so
  this module needs nothing of the twofactor app.
* Parents may use it; they never must.

Someone who lost their phone and has no recovery code left cannot sign in.
The director of their school resets their two-factor sign-in (their devices
are deleted and they enrol again at their next login): a director for the
staff and the parents of the schools they direct, never for a superuser,
another school's people or themselves (a director has their own page for
that, behind their second factor). Superusers reset anyone but themselves.
"""

from django.db.models import Q

from access.scope import WHOLE_SCHOOL_ROLES, is_active_user, scope_of
from classes.models import Child, Guardianship
from home.models import StaffRole


def must_use_two_factor(user, required_for_all_staff=False):
    """Must this user sign in with a second factor? From the cached scope: no query."""
    if not is_active_user(user):
        return False
    scope = scope_of(user)
    if scope.everything:
        return True
    roles = set().union(*scope.roles.values()) if scope.roles else set()
    if roles & WHOLE_SCHOOL_ROLES:
        return True
    return bool(roles) and bool(required_for_all_staff)


def _directed_school_keys(user):
    return {key for key, roles in scope_of(user).roles.items() if StaffRole.DIRECTOR in roles}


def can_reset_any_two_factor(user):
    """Does the user direct a school (or is a superuser)? From the cached scope, no query: for the menu."""
    if not is_active_user(user):
        return False
    return scope_of(user).everything or bool(_directed_school_keys(user))


def two_factor_resettable(user, users):
    """Filter a queryset of users down to those whose two-factor sign-in this user may reset.

    Directors: the staff of the schools they direct and the guardians of
    those schools' children who have not left; never a superuser, never
    themselves. Superusers: everyone but themselves. Nobody else: no one.
    """
    if not is_active_user(user):
        return users.none()
    if scope_of(user).everything:
        return users.exclude(pk=user.pk)
    keys = _directed_school_keys(user)
    if not keys:
        return users.none()
    staff = StaffRole.objects.filter(school__translation_key__in=keys).values("user_id")
    children = Child.objects.active().filter(school__translation_key__in=keys)
    parents = Guardianship.objects.filter(child__in=children).values("user_id")
    return users.filter(Q(pk__in=staff) | Q(pk__in=parents)).exclude(pk=user.pk).exclude(is_superuser=True)


def can_reset_two_factor(user, target):
    """May this user reset the two-factor sign-in of `target` (a user)?"""
    if target is None or target.pk is None:
        return False
    return two_factor_resettable(user, type(target)._default_manager.filter(pk=target.pk)).exists()
