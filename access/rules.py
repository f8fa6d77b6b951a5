"""Who may see and do what: the one module that decides.

Every view, listing, search, menu, media file, feed and export asks this
module; nothing else in the project compares users with pages.

The rules
---------
* Parents see the school-wide group of every school where they have a child
  who has not left, and the class groups of their children in the current
  school year.
* Teachers see the school-wide group of their school and the class groups
  they teach.
* Directors and administration see everything of their school.
* Nobody sees another school's pages, and a user with no role sees nothing.
* A page's parents (`parents_who_see`) are the guardians of the children it
  is for; they are who reads and answers a post. Who read and answered what,
  parent by parent, is for the staff responsible for the page's group
  (`can_follow_up`); other staff of the school see totals only.

How a page is placed
--------------------
Schools hang directly under the tree root (depth 2) and class groups directly
under a school (depth 3); `SchoolPage.parent_page_types` and
`ClassPage.parent_page_types` guarantee it. So the first two path steps of any
page name its school, and the first three name its group: a class group, or
some school-wide page. That lets one SQL filter decide for a whole listing,
and lets a single page be decided without walking its ancestors.

Translations (wagtail-localize) are separate pages with their own paths; the
scope holds the paths of every translation of a visible school or class.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from wagtail.models import Page

from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import SchoolPage, StaffRole

SCHOOL_PATH_LENGTH = Page.steplen * 2
GROUP_PATH_LENGTH = Page.steplen * 3

WHOLE_SCHOOL_ROLES = {StaffRole.DIRECTOR, StaffRole.ADMINISTRATION}


@dataclass(frozen=True)
class Scope:
    """What one user may see. Computed once per request (see `scope_of`)."""

    everything: bool = False
    # Schools (by translation key) where the user sees every page.
    whole_school_keys: frozenset = frozenset()
    # Schools whose school-wide pages the user sees.
    school_keys: frozenset = frozenset()
    # Class groups the user sees, and those of them the user teaches.
    class_keys: frozenset = frozenset()
    taught_class_keys: frozenset = frozenset()
    # Roles per school translation key: {key: {"director", ...}}.
    roles: dict = field(default_factory=dict)
    # Paths of every translation of the schools and classes above.
    whole_school_paths: frozenset = frozenset()
    school_paths: frozenset = frozenset()
    class_paths: frozenset = frozenset()
    # Paths of every translation of the schools where the user has a staff
    # role, and of the class groups they teach this school year.
    staff_school_paths: frozenset = frozenset()
    taught_class_paths: frozenset = frozenset()

    @property
    def is_member(self):
        """True when the user belongs anywhere: a role, or a child at a school."""
        return self.everything or bool(self.school_keys or self.whole_school_keys)


NO_SCOPE = Scope()


def scope_of(user):
    """The user's scope, cached on the user object for this request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_access_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._access_scope = cached
    return cached


def forget_scope(user):
    """Drop the cached scope, after the user's roster changed within a request."""
    user.__dict__.pop("_access_scope", None)


def _compute_scope(user):
    if user.is_superuser:
        return Scope(everything=True)

    roles = {}
    for role, school_key in StaffRole.objects.filter(user=user).values_list(
        "role", "school__translation_key"
    ):
        roles.setdefault(school_key, set()).add(role)
    whole_school_keys = {key for key, rs in roles.items() if rs & WHOLE_SCHOOL_ROLES}
    school_keys = set(roles)
    staff_school_paths = _paths(SchoolPage, school_keys)

    # A teacher sees a class group they teach this school year, as long as
    # they still have a role at that class group's school.
    this_year = current_school_year()
    taught_class_keys = {
        key
        for key, path in ClassTeacher.objects.filter(user=user, page__school_year=this_year).values_list(
            "page__translation_key", "page__path"
        )
        if path[:SCHOOL_PATH_LENGTH] in staff_school_paths
    }
    class_keys = set(taught_class_keys)

    active_children = Child.objects.active().filter(guardianships__user=user)
    school_keys.update(active_children.values_list("school__translation_key", flat=True))
    class_keys.update(
        Enrollment.objects.filter(child__in=active_children, school_year=this_year).values_list(
            "class_page__translation_key", flat=True
        )
    )

    class_paths_by_key = _paths_by_key(ClassPage, class_keys)
    return Scope(
        whole_school_keys=frozenset(whole_school_keys),
        school_keys=frozenset(school_keys),
        class_keys=frozenset(class_keys),
        taught_class_keys=frozenset(taught_class_keys),
        roles={key: frozenset(rs) for key, rs in roles.items()},
        whole_school_paths=_paths(SchoolPage, whole_school_keys),
        school_paths=_paths(SchoolPage, school_keys),
        class_paths=frozenset(path for paths in class_paths_by_key.values() for path in paths),
        staff_school_paths=staff_school_paths,
        taught_class_paths=frozenset(path for key in taught_class_keys for path in class_paths_by_key.get(key, ())),
    )


