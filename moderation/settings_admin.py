"""A school's reaction settings in the Wagtail admin: directors only, each for their own school.

Built like the other per-school settings (news, leave, digest times) on the
scoped views of `access.admin_views`: one row per school, made with the
defaults (reactions off) when the listing is opened; another school's row
answers 404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from moderation.models import ModerationSettings
from schoolcalendar.scope import school_settings_for
from schoolcalendar.views import CalendarViewSet


def settings_for(user, create_missing=False):
    """Reaction settings of the schools the user directs."""
    return school_settings_for(ModerationSettings, user, create_missing)


class ModerationSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["reactions_allowed", "max_length"]


class ModerationSettingsViewSet(CalendarViewSet):
    model = ModerationSettings
    name = "moderation_settings"
    url_prefix = "moderation/settings"
    icon = "cog"
    menu_label = _("Reaction settings")
    actions = ("change", "view")  # a school always has exactly one row
    form_class = ModerationSettingsForm
    list_display = ["school", "reactions_allowed", "max_length"]

    def scope(self, user):
        return settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(object_scope=lambda user: settings_for(user, create_missing=True), **kwargs)
