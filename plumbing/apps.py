from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlumbingConfig(AppConfig):
    """Shared plumbing of the areas: scoped admin view sets, dashboard panels, safe CSV cells, task chains, stamps.

    Holds no rules of its own, and one model only (the stamps of shared
    cached data, plumbing.stamps); the areas build their admin on it, and it
    asks `access` who may see what.
    """

    name = "plumbing"
    verbose_name = _("Shared plumbing")
