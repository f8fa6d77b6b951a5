"""Roster querysets scoped to the schools a user manages, and shared roster actions.

Whether a user manages a school is decided by `access.rules`
(`managed_schools`, `can_manage_roster`); this module only turns that answer
into querysets, so every admin view, form and chooser of the roster asks the
same question. A director of one school never gets a row of another school
from here.
"""

from django.db.models import Q

from access.rules import managed_schools
from accounts.invitations import invite
from accounts.models import User
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import StaffRole


def managed_school_keys(user):
    return set(managed_schools(user).values_list("translation_key", flat=True))


def schools_for(user):
    """Schools (default language) the user manages, for choice fields."""
    return managed_schools(user).order_by("title")


def children_for(user):
    return Child.objects.filter(school__translation_key__in=managed_school_keys(user))


def guardianships_for(user):
    return Guardianship.objects.filter(child__school__translation_key__in=managed_school_keys(user))


def parents_for(user):
    """Accounts that are guardian of a child (current or former) at the user's schools."""
    keys = managed_school_keys(user)
    return User.objects.filter(
        pk__in=Guardianship.objects.filter(child__school__translation_key__in=keys).values("user")
    )


def staff_roles_for(user):
    return StaffRole.objects.filter(school__translation_key__in=managed_school_keys(user))


def class_groups_for(user, school_year=None):
    """Class group pages (default language) of the user's schools, this year by default."""
    school_paths = list(managed_schools(user).values_list("path", flat=True))
    if not school_paths:
        return ClassPage.objects.none()
    in_schools = Q()
    for path in school_paths:
        in_schools |= Q(path__startswith=path)
    year = current_school_year() if school_year is None else school_year
    return ClassPage.objects.filter(in_schools, depth=3, school_year=year).order_by("path")


def current_enrollment(child):
    return (
        Enrollment.objects.filter(child=child, school_year=current_school_year()).select_related("class_page").first()
    )


def set_current_class(child, class_page):
    """Enrol the child in a class group for that group's school year (or unenrol with None)."""
    year = current_school_year()
    if class_page is None:
        Enrollment.objects.filter(child=child, school_year=year).delete()
        return
    Enrollment.objects.update_or_create(
        child=child, school_year=class_page.school_year, defaults={"class_page": class_page}
    )


def find_user_by_email(email):
    return User.objects.filter(email__iexact=email.strip()).first()


def get_or_create_person(email, first_name, last_name, language=None):
    """The account with this e-mail address, created when missing: (user, created).

    An existing account keeps its names: it may belong to a parent or teacher
    at another school, whose details this school does not own.
    """
    user = find_user_by_email(email)
    if user is not None:
        return user, False
    extra = {"preferred_language": language} if language else {}
    user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name, **extra)
    return user, True


def invite_new_account(user):
    """Invite a person whose account the school just made.

    `accounts.invitations.invite` records the invitation in the current
    transaction and sends the mail only after it commits, so a roster change
    that rolls back invites nobody.
    """
    invite(user)
