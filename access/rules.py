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

from django.db.models import Q, Subquery
from django.db.models.functions import Substr
from wagtail.models import Page

from classes.models import Child, ClassPage, ClassTeacher, Enrollment
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

    return Scope(
        whole_school_keys=frozenset(whole_school_keys),
        school_keys=frozenset(school_keys),
        class_keys=frozenset(class_keys),
        taught_class_keys=frozenset(taught_class_keys),
        roles={key: frozenset(rs) for key, rs in roles.items()},
        whole_school_paths=_paths(SchoolPage, whole_school_keys),
        school_paths=_paths(SchoolPage, school_keys),
        class_paths=_paths(ClassPage, class_keys),
    )


def _paths(model, translation_keys):
    """Tree paths of every translation of the given pages."""
    if not translation_keys:
        return frozenset()
    return frozenset(model.objects.filter(translation_key__in=translation_keys).values_list("path", flat=True))


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
