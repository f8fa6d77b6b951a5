"""A school's reaction settings in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made
with its defaults when the listing is opened; another school's row answers
404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from moderation.models import ModerationSettings
from plumbing.viewsets import SchoolSettingsViewSet


class ModerationSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["reactions_allowed", "max_length"]


class ModerationSettingsViewSet(SchoolSettingsViewSet):
    model = ModerationSettings
    name = "moderation_settings"
    url_prefix = "moderation/settings"
    menu_label = _("Reaction settings")
    form_class = ModerationSettingsForm
    list_display = ["school", "reactions_allowed", "max_length"]