def _paths(model, translation_keys):
    """Tree paths of every translation of the given pages."""
    if not translation_keys:
        return frozenset()
    return frozenset(model.objects.filter(translation_key__in=translation_keys).values_list("path", flat=True))


def _paths_by_key(model, translation_keys):
    """{translation key: paths of every translation} of the given pages, in one query."""
    found = {}
    if translation_keys:
        for key, path in model.objects.filter(translation_key__in=translation_keys).values_list("translation_key", "path"):
            found.setdefault(key, set()).add(path)
    return found


# Seeing pages -------------------------------------------------------------


def can_view_page(user, page):
    """May the user see this page (and so anything attached to it)?"""
    scope = scope_of(user)
    if scope.everything:
        return True
    if page.depth < 2:
        return False
    school_path = page.path[:SCHOOL_PATH_LENGTH]
    group_path = page.path[:GROUP_PATH_LENGTH]
    if school_path in scope.whole_school_paths:
        return True
    if page.depth >= 3 and group_path in scope.class_paths:
        return True
    if school_path not in scope.school_paths:
        return False
    # The school is visible; the page is school-wide unless it sits in a
    # class group (one the user does not see, since class_paths missed it).
    return page.depth == 2 or not ClassPage.objects.filter(path=group_path).exists()


def can_view_collection(user, collection):
    """May the user see the media (images, renditions, documents, videos) in a collection?

    A collection belongs to one page group (privatemedia.GroupCollection);
    its media are exactly as visible as that group's page. A collection of no
    group (e.g. Wagtail's root) is for superusers only. `collection` is a
    Collection or its id.
    """
    scope = scope_of(user)
    if scope.everything:
        return True
    if not scope.is_member or collection is None:
        return False
    collection_id = getattr(collection, "pk", collection)
    page = Page.objects.filter(media_collection_link__collection_id=collection_id).only("path", "depth").first()
    return page is not None and can_view_page(user, page)

def visible_pages(user, queryset=None):
    """Filter a page queryset down to what the user may see, in one SQL query.

    Listings, search results, menus and feeds pass their queryset through here.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if not scope.is_member:
        return queryset.none()
    class_group_paths = ClassPage.objects.values("path")
    condition = Q(_school_path__in=scope.whole_school_paths) | Q(_group_path__in=scope.class_paths)
    condition |= Q(_school_path__in=scope.school_paths) & ~Q(_group_path__in=Subquery(class_group_paths))
    return queryset.annotate(
        _school_path=Substr("path", 1, SCHOOL_PATH_LENGTH),
        _group_path=Substr("path", 1, GROUP_PATH_LENGTH),
    ).filter(condition, depth__gte=2)


def visible_schools(user):
    """The school pages (all locales) whose school-wide group the user sees."""
    return visible_pages(user, SchoolPage.objects.all())


def visible_classes(user):
    """The class group pages (all locales) the user sees."""
    return visible_pages(user, ClassPage.objects.all())


# The parents of a page, and who follows up on them --------------------------


def children_of_page(page):
    """The children whose guardians see a page: the pupils a page is for.

    * A page in a class group: the active children (not left school)
      enrolled in that class group in the current school year. A class group
      of another school year has none.
    * A school-wide page: the school's active children.
    * The tree root and anything outside a school: none.

    Every translation of a page has the same children. A lazy queryset (one
    SQL query when evaluated).
    """
    if page is None or page.depth < 2:
        return Child.objects.none()
    school = SchoolPage.objects.filter(path=page.path[:SCHOOL_PATH_LENGTH])
    class_group = ClassPage.objects.filter(path=page.path[:GROUP_PATH_LENGTH]) if page.depth >= 3 else ClassPage.objects.none()
    enrolled = Enrollment.objects.filter(
        class_page__translation_key__in=class_group.values("translation_key"), school_year=current_school_year()
    )
    children = Child.objects.active().filter(school__translation_key__in=school.values("translation_key"))
    # In a class group: its pupils this year. Anywhere else in the school: every pupil.
    return children.filter(Q(pk__in=enrolled.values("child_id")) | ~Exists(class_group))


def parents_who_see(page):
    """The parents who may see a page: its audience, the M of "read by N of M".

    The active accounts that are guardian of one of `children_of_page(page)`:
    for a class group's page the parents of its pupils this school year, for
    a school-wide page the parents of every active child of the school.
    These are exactly the users `can_view_page` lets in as parents (a staff
    member who is also such a guardian is one of them).

    A lazy queryset of users (one SQL query when evaluated), so a caller can
    count it, list it, or test one user with `.filter(pk=...)`.
    """
    guardians = Guardianship.objects.filter(child__in=children_of_page(page)).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=guardians)


def is_parent_who_sees(user, page):
    """Is the user one of the page's parents (`parents_who_see`)? One query.

    Only they read a post "as a parent" and answer its invitation; staff
    read posts too, but their reads are not recorded and they do not answer.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return parents_who_see(page).filter(pk=user.pk).exists()


