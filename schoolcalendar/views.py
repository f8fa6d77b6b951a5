"""The school calendar in the Wagtail admin: working hours and closed days.

Only directors use these views, each for their own school(s): every queryset
comes from `schoolcalendar.scope` (through the scoped views of
`access.admin_views`), so another school's row answers 404 and never appears
in a listing. A teacher or administration member is refused
(Wagtail sends them back to the dashboard); parents never reach the admin.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from access.admin_views import ScopedModelViewSet
from access.rules import is_director
from accounts.models import User
from schoolcalendar import scope
from schoolcalendar.forms import ClosedPeriodForm, SchoolCalendarSettingsForm
from schoolcalendar.models import ClosedPeriod, SchoolCalendarSettings


class DirectorPolicy(BasePermissionPolicy):
    """Directors may do the listed actions, on rows of the schools they direct."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and scope.director_schools(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and is_director(user, instance.school)

    def users_with_any_permission(self, actions):
        return User.objects.none()  # not needed by these views


class CalendarViewSet(ScopedModelViewSet):
    """A scoped ModelViewSet (access.admin_views) for the directors of the user's schools."""

    form_class = None

    def make_permission_policy(self):
        return DirectorPolicy(self.model, self.actions)

    def show_in_menu(self, user):
        return self.scoped_policy.user_has_permission(user, "change")

    def get_form_class(self, for_update=False):
        return self.form_class


class SchoolSettingsViewSet(CalendarViewSet):
    """The per-school settings of one area (a `home.school_settings.SchoolSettings` model).

    A school always has exactly one row: opening the listing makes the rows
    of the user's schools that are missing, with their defaults, so there is
    nothing to add or delete. Subclasses name the model, the form and the
    columns.
    """

    icon = "cog"
    actions = ("change", "view")

    def scope(self, user):
        return scope.school_settings_for(self.model, user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            object_scope=lambda user: scope.school_settings_for(self.model, user, create_missing=True), **kwargs
        )


class WorkingHoursViewSet(SchoolSettingsViewSet):
    model = SchoolCalendarSettings
    name = "schoolcalendar_settings"
    url_prefix = "school-calendar/working-hours"
    icon = "time"
    menu_label = _("Working hours")
    form_class = SchoolCalendarSettingsForm
    list_display = ["school", "working_days_display", "working_hours_start", "working_hours_end", "school_starts_at"]


class ClosedPeriodViewSet(CalendarViewSet):
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
