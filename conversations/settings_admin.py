"""A school's conversation settings in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made
with its defaults when the listing is opened; another school's row answers
404 and never appears in a listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from conversations.models import ConversationSettings
from plumbing.viewsets import SchoolSettingsViewSet


class ConversationSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = ConversationSettings
        fields = ["staff_workplace"]


class ConversationSettingsViewSet(SchoolSettingsViewSet):
    model = ConversationSettings
    name = "conversations_settings"
    url_prefix = "conversations/settings"
    menu_label = _("Conversation settings")
    form_class = ConversationSettingsForm
    list_display = ["school", "staff_workplace"]