def can_follow_up(user, page):
    """May the user see, parent by parent, who read a page and what they answered?

    The staff responsible for the page's group: directors and administration
    of the school, and for a page in a class group the teachers of that class
    group this school year. Not teachers of other class groups, for a
    school-wide page either: the list names parents (and their children) of
    every class group. Never parents.
    """
    scope = scope_of(user)
    if scope.everything:
        return True
    if page is None or page.depth < 3:
        return False
    if page.path[:SCHOOL_PATH_LENGTH] in scope.whole_school_paths:
        return True
    return page.path[:GROUP_PATH_LENGTH] in scope.taught_class_paths


def can_see_response_totals(user, page):
    """May the user see the totals (read by N of M, yes/no/maybe) of a page, without names?

    Those who follow up on it (`can_follow_up`), and any other staff member
    of the page's school who may see the page, e.g. a teacher looking at a
    school-wide post. Never parents.
    """
    if can_follow_up(user, page):
        return True
    if page is None or page.depth < 3:
        return False
    scope = scope_of(user)
    return page.path[:SCHOOL_PATH_LENGTH] in scope.staff_school_paths and can_view_page(user, page)


# Roles and actions --------------------------------------------------------


def roles_at(user, school):
    """The user's staff roles at a school: a set of StaffRole.* values."""
    scope = scope_of(user)
    return scope.roles.get(school.translation_key, frozenset())


def is_staff_member(user):
    """Does the user work at any school (and so may use the Wagtail admin)?"""
    scope = scope_of(user)
    return scope.everything or bool(scope.roles)


def is_director(user, school):
    return scope_of(user).everything or StaffRole.DIRECTOR in roles_at(user, school)


def can_manage_roster(user, school):
    """Directors and administration manage classes, children and guardians."""
    return scope_of(user).everything or bool(roles_at(user, school) & WHOLE_SCHOOL_ROLES)


def managed_schools(user):
    """Schools (source locale) whose roster the user manages."""
    scope = scope_of(user)
    schools = SchoolPage.objects.filter(locale__language_code=_default_language())
    if scope.everything:
        return schools
    return schools.filter(translation_key__in=scope.whole_school_keys)


def visible_children(user):
    """Children the user may see: their own, their pupils, or their school's."""
    scope = scope_of(user)
    if scope.everything:
        return Child.objects.all()
    own = Q(guardianships__user=user)
    school = Q(school__translation_key__in=scope.whole_school_keys)
    taught = Q(
        enrollments__class_page__translation_key__in=scope.taught_class_keys,
        enrollments__school_year=current_school_year(),
    )
    return Child.objects.filter(own | school | taught).distinct()


def _default_language():
    from django.conf import settings

    return settings.LANGUAGE_CODE


# Absence reports (attendance) ---------------------------------------------
#
# * A parent reports absences of their own active children at a school, and
#   sees and closes ("recovered") their own children's reports. Being staff
#   does not let anyone report for a family.
# * Staff see reports in the admin: teachers those of the class groups they
#   teach this school year, directors and administration their whole
#   school. Nobody sees another school's reports.
# * Told of a report: the teachers of the child's class group, the school's
#   administration and every guardian of the child.
#
# attendance.models is imported inside the functions: this module is loaded
# while the apps' models are (privatemedia, news), before attendance's.


def _absence_reports():
    from attendance.models import AbsenceReport

    return AbsenceReport.objects.all()


def _is_active_user(user):
    return user is not None and user.is_authenticated and user.is_active


