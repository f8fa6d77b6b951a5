"""The outbox in the admin (the notifications app).

What was sent to whom, and why something failed, names parents and what
they were told: superusers see every school's rows, a director their own
schools' rows; nobody else sees the outbox. Rows are handed in as a
queryset: this module imports nothing of the notifications app.
"""

from access.scope import director_schools, is_active_user, scope_of


def can_see_outbox(user):
    """Superusers, and directors of any school."""
    return is_active_user(user) and (scope_of(user).everything or director_schools(user).exists())


def outbox_for(user, rows):
    """Filter outbox rows down to those the user may see: everything for superusers, their schools' for directors."""
    if not is_active_user(user):
        return rows.none()
    if scope_of(user).everything:
        return rows
    return rows.filter(school__in=director_schools(user))
