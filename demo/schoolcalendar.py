"""Example closed days for the demo school.

ILLUSTRATIVE ONLY. The dates below are our own reading of the 2026/2027
school holidays for region midden (Saturday to Sunday, as the national
holiday calendar gives them) plus the public holidays schools close on.
They were not checked against an official source; every real school enters
its own holidays and study days in the admin (School calendar → Closed days).
"""

import datetime

from django.utils.translation import gettext, gettext_noop

from schoolcalendar.models import ClosedPeriod

D = datetime.date

# school year (starting year) -> [(name msgid, kind, first day, last day)];
# the names are translated when stored (gettext_noop marks them for makemessages).
EXAMPLE_HOLIDAYS_MIDDEN = {
    2026: [
        (gettext_noop("Autumn holiday"), ClosedPeriod.HOLIDAY, D(2026, 10, 17), D(2026, 10, 25)),
        (gettext_noop("Christmas holiday"), ClosedPeriod.HOLIDAY, D(2026, 12, 19), D(2027, 1, 3)),
        (gettext_noop("Spring holiday"), ClosedPeriod.HOLIDAY, D(2027, 2, 20), D(2027, 2, 28)),
        (gettext_noop("Good Friday and Easter"), ClosedPeriod.PUBLIC_HOLIDAY, D(2027, 3, 26), D(2027, 3, 29)),
        (gettext_noop("May holiday"), ClosedPeriod.HOLIDAY, D(2027, 4, 24), D(2027, 5, 2)),
        (gettext_noop("Ascension Day and the day after"), ClosedPeriod.PUBLIC_HOLIDAY, D(2027, 5, 6), D(2027, 5, 7)),
        (gettext_noop("Whit Monday"), ClosedPeriod.PUBLIC_HOLIDAY, D(2027, 5, 17), D(2027, 5, 17)),
        (gettext_noop("Summer holiday"), ClosedPeriod.HOLIDAY, D(2027, 7, 17), D(2027, 8, 29)),
    ],
}


def add_example_holidays(school, school_year):
    """Add the example holidays of `school_year` (e.g. 2026 for 2026/2027) to `school`.

    Names are stored in the active language. Safe to call again: a period
    with the same first and last day is not added twice. Returns the periods
    created. Raises ValueError for a school year without example dates.
    """
    try:
        holidays = EXAMPLE_HOLIDAYS_MIDDEN[school_year]
    except KeyError:
        known = ", ".join(str(year) for year in sorted(EXAMPLE_HOLIDAYS_MIDDEN))
        raise ValueError(f"No example holidays for school year {school_year}; known: {known}") from None
    created = []
    for name, kind, first_day, last_day in holidays:
        period, was_created = ClosedPeriod.objects.get_or_create(
            school=school,
            first_day=first_day,
            last_day=last_day,
            defaults={"name": gettext(name), "kind": kind},
        )
        if was_created:
            created.append(period)
    return created
