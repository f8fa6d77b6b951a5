"""Applying the rules: every rule for every school, each in its own transaction, with a log entry.

Used by the daily task (`retention.tasks`) and by the admin page's preview
(`upcoming`). A rule that fails for one school is logged as failed and does
not stop the others; the next run tries again.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.models import SchoolPage
from retention.models import RetentionLogEntry, RetentionSettings
from retention.registry import all_rules

logger = logging.getLogger(__name__)

PREVIEW_DAYS = 30
PREVIEW_ITEMS = 10


def schools():
    """Every school in the default language: the pages rows of a school belong to."""
    return SchoolPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("pk")


def apply_rule(rule, school, settings_row, now):
    """Apply one rule to one school now; returns the log entry written."""
    period = rule.period_of(settings_row)
    try:
        with transaction.atomic():
            count = rule.apply(rule.due(school, period, now))
            return RetentionLogEntry.objects.create(
                school=school, rule=rule.key, action=rule.action, count=count, period=period, ran_at=now
            )
    except Exception:
        logger.exception("Retention rule %s failed for school %s", rule.key, school.pk)
        return RetentionLogEntry.objects.create(
            school=school, rule=rule.key, action=rule.action, count=0, period=period, ran_at=now, failed=True
        )


def apply_all(now=None, only_schools=None):
    """Apply every rule to every school (or the given ones); returns the log entries written."""
    now = now or timezone.now()
    entries = []
    for school in only_schools if only_schools is not None else schools():
        settings_row = RetentionSettings.for_school(school)
        for rule in all_rules():
            entries.append(apply_rule(rule, school, settings_row, now))
    return entries


@dataclass
class Upcoming:
    rule: object
    period: int
    period_label: str
    count: int
    items: list  # (day it goes, description), soonest first, at most PREVIEW_ITEMS


def upcoming(school, now=None, days=PREVIEW_DAYS):
    """Per rule: what goes within `days` (what is due already included), and the first items with their day."""
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    settings_row = RetentionSettings.for_school(school)
    result = []
    for rule in all_rules():
        period = rule.period_of(settings_row)
        due = rule.due(school, period, until)
        count = due.count()
        items = []
        if count:
            # Sorted here: a rule's day of going is not always a column.
            found = sorted(((rule.expires(obj, period), rule.describe(obj)) for obj in due[:500]), key=lambda x: x[0])
            items = found[:PREVIEW_ITEMS]
        label = RetentionSettings._meta.get_field(rule.setting).verbose_name
        result.append(Upcoming(rule=rule, period=period, period_label=label, count=count, items=items))
    return result