def reportable_children(user, school):
    """The children the user may report absent at a school: their own children there who have not left.

    `school` is a SchoolPage in any language. A lazy queryset; empty for
    anyone who is not a guardian there (staff and superusers included).
    """
    if not _is_active_user(user) or school is None:
        return Child.objects.none()
    return Child.objects.active().filter(guardianships__user=user, school__translation_key=school.translation_key)


def can_report_absence(user, school):
    """May the user report an absence at this school? Only a guardian of an active child there."""
    return reportable_children(user, school).exists()


def own_absence_reports(user, school=None):
    """The absence reports of the user's own children (at one school, if given): what a parent sees.

    Only children the user is guardian of, whoever reported; never another
    family's. A lazy queryset.
    """
    if not _is_active_user(user):
        return _absence_reports().none()
    reports = _absence_reports().filter(child__guardianships__user=user)
    if school is not None:
        reports = reports.filter(school__translation_key=school.translation_key)
    return reports


def can_report_recovered(user, report):
    """May the user close this sick report as recovered?

    A guardian of the child, while the child is at the school and the report
    is still open. Staff do not close parents' reports.
    """
    if report is None or not report.is_open:
        return False
    return reportable_children(user, report.school).filter(pk=report.child_id).exists()


def can_see_absences(user):
    """May the user open the absence overview in the admin (list, export, dashboard panel)?

    Staff of any school (and superusers); what they see in it is
    `absence_reports_for_staff`. Parents never: they see their own reports on
    the absence page.
    """
    return is_staff_member(user)


def absence_reports_for_staff(user, queryset=None):
    """Filter absence reports down to what the user sees as staff, in one SQL query.

    Directors and administration: every report of their school. Teachers:
    the reports of the class groups they teach this school year (as stored
    on the report: the child's group in the year of the absence). Superusers:
    everything. Anyone else: nothing, even for their own children (they use
    `own_absence_reports`).
    """
    reports = _absence_reports() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return reports
    if not scope.roles:
        return reports.none()
    return reports.filter(
        Q(school__translation_key__in=scope.whole_school_keys)
        | Q(class_page__translation_key__in=scope.taught_class_keys, school__translation_key__in=list(scope.roles))
    )


def told_of_absence(report):
    """Who is told of a report (and of its recovery): a lazy queryset of active users.

    * the teachers of the child's class group (as stored on the report), as
      long as they still have a role at the school;
    * the school's administration;
    * every guardian of the child.

    Directors are not mailed (they see the whole school in the admin).
    """
    school_key = report.school.translation_key
    staff_here = StaffRole.objects.filter(school__translation_key=school_key)
    administration = staff_here.filter(role=StaffRole.ADMINISTRATION).values("user_id")
    condition = Q(pk__in=administration) | Q(pk__in=Guardianship.objects.filter(child_id=report.child_id).values("user_id"))
    if report.class_page_id is not None:
        teachers = ClassTeacher.objects.filter(
            page__translation_key=report.class_page.translation_key, user__in=staff_here.values("user_id")
        ).values("user_id")
        condition |= Q(pk__in=teachers)
    return get_user_model().objects.filter(condition, is_active=True)


# Leave requests (leave app) -----------------------------------------------
#
# A parent asks for leave for their own children at one school; the request
# is seen by that parent and by the school's directors and administration,
# and decided by its directors only. Requests are passed in as objects with
# `requested_by_id`, `school` (a SchoolPage) and `status`, so this module
# needs nothing from the leave app.


def own_children_at(user, school):
    """The user's own children at `school` (any translation) who have not left.

    The only children a parent may ask leave for (or report absent): a
    lazy queryset, empty for anyone who is not their guardian.
    """
    if user is None or not user.is_authenticated or not user.is_active or school is None:
        return Child.objects.none()
    return Child.objects.active().filter(guardianships__user=user, school__translation_key=school.translation_key)


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
    if user is None or not user.is_authenticated or not user.is_active or leave_request is None:
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
    if user is None or not user.is_authenticated or not user.is_active or leave_request is None:
        return False
    if leave_request.requested_by_id == user.pk:
        return False
    return is_director(user, leave_request.school)


def can_withdraw_leave(user, leave_request):
    """The parent who asked may withdraw a request while it waits for a decision."""
    if user is None or not user.is_authenticated or leave_request is None:
        return False
    from leave.rules import PENDING

    return leave_request.requested_by_id == user.pk and leave_request.status in PENDING


