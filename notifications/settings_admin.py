"""A school's digest times in the Wagtail admin: directors only, each for their own school.

Built like the school calendar's working hours (`schoolcalendar.views`, on
the scoped views of `access.admin_views`): one row per school, made with the
defaults when the listing is opened; every queryset comes from the schools
the user directs, so another school's row answers 404 and never appears in a
listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminTimeInput

from notifications.models import DigestSettings
from schoolcalendar.scope import school_settings_for
from schoolcalendar.views import CalendarViewSet


def settings_for(user, create_missing=False):
    """Digest settings of the schools the user directs."""
    return school_settings_for(DigestSettings, user, create_missing)


class DigestSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = DigestSettings
        fields = ["digest_time", "weekly_day"]
        widgets = {"digest_time": AdminTimeInput}


class DigestSettingsViewSet(CalendarViewSet):
    model = DigestSettings
    name = "notifications_digest_settings"
    url_prefix = "notifications/digest-times"
    icon = "time"
    menu_label = _("Digest times")
    actions = ("change", "view")  # a school always has exactly one row
    form_class = DigestSettingsForm
    list_display = ["school", "digest_time", "weekly_day"]

    def scope(self, user):
        return settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(object_scope=lambda user: settings_for(user, create_missing=True), **kwargs)
