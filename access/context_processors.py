from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from access.rules import cached_for_roster, visible_classes, visible_schools


@dataclass(frozen=True)
class NavItem:
    """A school or class group in the menu: what the menu shows of the page, and its address on this site."""

    pk: int
    path: str
    title: str
    url: str


def _nav_items(request, pages):
    return [NavItem(page.pk, page.path, page.title, page.get_url(request=request) or "") for page in pages]


def _navigation(request, user):
    """(schools, class groups) of the menu: in Django's cache per user, roster token, language and host.

    The roster token changes with every change of roles, children and
    guardians and with every school or class group page that is saved,
    published, unpublished or moved (access.signals), so the menu follows at
    once; one family's menu is never another's (the key has the user).
    """

    def compute():
        locale = Locale.get_active()
        schools = visible_schools(user).live().filter(locale=locale).order_by("title")
        classes = visible_classes(user).live().filter(locale=locale).order_by("path")
        return (_nav_items(request, schools), _nav_items(request, classes))

    return cached_for_roster(user, "nav", (translation.get_language() or "", request.get_host()), compute)


def navigation(request):
    """The user's schools and class groups for menus, in the current language.

    Lazy, so a page without a menu costs nothing; a warm one costs no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = SimpleLazyObject(lambda: _navigation(request, user))
    return {
        "nav_schools": SimpleLazyObject(lambda: menu[0]),
        "nav_classes": SimpleLazyObject(lambda: menu[1]),
    }