# Conversations ------------------------------------------------------------
#
# * A parent starts a conversation about one of their own active children,
#   with the child's class teachers of this school year (who still have a
#   role at the school) and/or the school's directors; they may include the
#   child's other guardians or leave them out (separated parents).
# * Staff start one with the guardians of a child they teach this school
#   year; directors with the guardians of any active child of their school.
#   Staff may add the colleagues a parent could write to about that child
#   (its class teachers and the directors), for instance the director in a
#   difficult conversation.
# * Only participants see a conversation and its attachments: not the
#   school's other staff, not its directors, not superusers.
# * Participants post while it is open; staff participants close it, after
#   which it is read-only.
# * A participant who no longer belongs (staff without a role at the school
#   any more, a parent who is no longer the child's guardian) keeps their
#   row, so the history stays whole, but sees and hears nothing more.
#
# conversations.models is imported inside the functions (loaded after this
# module). Conversations are passed in as objects with `school`, `child_id`
# and `closed_at`.


def _conversation_participants():
    """Participant rows of users who still belong to their conversation (a lazy queryset)."""
    from conversations.models import Participant

    staff_role = StaffRole.objects.filter(
        user_id=OuterRef("user_id"), school__translation_key=OuterRef("conversation__school__translation_key")
    )
    guardianship = Guardianship.objects.filter(user_id=OuterRef("user_id"), child_id=OuterRef("conversation__child_id"))
    return Participant.objects.filter(
        (Q(role=Participant.STAFF) & Exists(staff_role)) | (Q(role=Participant.PARENT) & Exists(guardianship))
    )


def current_participations(user):
    """The user's Participant rows in conversations they still belong to (a lazy queryset)."""
    if not _is_active_user(user):
        return _conversation_participants().none()
    return _conversation_participants().filter(user=user)


def current_participants(conversation):
    """The conversation's participants who still belong to it: those who see it and are told of it."""
    return _conversation_participants().filter(conversation=conversation)


def staff_addressable_children(user):
    """Active children whose guardians the user may write to as staff (a lazy queryset).

    Teachers: the pupils of the class groups they teach this school year.
    Directors: every active child of their school. Nobody else.
    """
    if not _is_active_user(user):
        return Child.objects.none()
    scope = scope_of(user)
    directed = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    taught = Enrollment.objects.filter(
        class_page__translation_key__in=scope.taught_class_keys, school_year=current_school_year()
    ).values("child_id")
    if not directed and not scope.taught_class_keys:
        return Child.objects.none()
    return Child.objects.active().filter(Q(school__translation_key__in=directed) | Q(pk__in=taught))


def conversation_children(user):
    """The children the user may start a conversation about: their own (as parent) and those they may address as staff."""
    if not _is_active_user(user):
        return Child.objects.none()
    own = Child.objects.active().filter(guardianships__user=user).values("pk")
    staff = staff_addressable_children(user).values("pk")
    return Child.objects.filter(Q(pk__in=own) | Q(pk__in=staff)).select_related("school")


def starts_as_parent(user, child):
    """Does the user start a conversation about this child as its parent (rather than as staff)?"""
    return _is_active_user(user) and child is not None and child.is_active and child.guardianships.filter(user=user).exists()


def staff_a_parent_may_address(child):
    """The staff a parent writes to about `child`: its class teachers this school year and the school's directors.

    Teachers only while they still have a role at the child's school. A lazy
    queryset of active users.
    """
    school_key = child.school.translation_key
    staff_here = StaffRole.objects.filter(school__translation_key=school_key)
    teachers = ClassTeacher.objects.filter(
        page__enrollments__child=child,
        page__enrollments__school_year=current_school_year(),
        user__in=staff_here.values("user_id"),
    ).values("user_id")
    directors = staff_here.filter(role=StaffRole.DIRECTOR).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=teachers) | Q(pk__in=directors), is_active=True)


def guardians_of(child, exclude=None):
    """The child's guardians with an active account (without `exclude`, a user): a lazy queryset."""
    users = get_user_model().objects.filter(is_active=True, guardianships__child=child)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def can_start_conversation(user, child=None):
    """May the user start a conversation (about `child`, when given)?"""
    if child is None:
        return conversation_children(user).exists()
    if starts_as_parent(user, child):
        return staff_a_parent_may_address(child).exclude(pk=user.pk).exists()
    return staff_addressable_children(user).filter(pk=child.pk).exists() and guardians_of(child).exclude(pk=user.pk).exists()


def conversation_recipients(user, child):
    """Whom the user may add to a new conversation about `child`: {"staff": users, "guardians": users}.

    As parent: the staff of `staff_a_parent_may_address` and the child's other
    guardians (to include or leave out). As staff: the child's guardians, and
    as colleagues to add the same staff a parent could write to. Nobody for
    a child the user may not start about.
    """
    none = get_user_model().objects.none()
    if starts_as_parent(user, child) or (child is not None and staff_addressable_children(user).filter(pk=child.pk).exists()):
        return {"staff": staff_a_parent_may_address(child).exclude(pk=user.pk), "guardians": guardians_of(child, exclude=user)}
    return {"staff": none, "guardians": none}


