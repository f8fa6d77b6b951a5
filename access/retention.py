"""Retention of personal data: who sees and changes a school's retention periods and what went.

The periods decide when a school's personal data is deleted, and the page
shows what goes next: a school's directors (and superusers) only, for the
schools they direct. Teachers, administration and parents nothing, and
never another school's director.
"""

from access.scope import director_schools, directs_any_school, is_active_user, is_director


def retention_schools(user):
    """Schools (default language) whose retention the user sees and sets: the schools they direct."""
    return director_schools(user)


def can_manage_retention(user, school):
    """May the user see and change the retention of this school (any translation)?"""
    return is_active_user(user) and school is not None and is_director(user, school)


def can_manage_any_retention(user):
    """Does the user direct any school (or is a superuser)? From the cached scope, no query: for the menu."""
    return directs_any_school(user)
