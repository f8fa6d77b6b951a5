"""A school's working days, hours and closed days: per school, never constants.

`SchoolCalendarSettings` holds one school's week (working days and hours, the
time school starts); `ClosedPeriod` holds its holidays and study days. Both
belong to the school page in the default language; a translation of the
school uses the same rows (looked up by translation key, see
`schoolcalendar.calendar.load`).

The settings row is created on demand with the defaults below
(`SchoolCalendarSettings.for_school`), so a new school works without setup.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.models import SchoolPage
from home.school_settings import SchoolSettings

# ISO weekday numbers (Monday is 1), as datetime.date.isoweekday() gives them.
WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
DEFAULT_WORKING_DAYS = "1,2,3,4,5"
DEFAULT_WORKING_HOURS_START = datetime.time(8, 0)
DEFAULT_WORKING_HOURS_END = datetime.time(17, 0)
DEFAULT_SCHOOL_STARTS_AT = datetime.time(8, 30)
# Times a school may set lie in this window. Daylight saving time changes in
# Europe/Amsterdam happen between 02:00 and 03:00, so every time in the
# window exists exactly once on every day (see schoolcalendar.calendar).
EARLIEST_TIME = datetime.time(5, 0)
LATEST_TIME = datetime.time(23, 0)


def parse_working_days(value):
    """'1,2,3' -> frozenset({1, 2, 3}); unknown or empty parts are ignored."""
    days = set()
    for part in (value or "").split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= 7:
            days.add(int(part))
    return frozenset(days)


def format_working_days(days):
    return ",".join(str(day) for day in sorted({int(day) for day in days}))


class SchoolCalendarSettings(SchoolSettings):
    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="calendar_settings", verbose_name=_("school")
    )
    # Stored as ISO weekday numbers separated by commas: small, readable, and
    # edited with checkboxes (schoolcalendar.forms).
    working_days = models.CharField(_("working days"), max_length=20, default=DEFAULT_WORKING_DAYS)
    working_hours_start = models.TimeField(
        _("working hours start"),
        default=DEFAULT_WORKING_HOURS_START,
        help_text=_("Posts published outside working hours appear at the start of the next working day."),
    )
    working_hours_end = models.TimeField(_("working hours end"), default=DEFAULT_WORKING_HOURS_END)
    school_starts_at = models.TimeField(
        _("school starts at"),
        default=DEFAULT_SCHOOL_STARTS_AT,
        help_text=_("Absence reports made after this time are marked as late."),
    )

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    @property
    def working_day_numbers(self):
        return parse_working_days(self.working_days)

    def working_days_display(self):
        names = dict(WEEKDAY_CHOICES)
        return ", ".join(str(names[day]) for day in sorted(self.working_day_numbers))

    working_days_display.short_description = _("working days")

    def clean(self):
        errors = {}
        for name in ("working_hours_start", "working_hours_end", "school_starts_at"):
            value = getattr(self, name)
            if value is not None and not EARLIEST_TIME <= value <= LATEST_TIME:
                errors[name] = _("Choose a time between %(earliest)s and %(latest)s.") % {
                    "earliest": EARLIEST_TIME.strftime("%H:%M"),
                    "latest": LATEST_TIME.strftime("%H:%M"),
                }
        if not self.working_day_numbers:
            errors["working_days"] = _("Choose at least one working day.")
        if self.working_hours_start and self.working_hours_end and self.working_hours_start >= self.working_hours_end:
            errors.setdefault("working_hours_end", _("Working hours must end after they start."))
        if errors:
            raise ValidationError(errors)


class ClosedPeriod(models.Model):
    """Days the school is closed: a holiday, a public holiday or a study day (first and last day included)."""

    HOLIDAY = "holiday"
    PUBLIC_HOLIDAY = "public_holiday"
    STUDY_DAY = "study_day"
    OTHER = "other"
    KIND_CHOICES = [
        (HOLIDAY, _("school holiday")),
        (PUBLIC_HOLIDAY, _("public holiday")),
        (STUDY_DAY, _("study day")),
        (OTHER, _("other closed day")),
    ]

    school = models.ForeignKey(
        SchoolPage, on_delete=models.CASCADE, related_name="closed_periods", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default=HOLIDAY)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), help_text=_("The last day the school is closed (included)."))

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["first_day", "name"]
        indexes = [models.Index(fields=["school", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="closed_period_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise ValidationError({"last_day": _("The last day cannot be before the first day.")})
        if self.first_day and self.last_day and (self.last_day - self.first_day).days > 366:
            raise ValidationError({"last_day": _("A closed period can last at most a year.")})