def participation(user, conversation):
    """The user's Participant row in the conversation, or None (one query; cached on the conversation)."""
    if not _is_active_user(user) or conversation is None:
        return None
    cache = conversation.__dict__.setdefault("_participation_cache", {})
    if user.pk not in cache:
        cache[user.pk] = _conversation_participants().filter(conversation=conversation, user=user).first()
    return cache[user.pk]


def can_view_conversation(user, conversation):
    """Participants only: not the school's other staff, its directors or superusers."""
    return participation(user, conversation) is not None


def can_post_in_conversation(user, conversation):
    """Participants, while the conversation is open."""
    return conversation is not None and conversation.closed_at is None and can_view_conversation(user, conversation)


def can_close_conversation(user, conversation):
    """A staff participant, while the conversation is open."""
    if conversation is None or conversation.closed_at is not None:
        return False
    found = participation(user, conversation)
    return found is not None and found.is_staff


def conversations_of(user, queryset=None):
    """Filter conversations down to those the user takes part in (one SQL filter)."""
    from conversations.models import Conversation

    queryset = Conversation.objects.all() if queryset is None else queryset
    if not _is_active_user(user):
        return queryset.none()
    return queryset.filter(Exists(current_participations(user).filter(conversation_id=OuterRef("pk"))))


def can_view_conversation_attachment(user, attachment):
    """An attachment is exactly as visible as its conversation."""
    return attachment is not None and can_view_conversation(user, attachment.message.conversation)



# Reactions and reports (moderation) ----------------------------------------
#
# * Parents react to the posts of their children's class groups, never to
#   school-wide posts, when their school allows reactions and the post has
#   them switched on (`moderation.services.reactions_open`). The staff who
#   follow up on the post (its class teachers, the school's directors) and
#   the post's author may answer there.
# * The post's author (its owner, while they still work at the school and
#   see the post) and the school's directors remove reactions, switch a
#   post's reactions off or on, and handle reports about the post and its
#   reactions. Not the administration, not other teachers.
# * A parent who sees a live post reports it, or a reaction under it that is
#   not their own and still shown.
#
# moderation and news are imported inside the functions, like attendance above.


def _director_school_paths(user):
    """Paths of every translation of the schools the user directs (cached for this request)."""
    cached = user.__dict__.get("_director_school_paths")
    if cached is None:
        keys = {key for key, roles in scope_of(user).roles.items() if StaffRole.DIRECTOR in roles}
        cached = _paths(SchoolPage, keys)
        user.__dict__["_director_school_paths"] = cached
    return cached


def _directs_school_of(user, page):
    scope = scope_of(user)
    return scope.everything or page.path[:SCHOOL_PATH_LENGTH] in _director_school_paths(user)


def is_post_author(user, post):
    """Is the user the author of the post (the owner of its default-language page), still working at its school?"""
    if not _is_active_user(user) or post is None:
        return False
    from news.models import source_post

    return source_post(post).owner_id == user.pk and post.path[:SCHOOL_PATH_LENGTH] in scope_of(user).staff_school_paths


def is_class_post(post):
    """A post in a class group (depth 4: root, school, class group, post), not a school-wide one."""
    return post is not None and post.depth > 3


def can_moderate_post(user, post):
    """The post's author and the school's directors (and superusers), while they see the post."""
    if not _is_active_user(user) or post is None or not can_view_page(user, post):
        return False
    return _directs_school_of(user, post) or is_post_author(user, post)


def can_react(user, post, reaction_settings=None, sees_as_parent=None):
    """May the user write a reaction under this post now?

    Reactions must be open (`moderation.services.reactions_open`: the
    school allows them, a class post, switched on, live). Then the post's
    parents (`is_parent_who_sees`), and the staff who follow up on it or
    wrote it, to answer. `sees_as_parent`: the answer of `is_parent_who_sees`
    when the caller has it already (the post page), to spare a query.
    """
    from moderation.services import reactions_open

    if not _is_active_user(user) or not reactions_open(post, reaction_settings) or not can_view_page(user, post):
        return False
    if sees_as_parent is None:
        sees_as_parent = is_parent_who_sees(user, post)
    return sees_as_parent or can_follow_up(user, post) or is_post_author(user, post)


