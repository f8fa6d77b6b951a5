"""Wagtail admin permissions that follow staff roles, kept up to date automatically.

Nobody assigns admin permissions by hand. Each school gets generated groups
(see `classes.models.AdminGroup`):

* directors: the admin, the roster, and full page permissions on every
  translation of the school page (so on the whole school);
* administration: the admin and the roster, but no page permissions (they see
  the whole school on the portal through `access.rules`; they do not publish);
* teachers: the admin only; their page permissions come from
* class teachers, one group per class group: add/change/publish on every
  translation of that class page (so on its subtree).

Who belongs to which group is read from `access.rules.scope_of`, the one
place deciding roles; this module only translates that scope into groups. A
signal re-syncs a user whenever their StaffRole or ClassTeacher rows change,
and a group's page permissions whenever a school or class page (or a
translation of one) is created. When the school year rolls over on
1 August, the task worker re-syncs everything (`roster.tasks`), so class
groups of the past year stop being editable by their teachers;
`manage.py sync_admin_groups` does the same by hand, to repair.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission

from access.rules import forget_scope, scope_of
from accounts.models import User
from classes.models import AdminGroup, ClassPage, ClassTeacher
from classes.schoolyear import school_year_label
from home.models import SchoolPage, StaffRole
from privatemedia.permissions import collections_for_admin_group, grant_collection_permissions

ACCESS_ADMIN = "wagtailadmin.access_admin"

# Model permissions the roster views need (see classes/views.py).
ROSTER_PERMISSIONS = [
    "classes.manage_roster",
    "classes.add_child",
    "classes.change_child",
    "classes.view_child",
    "classes.add_guardianship",
    "classes.change_guardianship",
    "classes.delete_guardianship",
    "classes.view_guardianship",
    "classes.add_enrollment",
    "classes.change_enrollment",
    "classes.delete_enrollment",
    "classes.view_enrollment",
    "home.add_staffrole",
    "home.change_staffrole",
    "home.delete_staffrole",
    "home.view_staffrole",
]

# Page permission actions, as Wagtail names them (wagtail.models.pages.PAGE_PERMISSION_TYPES).
ALL_PAGE_ACTIONS = ["add", "bulk_delete", "change", "lock", "publish", "unlock"]
CLASS_TEACHER_PAGE_ACTIONS = ["add", "change", "publish"]
# While a school requires a director's approval of posts (news.approval),
# its class teachers submit instead of publishing.
WITHHELD_WHILE_APPROVAL_REQUIRED = {"publish"}

GROUP_SPEC = {
    # kind: (model permissions, page model, page actions)
    AdminGroup.DIRECTORS: ([ACCESS_ADMIN, *ROSTER_PERMISSIONS], SchoolPage, ALL_PAGE_ACTIONS),
    AdminGroup.ADMINISTRATION: ([ACCESS_ADMIN, *ROSTER_PERMISSIONS], SchoolPage, []),
    AdminGroup.TEACHERS: ([ACCESS_ADMIN], SchoolPage, []),
    AdminGroup.CLASS_TEACHERS: ([ACCESS_ADMIN], ClassPage, CLASS_TEACHER_PAGE_ACTIONS),
}

KIND_OF_ROLE = {
    StaffRole.DIRECTOR: AdminGroup.DIRECTORS,
    StaffRole.ADMINISTRATION: AdminGroup.ADMINISTRATION,
    StaffRole.TEACHER: AdminGroup.TEACHERS,
}

GROUP_NAME_MAX = Group._meta.get_field("name").max_length


# Groups ----------------------------------------------------------------------


def _permissions(names):
    """Permission rows for "app_label.codename" names, in one query."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    rows = Permission.objects.filter(codename__in=[codename for _, codename in wanted]).select_related("content_type")
    found = [p for p in rows if (p.content_type.app_label, p.codename) in wanted]
    if len(found) != len(wanted):
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        raise LookupError(f"Permissions missing (migrations not run?): {sorted(missing)}")
    return found


def _page_permissions(actions):
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=[f"{a}_page" for a in actions])
    )


def _source_page(model, translation_key):
    """The page in the default language, or any translation if that is missing."""
    pages = model.objects.filter(translation_key=translation_key)
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first() or pages.first()


