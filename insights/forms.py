"""Which school and which period the dashboard shows: read from the query string.

Every value is checked: a school the user does not direct is an invalid
choice (400, never another school's figures), a month that is not a month, a
range that runs backwards or spans more than MAX_MONTHS is an error shown in
the user's language.
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes.schoolyear import (
    current_school_year,
    school_year_bounds,
    school_year_label,
)
from insights.metrics import Period

LAST_30_DAYS = "30d"
THIS_SCHOOL_YEAR = "year"
LAST_SCHOOL_YEAR = "lastyear"
MONTHS = "months"
PERIOD_CHOICES = [
    (LAST_30_DAYS, _("The last 30 days")),
    (THIS_SCHOOL_YEAR, _("This school year")),
    (LAST_SCHOOL_YEAR, _("Last school year")),
    (MONTHS, _("Chosen months")),
]
MAX_MONTHS = 36
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month written YYYY-MM (what <input type="month"> sends), as its first day."""

    default_error_messages = {"invalid": _("Give a month as year and month, for example 2026-09.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_PATTERN.match(value.strip())
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        if not (2000 <= year <= 2200 and 1 <= month <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(year, month, 1)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


class InsightsForm(forms.Form):
    school = forms.TypedChoiceField(
        label=_("School"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of your schools.")},
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=PERIOD_CHOICES,
        error_messages={"invalid_choice": _("Choose one of the periods offered.")},
    )
    first_month = MonthField(label=_("From month"), required=False, widget=MonthInput)
    last_month = MonthField(label=_("Until month (included)"), required=False, widget=MonthInput)

    def __init__(self, data, *, schools):
        super().__init__(data)
        self.schools = list(schools)
        self.fields["school"].choices = [(school.pk, school.title) for school in self.schools]

    def clean(self):
        data = super().clean()
        if data.get("period") == MONTHS and not self.errors:
            first, last = data.get("first_month"), data.get("last_month")
            if first is None:
                self.add_error("first_month", _("Choose the first month."))
            if last is None:
                self.add_error("last_month", _("Choose the last month."))
            if first and last and first > last:
                self.add_error("last_month", _("The last month cannot be before the first month."))
            elif first and last and (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
                self.add_error("last_month", _("Choose at most 36 months."))
        return data

    # What was chosen (after is_valid(), or the defaults for an unbound form) -----

    def chosen_school(self):
        data = self.cleaned_data if self.is_bound else {}
        pk = data.get("school")
        for school in self.schools:
            if school.pk == pk:
                return school
        return self.schools[0] if self.schools else None

    def chosen_period(self):
        data = self.cleaned_data if self.is_bound else {}
        return period_for(data.get("period") or LAST_30_DAYS, data.get("first_month"), data.get("last_month"))


def period_for(kind, first_month=None, last_month=None, today=None):
    """The Period of a choice of PERIOD_CHOICES (months: from first_month to the end of last_month)."""
    today = today or timezone.localdate()
    if kind == THIS_SCHOOL_YEAR or kind == LAST_SCHOOL_YEAR:
        year = current_school_year() - (1 if kind == LAST_SCHOOL_YEAR else 0)
        first, last = school_year_bounds(year)
        return Period(
            first,
            min(last, today) if kind == THIS_SCHOOL_YEAR else last,
            _("school year %(year)s") % {"year": school_year_label(year)},
        )
    if kind == MONTHS:
        end = (last_month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return Period(first_month, end, f"{first_month:%Y-%m} – {last_month:%Y-%m}")
    return Period(today - datetime.timedelta(days=29), today, str(PERIOD_CHOICES[0][1]).lower())