def can_remove_reaction(user, reaction, may_moderate=None):
    """A reaction still shown is removed by whoever wrote it, or by the post's author and the school's directors.

    `may_moderate`: the answer of `can_moderate_post` for the reaction's post
    when the caller has it already (the post page), to spare queries.
    """
    if reaction is None or reaction.is_removed or not _is_active_user(user):
        return False
    if may_moderate is None:
        may_moderate = can_moderate_post(user, reaction.post)
    return may_moderate or (reaction.author_id == user.pk and can_view_page(user, reaction.post))


def can_see_removed_reactions(user, post):
    """Who sees removed reactions ("removed by X at Y"): those who may moderate the post, and its class's staff."""
    return can_moderate_post(user, post) or can_follow_up(user, post)


def can_switch_reactions(user, post):
    """The post's author and the school's directors switch reactions off (or on) for a class post."""
    return is_class_post(post) and can_moderate_post(user, post)


def can_flag(user, post, reaction=None, sees_as_parent=None):
    """May the user report this live post, or this reaction under it?

    Only the post's parents (`is_parent_who_sees`): staff handle reports,
    they do not make them. Not a reaction of one's own, nor a removed one.
    """
    if not _is_active_user(user) or post is None or not post.live:
        return False
    if reaction is not None and (reaction.is_removed or reaction.author_id == user.pk):
        return False
    if sees_as_parent is None:
        sees_as_parent = is_parent_who_sees(user, post)
    return sees_as_parent


def can_handle_flag(user, flag):
    """The flagged post's author and its school's directors (see `can_moderate_post`)."""
    return flag is not None and can_moderate_post(user, flag.post)


def flags_for(user, queryset=None):
    """Filter reports down to those the user handles, in one SQL query.

    Directors: every report of their school. A teacher: the reports about
    posts they wrote at a school where they still work and that they still
    see. Superusers: everything. Anyone else (parents included): nothing.
    """
    from moderation.models import Flag
    from news.models import PostPage

    flags = Flag.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return flags
    if not _is_active_user(user) or not scope.roles:
        return flags.none()
    director_keys = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    own_posts = visible_pages(user, PostPage.objects.filter(owner=user)).values("pk")
    return flags.filter(
        Q(school__translation_key__in=director_keys)
        | Q(school__translation_key__in=list(scope.roles), post__in=Subquery(own_posts))
    )


# Consent and photos (policies app) ------------------------------------------
#
# * A guardian answers the consent questions for their own children who have
#   not left school; either guardian may answer (the latest answer counts,
#   policies.consent). Staff answer nothing for a family.
# * The overview of answers per class and its CSV export: the directors and
#   administration of the school (like the roster). Purposes and consent
#   settings are school settings: directors only (schoolcalendar.scope).
# * Photos: a photo marking a child without portal-photo consent is hidden
#   from everyone but staff (who see it marked as hidden). A photo's
#   original file is for staff, and for parents only where the school allows
#   downloads; renditions follow the page. policies.models is imported inside
#   the functions (this module loads before that app's models).


def consent_children(user):
    """The children the user answers consent questions for: their own who have not left. A lazy queryset."""
    if not _is_active_user(user):
        return Child.objects.none()
    return Child.objects.active().filter(guardianships__user=user).distinct().order_by("first_name", "last_name", "pk")


def can_answer_consent(user, child):
    return child is not None and consent_children(user).filter(pk=child.pk).exists()


def consent_overview_schools(user):
    """Schools (default language) whose consent overview and export the user sees: directors and administration."""
    if not _is_active_user(user):
        return SchoolPage.objects.none()
    return managed_schools(user)


def can_see_consent_overview(user):
    return consent_overview_schools(user).exists()


def sees_hidden_photos(user):
    """Staff see photos hidden for lack of consent (marked as hidden); parents never."""
    return _is_active_user(user) and is_staff_member(user)


def hidden_photo_ids(user, image_ids):
    """The ids among `image_ids` that the user may not see for lack of consent. One query, none for staff."""
    if sees_hidden_photos(user):
        return set()
    from policies.photos import hidden_image_ids

    return hidden_image_ids(image_ids)


def without_hidden_photos(user, images):
    """Filter an image queryset down to the photos not hidden from the user (one SQL condition)."""
    if sees_hidden_photos(user):
        return images
    from policies.photos import hidden_image_ids_query

    return images.exclude(pk__in=hidden_image_ids_query())


