"""A school's news settings in the Wagtail admin: directors only, each for their own school.

Built like the school calendar's working hours (`schoolcalendar.views`, on
the scoped views of `access.admin_views`): one row per school, made with the
defaults when the listing is opened; every queryset comes from the schools
the user directs, so another school's row answers 404 and never appears in a
listing. Saving a row applies it
(`news.approval`, through the model's post_save signal).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from news.models import NewsSettings
from schoolcalendar.scope import school_settings_for
from schoolcalendar.views import CalendarViewSet


def settings_for(user, create_missing=False):
    """News settings of the schools the user directs."""
    return school_settings_for(NewsSettings, user, create_missing)


class NewsSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = NewsSettings
        fields = ["approval_required"]


class NewsSettingsViewSet(CalendarViewSet):
    model = NewsSettings
    name = "news_settings"
    url_prefix = "news/settings"
    icon = "tasks"
    menu_label = _("Approval of posts")
    add_to_admin_menu = True
    menu_order = 320
    actions = ("change", "view")  # a school always has exactly one row
    form_class = NewsSettingsForm
    list_display = ["school", "approval_required"]

    def scope(self, user):
        return settings_for(user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(object_scope=lambda user: settings_for(user, create_missing=True), **kwargs)
