"""The Wagtail admin for videos: a snippet viewset with a chooser.

Like Wagtail's images and documents, videos are managed per collection:
the listing, the chooser and the collection field only show collections the
user has permissions on (see `privatemedia.permissions`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from privatemedia.forms import VideoForm
from privatemedia.models import Video
from privatemedia.permissions import video_permission_policy


class ChoosableVideosMixin:
    def get_object_list(self):
        return video_permission_policy().instances_user_has_any_permission_for(self.request.user, ["choose"])


class VideoChooseView(ChoosableVideosMixin, ChooseView):
    pass


class VideoChooseResultsView(ChoosableVideosMixin, ChooseResultsView):
    pass


class VideoChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = _("Videos")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "collection", "created_at"]
    search_fields = ["title"]
    chooser_viewset_class = VideoChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("file"),
            FieldPanel("collection"),
            FieldPanel("poster"),
        ],
        base_form_class=VideoForm,
    )

    def get_queryset(self, request):
        return video_permission_policy().instances_user_has_any_permission_for(
            request.user, ["add", "change", "delete", "choose"]
        )
