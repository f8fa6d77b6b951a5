"""The base of every rule: who a user is at which school (their scope), and their roles.

Depends only on `home` (schools, staff roles) and `classes` (class groups,
children, guardians, enrolments): every area's rules build on it.

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

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from access.signals import current_token
from classes.models import Child, ClassPage, ClassTeacher, Enrollment
from classes.schoolyear import current_school_year
from home.models import SchoolPage, StaffRole

PATH_MAX_LENGTH = Page._meta.get_field("path").max_length
SCHOOL_PATH_LENGTH = Page.steplen * 2
GROUP_PATH_LENGTH = Page.steplen * 3

WHOLE_SCHOOL_ROLES = {StaffRole.DIRECTOR, StaffRole.ADMINISTRATION}

# What follows from a user's roster is kept at most this long in the cache;
# a roster change replaces it at once anyway (a new token, a new key).
ROSTER_CACHE_SECONDS = 60 * 60


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
    # Paths of every class group page (any school year, every translation) of
    # the schools whose school-wide pages only the user sees: what
    # `visible_pages` leaves out of those schools unless listed in class_paths.
    other_class_paths: frozenset = frozenset()

    @property
    def is_member(self):
        """True when the user belongs anywhere: a role, or a child at a school."""
        return self.everything or bool(self.school_keys or self.whole_school_keys)


NO_SCOPE = Scope()


def scope_of(user):
    """The user's scope: cached on the user object for this request, and in Django's cache between requests.

    The cache key holds the roster's token (access.models.RosterStamp, one
    query), today's date and the school year, so a change of roles, classes,
    children or guardians, a child leaving on a date and the new school year
    each make a new scope at once, in every process.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_access_scope", None)
    if cached is None:
        if user.is_superuser:
            cached = Scope(everything=True)
        else:
            parts = (timezone.localdate().isoformat(), current_school_year())
            cached = cached_for_roster(user, "scope", parts, lambda: _compute_scope(user))
        user._access_scope = cached
    return cached


def forget_scope(user):
    """Drop the scope kept on the user object, after the user's roster changed within a request."""
    user.__dict__.pop("_access_scope", None)
    user.__dict__.pop("_roster_token", None)


def cached_for_roster(user, name, parts, compute):
    """`compute()`, kept in Django's cache per user, roster token and `parts` (e.g. the language).

    For what follows from a user's scope (the scope itself, the menu of their
    groups, the timeline's groups): the token changes with every change it
    depends on (access.signals), so an entry is never stale, and the user in
    the key keeps one family's entry from answering for another.
    """
    key = ":".join(["access", name, str(user.pk), roster_token(user), *(str(part) for part in parts)])
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, ROSTER_CACHE_SECONDS)
    return found


def roster_token(user):
    """The roster's token (access.models.RosterStamp), read once per request and kept on the user object.

    Part of every cache key of what follows from a user's scope (the scope
    itself, the menu of their groups).
    """
    token = user.__dict__.get("_roster_token")
    if token is None:
        token = user.__dict__["_roster_token"] = current_token()
    return token


def _compute_scope(user):
    if user.is_superuser:
        return Scope(everything=True)

    roles = {}
    for role, school_key in StaffRole.objects.filter(user=user).values_list("role", "school__translation_key"):
        roles.setdefault(school_key, set()).add(role)
    whole_school_keys = {key for key, rs in roles.items() if rs & WHOLE_SCHOOL_ROLES}
    school_keys = set(roles)
    staff_school_paths = translation_paths(SchoolPage, school_keys)

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
    school_paths = translation_paths(SchoolPage, school_keys)
    whole_school_paths = translation_paths(SchoolPage, whole_school_keys)
    return Scope(
        whole_school_keys=frozenset(whole_school_keys),
        school_keys=frozenset(school_keys),
        class_keys=frozenset(class_keys),
        taught_class_keys=frozenset(taught_class_keys),
        roles={key: frozenset(rs) for key, rs in roles.items()},
        whole_school_paths=whole_school_paths,
        school_paths=school_paths,
        class_paths=frozenset(path for paths in class_paths_by_key.values() for path in paths),
        staff_school_paths=staff_school_paths,
        taught_class_paths=frozenset(path for key in taught_class_keys for path in class_paths_by_key.get(key, ())),
        other_class_paths=_class_paths_under(school_paths - whole_school_paths),
    )


def path_range(path):
    """The pages at or below `path`, as a range of the indexed `path` column (what `startswith` means).

    Tree paths are made of the digits and capital letters (treebeard's
    alphabet), so no descendant sorts after the path followed by Zs, in SQL
    as in Python; unlike `startswith` or SUBSTR, a range can use the index.
    """
    return Q(path__gte=path, path__lte=path + "Z" * (PATH_MAX_LENGTH - len(path)))


def paths_range(paths):
    """The pages at or below any of `paths`: one indexable range per path (nothing for no paths)."""
    condition = Q(pk__in=[])
    for path in sorted(paths):
        condition |= path_range(path)
    return condition


def _class_paths_under(school_paths):
    if not school_paths:
        return frozenset()
    pages = ClassPage.objects.filter(paths_range(school_paths), depth=3)
    return frozenset(pages.values_list("path", flat=True))


def translation_paths(model, translation_keys):
    """Tree paths of every translation of the given pages."""
    if not translation_keys:
        return frozenset()
    return frozenset(model.objects.filter(translation_key__in=translation_keys).values_list("path", flat=True))


def _paths_by_key(model, translation_keys):
    """{translation key: paths of every translation} of the given pages, in one query."""
    found = {}
    if translation_keys:
        for key, path in model.objects.filter(translation_key__in=translation_keys).values_list(
            "translation_key", "path"
        ):
            found.setdefault(key, set()).add(path)
    return found


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


def directs_any_school(user):
    """Is an active user the director of any school (or a superuser)? From the cached scope, no query: for menus."""
    if not is_active_user(user):
        return False
    scope = scope_of(user)
    return scope.everything or any(StaffRole.DIRECTOR in roles for roles in scope.roles.values())


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
    """Children the user may see: their own, their pupils, or their school's. None for anonymous or inactive users."""
    if not is_active_user(user):
        return Child.objects.none()
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


def own_children_at(user, school):
    """The user's own children at `school` (any translation) who have not left.

    The only children a parent may report absent or ask leave for: a lazy
    queryset, empty for anyone who is not their guardian (staff and
    superusers included).
    """
    if not is_active_user(user) or school is None:
        return Child.objects.none()
    return Child.objects.active().filter(guardianships__user=user, school__translation_key=school.translation_key)


def _default_language():
    return settings.LANGUAGE_CODE


def director_schools(user):
    """Schools (default language) the user directs: where they edit per-school settings and the calendar.

    Superusers direct every school. Administration and teachers none.
    """
    if not is_active_user(user):
        return SchoolPage.objects.none()
    schools = managed_schools(user)
    scope = scope_of(user)
    if scope.everything:
        return schools
    directed = [key for key, roles in scope.roles.items() if StaffRole.DIRECTOR in roles]
    return schools.filter(translation_key__in=directed)


def is_active_user(user):
    """A logged-in user whose account is active: the first condition of most rules."""
    return user is not None and user.is_authenticated and user.is_active
