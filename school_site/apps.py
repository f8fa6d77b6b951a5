"""The project package as an app, so it can hold project-level management
commands (`devserver`, `run_worker`) that belong to no single app. No models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolSiteConfig(AppConfig):
    name = "school_site"
    verbose_name = _("Project")
