"""A school's leave settings in the Wagtail admin: directors only, each for their own school.

Built like the school calendar's working hours (`schoolcalendar.views`, on
the scoped views of `access.admin_views`): one row per school, made with the
defaults when the listing is opened; every queryset comes from the schools
the user directs, so another school's row answers 404 and never appears in
a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from leave.models import LeaveSettings
from schoolcalendar.scope import school_settings_for
from schoolcalendar.views import CalendarViewSet


def settings_for(user, create_missing=False):
    """Leave settings of the schools the user directs."""
    return school_settings_for(LeaveSettings, user, create_missing)


class LeaveSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = LeaveSettings
        fields = [
            "holiday_notice_weeks",
            "religious_notice_days",
            "holiday_attachment_required",
            "attendance_officer_name",
            "attendance_officer_email",
        ]


class LeaveSettingsViewSet(CalendarViewSet):
    model = LeaveSettings
    name = "leave_settings"
    url_prefix = "leave/settings"
    icon = "cog"
    menu_label = _("Leave settings")
    actions = ("change", "view")  # a school always has exactly one row
    form_class = LeaveSettingsForm
    list_display = ["school", "holiday_notice_weeks", "religious_notice_days", "holiday_attachment_required", "attendance_officer_email"]

    def scope(self, user):
        return settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(object_scope=lambda user: settings_for(user, create_missing=True), **kwargs)
