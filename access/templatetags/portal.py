"""Template tags for the portal's pages: listings that go through `access.rules`.

Templates never walk `page.get_children` themselves: every listing here asks
`visible_pages` (one SQL filter for the whole list), so nobody sees a title of
a page they may not open, and a listing costs the same queries however long
it is.
"""

from django import template
from django.conf import settings

from access.rules import visible_classes, visible_pages
from classes.models import ClassTeacher
from classes.schoolyear import current_school_year
from home.models import InfoPage

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def visible_class_groups(context, school):
    """This school year's class groups at the school that the user may see, in tree order."""
    classes = visible_classes(_user(context)).live().child_of(school).filter(school_year=current_school_year())
    return list(classes.order_by("path"))


@register.simple_tag(takes_context=True)
def visible_info_pages(context, parent):
    """The information pages directly under `parent` that the user may see, in tree order."""
    pages = visible_pages(_user(context), InfoPage.objects.live().child_of(parent))
    return list(pages.order_by("path"))


@register.simple_tag
def class_teachers(class_page):
    """The teachers of a class group, in the order the school set, in one query.

    Teachers are chosen on the Dutch page; a translation holds a copy made when
    it was last synced, so the Dutch rows win and the page's own rows are the
    fallback for a class group that exists only in another language.
    """
    assignments = (
        ClassTeacher.objects.filter(page__translation_key=class_page.translation_key)
        .select_related("user", "page__locale")
        .order_by("sort_order", "pk")
    )
    by_language = {}
    for assignment in assignments:
        by_language.setdefault(assignment.page.locale.language_code, []).append(assignment)
    chosen = by_language.get(settings.LANGUAGE_CODE) or [
        assignment for assignment in assignments if assignment.page_id == class_page.pk
    ]
    teachers = {}
    for assignment in chosen:
        teachers.setdefault(assignment.user_id, assignment.user)
    return list(teachers.values())
