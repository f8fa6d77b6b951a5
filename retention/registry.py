"""The registry of retention rules: each area says what of its personal data goes, and when.

The mechanism (this app: the settings, the daily task, the admin page)
names no area. An area that keeps personal data registers its rules from
its own `<app>/retention.py`, which `RetentionConfig.ready` imports with
`autodiscover_modules("retention")`; so this app sits below every area that
contributes (pyproject.toml, the layers), and no area is imported here.

A rule says, for one school and its period (the value of its field of
`retention.models.RetentionSettings`):

* `due(school, period, moment)`: a queryset of what is past its period at
  `moment` (the task asks with now; the admin page with now + 30 days, to
  show what goes next). It holds only what still has personal data, so a
  rule applied twice finds nothing the second time.
* `expires(obj, period)`: the day `obj` goes (for the admin page).
* `describe(obj)`: a short description for the admin page, without names.
* `apply(queryset)`: delete or anonymise those objects; returns how many.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

DELETE = "delete"
ANONYMISE = "anonymise"
ACTION_CHOICES = [(DELETE, _("deleted")), (ANONYMISE, _("anonymised"))]


@dataclass(frozen=True)
class Rule:
    key: str  # "<app>.<what>", stored in the log
    label: str  # what goes, for the admin page (a lazy translation)
    setting: str  # the field of RetentionSettings that holds the period
    action: str  # DELETE or ANONYMISE
    due: Callable[..., object]
    expires: Callable[..., datetime.date]
    describe: Callable[..., str]
    apply: Callable[..., int]
    order: int = 100  # its place on the admin page

    def period_of(self, settings_row):
        return getattr(settings_row, self.setting)


_rules: dict[str, Rule] = {}


def register(rule):
    """Add (or, imported again, replace) a rule. Called by the areas' `retention` modules."""
    if rule.action not in (DELETE, ANONYMISE):
        raise ImproperlyConfigured(f"Retention rule {rule.key}: unknown action {rule.action!r}")
    _rules[rule.key] = rule
    return rule


def delete_all(queryset):
    """Delete the queryset's objects (and what cascades with them); how many of its own model went.

    The `apply` of a rule that deletes: the count is of the rule's own
    objects, not of the rows that went with them.
    """
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def all_rules():
    """Every registered rule, in the order of the admin page."""
    return sorted(_rules.values(), key=lambda rule: (rule.order, rule.key))


def get_rule(key):
    return _rules.get(key)


def check_periods(settings_model):
    """Every rule's period is a field of the settings model: a typo fails at start-up, not at night."""
    for rule in _rules.values():
        try:
            settings_model._meta.get_field(rule.setting)
        except FieldDoesNotExist as error:
            raise ImproperlyConfigured(
                f"Retention rule {rule.key}: {settings_model.__name__} has no field {rule.setting!r}"
            ) from error
