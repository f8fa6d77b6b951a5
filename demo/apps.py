from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo school board of `make run` (`manage.py seed_demo`): two schools with people and content.

    Top of the layer order: it builds content through every area's own code,
    and no area imports it.
    """

    name = "demo"
    verbose_name = _("Demo")
