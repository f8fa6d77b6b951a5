"""A school's news settings in the Wagtail admin: directors only, each for their own school.

On `plumbing.viewsets.SchoolSettingsViewSet`: one row per school, made
with its defaults when the listing is opened; another school's row answers
404 and never appears in a listing. Saving a row applies it (`news.approval`,
through the model's post_save signal).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from news.models import NewsSettings
from plumbing.viewsets import SchoolSettingsViewSet


class NewsSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = NewsSettings
        fields = ["approval_required"]


class NewsSettingsViewSet(SchoolSettingsViewSet):
    model = NewsSettings
    name = "news_settings"
    url_prefix = "news/settings"
    icon = "tasks"
    menu_label = _("Approval of posts")
    add_to_admin_menu = True
    menu_order = 320
    form_class = NewsSettingsForm
    list_display = ["school", "approval_required"]
