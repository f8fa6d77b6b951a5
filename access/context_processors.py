from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from access.rules import visible_classes, visible_schools


def navigation(request):
    """The user's schools and class groups for menus, in the current language.

    Lazy, so a page without a menu costs no queries.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def schools():
        return list(visible_schools(user).live().filter(locale=Locale.get_active()).order_by("title"))

    def classes():
        return list(visible_classes(user).live().filter(locale=Locale.get_active()).order_by("path").specific())

    return {"nav_schools": SimpleLazyObject(schools), "nav_classes": SimpleLazyObject(classes)}
