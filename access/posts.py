"""Seeing pages (schools, class groups, posts) and media, and the audience of a page.

A page's parents (`parents_who_see`) are who reads and answers a post; the
staff responsible for its group follow up on them (`can_follow_up`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q
from django.utils import timezone
from wagtail.models import Page

from access.scope import (
    GROUP_PATH_LENGTH,
    SCHOOL_PATH_LENGTH,
    cached_for_roster,
    is_active_user,
    paths_range,
    scope_of,
)
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import SchoolPage


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
    # Ranges of the indexed path column only, no expressions: the planner uses
    # the index, and Wagtail's search can take the queryset.
    school_wide = paths_range(scope.school_paths - scope.whole_school_paths) & ~paths_range(
        scope.other_class_paths - scope.class_paths
    )
    condition = paths_range(scope.whole_school_paths) | paths_range(scope.class_paths) | school_wide
    return queryset.filter(condition, depth__gte=2)


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
    class_group = (
        ClassPage.objects.filter(path=page.path[:GROUP_PATH_LENGTH]) if page.depth >= 3 else ClassPage.objects.none()
    )
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
    """Is the user one of the page's parents (`parents_who_see`)? One query, none on a warm request.

    Only they read a post "as a parent" and answer its invitation; staff
    read posts too, but their reads are not recorded and they do not answer.
    The answer follows from the page's school and class group (the first
    GROUP_PATH_LENGTH characters of its path name both), the roster and the
    day (who has left, which school year), so it is kept in the cache under
    the roster token per group path and day.
    """
    if not is_active_user(user):
        return False
    if page is None or page.depth < 2:
        return False
    parts = (page.path[:GROUP_PATH_LENGTH], timezone.localdate())
    return cached_for_roster(user, "parent_of", parts, lambda: parents_who_see(page).filter(pk=user.pk).exists())


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
