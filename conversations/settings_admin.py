"""A school's conversation settings in the Wagtail admin: directors only, each for their own school.

Built like the leave settings (`leave.settings_admin`): one row per school,
made with the defaults when the listing is opened; another school's row
answers 404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from conversations.models import ConversationSettings
from schoolcalendar.scope import school_settings_for
from schoolcalendar.views import CalendarViewSet


def settings_for(user, create_missing=False):
    return school_settings_for(ConversationSettings, user, create_missing)


class ConversationSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = ConversationSettings
        fields = ["staff_workplace"]


class ConversationSettingsViewSet(CalendarViewSet):
    model = ConversationSettings
    name = "conversations_settings"
    url_prefix = "conversations/settings"
    icon = "cog"
    menu_label = _("Conversation settings")
    actions = ("change", "view")  # a school always has exactly one row
    form_class = ConversationSettingsForm
    list_display = ["school", "staff_workplace"]

    def scope(self, user):
        return settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(object_scope=lambda user: settings_for(user, create_missing=True), **kwargs)
