"""Which schools' calendars a user may edit: the schools they direct.

Asks `access.rules` (director_schools) and only turns the answer into
querysets, so every view and form of the calendar admin is scoped alike.
"""

from access.rules import director_schools
from schoolcalendar.models import ClosedPeriod


def closed_periods_for(user):
    return ClosedPeriod.objects.filter(school__in=director_schools(user))
