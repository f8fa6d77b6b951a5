"""Consent and photos (the consent part of the policies app).

* A guardian answers the consent questions for their own children who have
  not left school; either guardian may answer (the latest answer counts,
  policies.consent.answers). Staff answer nothing for a family.
* The overview of answers per class and its CSV export: the directors and
  administration of the school (like the roster). Purposes and consent
  settings are school settings: directors only (schoolcalendar.scope).
* Photos: a photo marking a child without portal-photo consent is hidden
  from everyone but staff (who see it marked as hidden). A photo's
  original file is for staff, and for parents only where the school allows
  downloads; renditions follow the page. Which photos are hidden and
  whether a school allows downloads are facts of the consent data, which
  the policies app looks up and hands in.
"""

from access.scope import is_active_user, is_staff_member, managed_schools
from classes.models import Child
from home.models import SchoolPage


def consent_children(user):
    """The children the user answers consent questions for: their own who have not left. A lazy queryset."""
    if not is_active_user(user):
        return Child.objects.none()
    return Child.objects.active().filter(guardianships__user=user).distinct().order_by("first_name", "last_name", "pk")


def consent_overview_schools(user):
    """Schools (default language) whose consent overview and export the user sees: directors and administration."""
    if not is_active_user(user):
        return SchoolPage.objects.none()
    return managed_schools(user)


def can_see_consent_overview(user):
    return consent_overview_schools(user).exists()


def sees_hidden_photos(user):
    """Staff see photos hidden for lack of consent (marked as hidden); parents never."""
    return is_active_user(user) and is_staff_member(user)


def photo_downloads_allowed(user, school_allows_downloads):
    """May the user download photos' original files at a school? Staff always; parents if the school allows it.

    `school_allows_downloads`: a callable without arguments that answers the
    school's consent setting (policies.consent.photos), asked only for parents.
    """
    return sees_hidden_photos(user) or (is_active_user(user) and school_allows_downloads())


def can_view_photo_file(user, original, is_hidden, school_allows_downloads):
    """May the user get this photo's file (on top of `can_view_collection`)?

    Hidden photos (a marked child without consent) are refused to parents,
    originals and renditions alike. The original file is refused to parents
    unless their school allows downloads. `is_hidden` and
    `school_allows_downloads` are callables without arguments (policies.consent.photos
    answers them from the consent data), asked only when the answer depends
    on them: staff cost no query.
    """
    if sees_hidden_photos(user):
        return True
    if is_hidden():
        return False
    return not original or school_allows_downloads()
