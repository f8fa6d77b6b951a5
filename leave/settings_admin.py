"""A school's leave settings in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made
with its defaults when the listing is opened; another school's row answers
404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from leave.models import LeaveSettings
from plumbing.viewsets import SchoolSettingsViewSet


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


class LeaveSettingsViewSet(SchoolSettingsViewSet):
    model = LeaveSettings
    name = "leave_settings"
    url_prefix = "leave/settings"
    menu_label = _("Leave settings")
    form_class = LeaveSettingsForm
    list_display = [
        "school",
        "holiday_notice_weeks",
        "religious_notice_days",
        "holiday_attachment_required",
        "attendance_officer_email",
    ]
