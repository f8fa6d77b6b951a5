"""The Wagtail admin for videos (a snippet viewset with a chooser)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from privatemedia.models import Video


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = _("Videos")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "collection", "created_at"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        FieldPanel("collection"),
        FieldPanel("poster"),
    ]
