"""Admin forms for the school calendar.

The school a closed period belongs to can only be chosen from the schools the
editing user directs (`access.rules.director_schools`); a forged POST
with another school's id fails validation like any invalid choice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from access.rules import director_schools
from schoolcalendar.models import (
    WEEKDAY_CHOICES,
    ClosedPeriod,
    SchoolCalendarSettings,
    format_working_days,
)


class SchoolCalendarSettingsForm(WagtailAdminModelForm):
    working_days = forms.TypedMultipleChoiceField(
        label=_("working days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one working day.")},
    )

    class Meta:
        model = SchoolCalendarSettings
        fields = ["working_days", "working_hours_start", "working_hours_end", "school_starts_at"]
        widgets = {
            "working_hours_start": AdminTimeInput,
            "working_hours_end": AdminTimeInput,
            "school_starts_at": AdminTimeInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["working_days"] = sorted(self.instance.working_day_numbers)

    def clean_working_days(self):
        return format_working_days(self.cleaned_data["working_days"])


class ClosedPeriodForm(WagtailAdminModelForm):
    class Meta:
        model = ClosedPeriod
        fields = ["school", "name", "kind", "first_day", "last_day"]
        widgets = {"first_day": AdminDateInput, "last_day": AdminDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schools = director_schools(self.for_user).order_by("title")
        self.fields["school"].queryset = schools
        if len(schools) == 1 and not self.instance.pk:
            self.fields["school"].initial = schools[0].pk
