"""Leave requests (the leave app).

A parent asks for leave for their own children at one school; the request
is seen by that parent and by the school's directors and administration,
and decided by its directors only. Requests are passed in as objects with
`requested_by_id`, `school` (a SchoolPage) and `is_pending`, so this
module needs nothing from the leave app.
"""

from access.scope import is_active_user, is_director, own_children_at, scope_of


def can_request_leave(user, school):
    """May the user ask for leave at this school? Only a parent with an active child there.

    Staff, superusers included, ask nothing in their role: a staff member who
    is also a parent at the school asks as that parent.
    """
    return own_children_at(user, school).exists()


def can_view_leave_request(user, leave_request):
    """The parent who asked, and the directors and administration of the request's school.

    Not the child's other guardians, not teachers, not another school. The
    request's attachment is exactly as visible as the request.
    """
    if not is_active_user(user) or leave_request is None:
        return False
    if leave_request.requested_by_id == user.pk:
        return True
    scope = scope_of(user)
    return scope.everything or leave_request.school.translation_key in scope.whole_school_keys


def can_review_leave(user):
    """Does the user see a leave review queue: directors and administration of any school."""
    scope = scope_of(user)
    return scope.everything or bool(scope.whole_school_keys)


def reviewable_leave_requests(user, queryset):
    """Filter leave requests down to those of the schools where the user is director or administration."""
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if not scope.whole_school_keys:
        return queryset.none()
    return queryset.filter(school__translation_key__in=scope.whole_school_keys)


def can_decide_leave(user, leave_request):
    """May the user approve, reject, forward or acknowledge this request?

    The directors of the request's school only (Leerplichtwet: the head of
    the school decides). Not the administration, not teachers, not another
    school's director, and not a director about their own request.
    """
    if not is_active_user(user) or leave_request is None:
        return False
    if leave_request.requested_by_id == user.pk:
        return False
    return is_director(user, leave_request.school)


def can_withdraw_leave(user, leave_request):
    """The parent who asked may withdraw a request while it waits for a decision."""
    if not is_active_user(user) or leave_request is None:
        return False
    return leave_request.requested_by_id == user.pk and leave_request.is_pending
