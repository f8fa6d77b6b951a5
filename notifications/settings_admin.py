"""A school's digest times in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made
with its defaults when the listing is opened; another school's row answers
404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminTimeInput

from notifications.models import DigestSettings
from plumbing.viewsets import SchoolSettingsViewSet


class DigestSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = DigestSettings
        fields = ["digest_time", "weekly_day"]
        widgets = {"digest_time": AdminTimeInput}


class DigestSettingsViewSet(SchoolSettingsViewSet):
    model = DigestSettings
    name = "notifications_digest_settings"
    url_prefix = "notifications/digest-times"
    icon = "time"
    menu_label = _("Digest times")
    form_class = DigestSettingsForm
    list_display = ["school", "digest_time", "weekly_day"]