def _school_key_of_collection(collection_id):
    page = Page.objects.filter(media_collection_link__collection_id=collection_id).only("path").first()
    if page is None:
        return None
    return SchoolPage.objects.filter(path=page.path[:SCHOOL_PATH_LENGTH]).values_list("translation_key", flat=True).first()


def _school_allows_downloads(school_key):
    """Does the school (by translation key) let parents download photos' original files?"""
    from policies.models import ConsentSettings

    # No settings row yet: the default (downloads allowed) holds.
    return not ConsentSettings.objects.filter(school__translation_key=school_key, photo_downloads=False).exists()


def photo_downloads_allowed(user, school):
    """May the user download photos' original files at this school? Staff always; parents if the school allows it."""
    if school is None:
        return False
    if sees_hidden_photos(user):
        return True
    return _school_allows_downloads(school.translation_key)


def can_view_photo_file(user, image_id, collection_id, original):
    """May the user get this photo's file (on top of `can_view_collection`)?

    Hidden photos (a marked child without consent) are refused to parents,
    originals and renditions alike. The original file is refused to parents
    unless their school allows downloads.
    """
    if sees_hidden_photos(user):
        return True
    if hidden_photo_ids(user, [image_id]):
        return False
    if not original:
        return True
    school_key = _school_key_of_collection(collection_id)
    return school_key is not None and _school_allows_downloads(school_key)


# Policies and the code of conduct (policies app) ---------------------------
#
# * A school's policy pages are school-wide pages: every member of the school
#   reads them (`can_view_page`), nobody of another school.
# * When a version must be accepted, it is asked of the school's parents
#   (`parents_who_see` of the policy page), never of staff: a staff member
#   works in the admin, also if they are a parent at the school.
# * Who accepted what, parent by parent, is for the directors and
#   administration of the policy's school (and superusers); not teachers.
#
# Policy pages and versions are passed in as objects with `path` (a page)
# or `school` (a PolicyVersion); policies.models is imported inside the
# functions.


def is_asked_to_accept_policies(user):
    """Is the user someone who is asked to accept policies: a parent at a school, with no staff role?"""
    if not _is_active_user(user):
        return False
    scope = scope_of(user)
    return scope.is_member and not scope.everything and not scope.roles


def asked_to_accept_policy(page):
    """The users asked to accept a policy page's versions: its parents without a staff role. A lazy queryset."""
    staff = StaffRole.objects.values("user_id")
    return parents_who_see(page).filter(is_superuser=False).exclude(pk__in=staff)


def can_follow_policy_acceptance(user, school):
    """May the user see, parent by parent, who accepted a policy of this school? Directors and administration."""
    scope = scope_of(user)
    if scope.everything:
        return True
    return school is not None and school.translation_key in scope.whole_school_keys


def can_see_policy_overview(user):
    """Does the user have the acceptance overview in the admin: directors and administration of any school."""
    scope = scope_of(user)
    return _is_active_user(user) and (scope.everything or bool(scope.whole_school_keys))


def policy_versions_for_staff(user, queryset=None):
    """Filter policy versions down to those of the schools where the user is director or administration."""
    if queryset is None:
        from policies.models import PolicyVersion

        queryset = PolicyVersion.objects.all()
    scope = scope_of(user)
    if not _is_active_user(user):
        return queryset.none()
    if scope.everything:
        return queryset
    return queryset.filter(school__translation_key__in=scope.whole_school_keys)


# Insights -----------------------------------------------------------------
#
# How the portal is used (the insights app): counts per class group and per
# month, never a name. Still, the figures describe a whole school (who logs
# in, how much is read, when staff work), so they are for the school's
# directors only (and superusers): not administration, not teachers, never
# parents, and never another school's director.


def insights_schools(user):
    """Schools (default language) whose usage figures the user may see: a lazy queryset."""
    if not _is_active_user(user):
        return SchoolPage.objects.none()
    scope = scope_of(user)
    schools = SchoolPage.objects.filter(locale__language_code=_default_language())
    if scope.everything:
        return schools
    directed = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    return schools.filter(translation_key__in=directed)


def can_view_insights(user, school):
    """May the user see the usage figures (dashboard and export) of this school (any translation)?"""
    if not _is_active_user(user) or school is None:
        return False
    return scope_of(user).everything or StaffRole.DIRECTOR in roles_at(user, school)


def can_view_any_insights(user):
    """Does the user direct any school (or is a superuser)? From the cached scope, no query: for the menu."""
    if not _is_active_user(user):
        return False
    scope = scope_of(user)
    return scope.everything or any(StaffRole.DIRECTOR in roles for roles in scope.roles.values())
