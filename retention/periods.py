"""Calendar arithmetic for retention periods: whole years and months, as people count them.

"5 years after the pupil left" means the same day five years later (29
February becomes 28 February), not 5 × 365 days.
"""

import calendar


def shift_months(day, months):
    """The same day `months` later (earlier when negative), the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def shift_years(day, years):
    return shift_months(day, 12 * years)
