"""The school calendar in the Wagtail admin: working hours and closed days.

Only directors use these views, each for their own school(s): every queryset
comes from `schoolcalendar.scope` (through the scoped views of
`plumbing.viewsets`), so another school's row answers 404 and never appears
in a listing. A teacher or administration member is refused
(Wagtail sends them back to the dashboard); parents never reach the admin.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from plumbing.viewsets import DirectorViewSet, SchoolSettingsViewSet
from schoolcalendar import scope
from schoolcalendar.forms import ClosedPeriodForm, SchoolCalendarSettingsForm
from schoolcalendar.models import ClosedPeriod, SchoolCalendarSettings


class WorkingHoursViewSet(SchoolSettingsViewSet):
    model = SchoolCalendarSettings
    name = "schoolcalendar_settings"
    url_prefix = "school-calendar/working-hours"
    icon = "time"
    menu_label = _("Working hours")
    form_class = SchoolCalendarSettingsForm
    list_display = ["school", "working_days_display", "working_hours_start", "working_hours_end", "school_starts_at"]


class ClosedPeriodViewSet(DirectorViewSet):
    model = ClosedPeriod
    name = "schoolcalendar_closed_periods"
    url_prefix = "school-calendar/closed-days"
    icon = "date"
    menu_label = _("Holidays and closed days")
    form_class = ClosedPeriodForm
    list_display = ["name", "kind", "first_day", "last_day", "school"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def scope(self, user):
        return scope.closed_periods_for(user).select_related("school")


class SchoolCalendarViewSetGroup(ViewSetGroup):
    menu_label = _("School calendar")
    menu_icon = "calendar"
    menu_order = 310
    items = (WorkingHoursViewSet, ClosedPeriodViewSet)
