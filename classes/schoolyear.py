"""The Dutch school year runs from 1 August to 31 July.

A school year is named by the calendar year it starts in: 2026 is 2026/2027.
"""

import datetime

from django.utils import timezone

FIRST_MONTH = 8


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, FIRST_MONTH, 1), datetime.date(start_year + 1, FIRST_MONTH - 1, 31)
