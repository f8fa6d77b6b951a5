"""The school calendar in the Wagtail admin: working hours and closed days.

Only directors use these views, each for their own school(s): every queryset
comes from `schoolcalendar.scope`, so another school's row answers 404 and
never appears in a listing. A teacher or administration member is refused
(Wagtail sends them back to the dashboard); parents never reach the admin.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

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


class ScopedIndexView(generic.IndexView):
    calendar_scope = None

    def get_base_queryset(self):
        return self.calendar_scope(self.request.user)


class ScopedObjectMixin:
    """Look objects up in the user's scope only (404 otherwise), then check the instance."""

    calendar_scope = None
    instance_action = None

    def get_queryset(self):
        return self.calendar_scope(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.instance_action, obj):
            raise PermissionDenied
        return obj


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    instance_action = "change"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    instance_action = "delete"


class ScopedBaseObjectMixin:
    calendar_scope = None

    def get_base_object_queryset(self):
        return self.calendar_scope(self.request.user)


class ScopedHistoryView(ScopedBaseObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedBaseObjectMixin, usage.UsageView):
    pass


class CalendarViewSet(ModelViewSet):
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    actions = ("add", "change", "delete", "view")
    form_class = None

    def scope(self, user):
        raise NotImplementedError

    @cached_property
    def calendar_policy(self):
        return DirectorPolicy(self.model, self.actions)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(permission_policy=self.calendar_policy, calendar_scope=self.scope, **kwargs)

    def get_form_class(self, for_update=False):
        return self.form_class

    @cached_property
    def menu_item_class(self):
        policy = self.calendar_policy

        class DirectorMenuItem(MenuItem):
            def is_shown(self, request):
                return policy.user_has_permission(request.user, "change")

        return DirectorMenuItem

    def register_permissions(self):
        # The policy is handed to the views; no model permissions to register.
        pass

    def register_admin_url_finder(self):
        pass


class WorkingHoursViewSet(CalendarViewSet):
    """One row per school, created with the defaults when the listing is opened."""

    model = SchoolCalendarSettings
    name = "schoolcalendar_settings"
    url_prefix = "school-calendar/working-hours"
    icon = "time"
    menu_label = _("Working hours")
    actions = ("change", "view")  # a school always has exactly one row
    form_class = SchoolCalendarSettingsForm
    list_display = ["school", "working_days_display", "working_hours_start", "working_hours_end", "school_starts_at"]

    def scope(self, user):
        return scope.settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            calendar_scope=lambda user: scope.settings_for(user, create_missing=True), **kwargs
        )


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
