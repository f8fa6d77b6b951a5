"""A school's retention periods in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made with
its defaults when the listing is opened; another school's row answers 404
and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from plumbing.viewsets import SchoolSettingsViewSet
from retention.models import RetentionSettings

PERIOD_FIELDS = [
    "absence_years",
    "leave_school_years",
    "conversation_months",
    "photo_months",
    "parent_account_months",
    "moderation_months",
    "outbox_days",
]


class RetentionSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = RetentionSettings
        fields = PERIOD_FIELDS


class RetentionSettingsViewSet(SchoolSettingsViewSet):
    model = RetentionSettings
    name = "retention_settings"
    url_prefix = "retention/settings"
    menu_label = _("Retention periods")
    form_class = RetentionSettingsForm
    list_display = ["school", "absence_years", "leave_school_years", "conversation_months", "photo_months"]