def _group_name(kind, page):
    """A readable, unique group name in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        if kind == AdminGroup.CLASS_TEACHERS:
            school = page.get_parent()
            name = gettext("%(school)s: teachers of %(class)s %(year)s") % {
                "school": school.title,
                "class": page.title,
                "year": school_year_label(page.specific.school_year),
            }
        else:
            label = {
                AdminGroup.DIRECTORS: gettext("directors"),
                AdminGroup.ADMINISTRATION: gettext("administration"),
                AdminGroup.TEACHERS: gettext("teachers"),
            }[kind]
            name = f"{page.title}: {label}"
    suffix = f" [{str(page.translation_key)[:8]}]"
    return name[: GROUP_NAME_MAX - len(suffix)] + suffix


def group_for(kind, translation_key):
    """The generated group for a school or class group, created when missing."""
    link = AdminGroup.objects.select_related("group").filter(kind=kind, translation_key=translation_key).first()
    if link is not None:
        return link.group
    page = _source_page(GROUP_SPEC[kind][1], translation_key)
    if page is None:
        return None
    group = Group.objects.create(name=_group_name(kind, page))
    link = AdminGroup.objects.create(group=group, kind=kind, translation_key=translation_key)
    refresh_group(link)
    return group


# Whether a page's school makes class teachers ask a director's approval
# before a post goes live: callable(page) -> bool, registered by the news app
# (news.approval), which this module does not know.
_approval_checks = []


def register_approval_check(check):
    """Let an app withhold "publish" from class teachers where its approval rule says so."""
    if check not in _approval_checks:
        _approval_checks.append(check)


def page_actions_for(kind, pages):
    """The page actions a generated group holds on `pages` (every translation of its page).

    Class teachers lose "publish" while their school requires a director's
    approval of posts (a registered check: news.approval.approval_required).
    """
    actions = GROUP_SPEC[kind][2]
    if kind == AdminGroup.CLASS_TEACHERS and pages:
        if any(check(pages[0]) for check in _approval_checks):
            actions = [action for action in actions if action not in WITHHELD_WHILE_APPROVAL_REQUIRED]
    return actions


def refresh_group(link):
    """Set exactly the permissions a generated group should have. Idempotent."""
    model_perms, page_model, _actions = GROUP_SPEC[link.kind]
    group = link.group
    group.permissions.set(_permissions(model_perms))

    pages = list(page_model.objects.filter(translation_key=link.translation_key))
    page_actions = page_actions_for(link.kind, pages)
    wanted = {(page.pk, perm.pk) for page in pages for perm in _page_permissions(page_actions)}
    existing = {(gpp.page_id, gpp.permission_id): gpp.pk for gpp in GroupPagePermission.objects.filter(group=group)}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    GroupPagePermission.objects.filter(pk__in=stale).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=perm_id)
            for page_id, perm_id in wanted - set(existing)
        ]
    )
    # Media permissions (images, documents, videos) on the group's collections.
    grant_collection_permissions(group, collections_for_admin_group(link.kind, link.translation_key))

    if pages:
        source = _source_page(page_model, link.translation_key)
        name = _group_name(link.kind, source)
        if group.name != name and not Group.objects.filter(name=name).exclude(pk=group.pk).exists():
            group.name = name
            group.save(update_fields=["name"])


def refresh_groups_of_page(page):
    """Re-apply page permissions after a school or class page (or a translation) appeared."""
    for link in AdminGroup.objects.select_related("group").filter(translation_key=page.translation_key):
        refresh_group(link)


def refresh_class_teacher_groups(school):
    """Re-apply the class teachers' permissions of every class group of a school (any translation).

    Called when the school's approval setting changes (news.approval).
    """
    school_paths = SchoolPage.objects.filter(translation_key=school.translation_key).values_list("path", flat=True)
    class_keys = set()
    for path in school_paths:
        class_keys.update(
            ClassPage.objects.filter(path__startswith=path, depth=len(path) // SchoolPage.steplen + 1).values_list(
                "translation_key", flat=True
            )
        )
    links = AdminGroup.objects.select_related("group").filter(
        kind=AdminGroup.CLASS_TEACHERS, translation_key__in=class_keys
    )
    for link in links:
        refresh_group(link)


# Members ---------------------------------------------------------------------


def wanted_groups(user):
    """(kind, translation key) of every generated group the user belongs in."""
    forget_scope(user)
    scope = scope_of(user)
    wanted = set()
    for school_key, roles in scope.roles.items():
        for role in roles:
            wanted.add((KIND_OF_ROLE[role], school_key))
    for class_key in scope.taught_class_keys:
        wanted.add((AdminGroup.CLASS_TEACHERS, class_key))
    return wanted


def sync_user(user):
    """Put the user in exactly the generated groups their roles call for.

    Groups not generated by this module (made by hand by a superuser) are
    left alone.
    """
    wanted = set()
    for kind, key in wanted_groups(user):
        group = group_for(kind, key)
        if group is not None:
            wanted.add(group.pk)
    current = set(user.groups.filter(roster_source__isnull=False).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    # Django and Wagtail cache permissions on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)
    forget_scope(user)


def sync_all():
    """Rebuild every generated group and membership. Safe to run any time."""
    with transaction.atomic():
        for link in AdminGroup.objects.select_related("group"):
            page_model = GROUP_SPEC[link.kind][1]
            if not page_model.objects.filter(translation_key=link.translation_key).exists():
                link.group.delete()  # the school or class is gone; cascades to the link
            else:
                refresh_group(link)

        users = User.objects.filter(
            Q(pk__in=StaffRole.objects.values("user"))
            | Q(pk__in=ClassTeacher.objects.values("user"))
            | Q(groups__roster_source__isnull=False)
        ).distinct()
        for user in users:
            sync_user(user)


# Signals ---------------------------------------------------------------------


def _users_of_class(translation_key):
    return User.objects.filter(teacher_assignments__page__translation_key=translation_key).distinct()


def _remember_previous_user(sender, instance, **kwargs):
    """Note who a role belonged to before an edit, so they lose its groups too."""
    instance._previous_user_id = None
    if instance.pk:
        instance._previous_user_id = sender.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()


def _sync_role_holder(sender, instance, **kwargs):
    user_ids = {instance.user_id, getattr(instance, "_previous_user_id", None)} - {None}
    for user in User.objects.filter(pk__in=user_ids):
        sync_user(user)


def _page_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        refresh_groups_of_page(instance)
    if isinstance(instance, ClassPage):
        # A new translation, or a changed school year, changes who teaches it now.
        for user in _users_of_class(instance.translation_key):
            sync_user(user)


def connect_signals():
    for model in (StaffRole, ClassTeacher):
        pre_save.connect(_remember_previous_user, sender=model, dispatch_uid=f"admin_groups_pre_{model.__name__}")
        post_save.connect(_sync_role_holder, sender=model, dispatch_uid=f"admin_groups_save_{model.__name__}")
        post_delete.connect(_sync_role_holder, sender=model, dispatch_uid=f"admin_groups_delete_{model.__name__}")
    for model in (SchoolPage, ClassPage):
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"admin_groups_page_{model.__name__}")
