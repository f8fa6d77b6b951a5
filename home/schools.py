"""Which school a page or a translated school page stands for, in the site's default language.

Rows that belong to a school (settings, notifications, conversations, consent
purposes) point at the school page in the default language; a translation
(wagtail-localize) is another page with the same translation key. Every app
finds that page here.
"""

from django.conf import settings
from wagtail.models import Page

from home.models import SchoolPage

SCHOOL_PATH_LENGTH = Page.steplen * 2


def default_school(school):
    """The school page in the default language (itself when it is), or None for None."""
    if school is None or school.locale.language_code == settings.LANGUAGE_CODE:
        return school
    source = SchoolPage.objects.filter(
        translation_key=school.translation_key, locale__language_code=settings.LANGUAGE_CODE
    )
    return source.first() or school


def default_language_page(page):
    """The page's translation in the default language (itself when it is), as a plain Page; the page if it has none.

    Reads, answers and authorship belong to that page: translations are copies.
    """
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    source = Page.objects.filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
    return source.first() or page


def school_of_page(page):
    """The school (default language) a page sits in: the first two steps of its path; None above the schools."""
    path = getattr(page, "path", None) or ""
    if len(path) < SCHOOL_PATH_LENGTH:
        return None
    return default_school(SchoolPage.objects.filter(path=path[:SCHOOL_PATH_LENGTH]).select_related("locale").first())
