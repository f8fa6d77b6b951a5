"""How the portal is used (the insights app).

Counts per class group and per month, never a name. Still, the figures
describe a whole school (who logs in, how much is read, when staff work),
so they are for the school's directors only (and superusers): not
administration, not teachers, never parents, and never another school's
director.
"""

from access.scope import director_schools, directs_any_school, is_active_user, is_director


def insights_schools(user):
    """Schools (default language) whose usage figures the user may see: the schools they direct."""
    return director_schools(user)


def can_view_insights(user, school):
    """May the user see the usage figures (dashboard and export) of this school (any translation)?"""
    return is_active_user(user) and school is not None and is_director(user, school)


def can_view_any_insights(user):
    """Does the user direct any school (or is a superuser)? From the cached scope, no query: for the menu."""
    return directs_any_school(user)
