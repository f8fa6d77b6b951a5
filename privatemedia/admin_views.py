"""The Wagtail admin for videos: a snippet viewset with a chooser.

Like Wagtail's images and documents, videos are managed per collection:
the listing, the chooser and the collection field only show collections the
user has permissions on (see `privatemedia.permissions`).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from privatemedia.forms import VideoForm
from privatemedia.models import Video
from privatemedia.permissions import video_permission_policy


def scoped_to_collections(view_class, actions):
    """The view class, refusing a video the user has none of `actions` on.

    Wagtail's generic views check model-level permissions only; for videos
    those come from *any* collection, so each object is checked as well.
    """

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            video = super().get_object(*args, **kwargs)
            if not video_permission_policy().user_has_any_permission_for_instance(self.request.user, actions, video):
                raise PermissionDenied
            return video

    Scoped.__name__ = Scoped.__qualname__ = f"Scoped{view_class.__name__}"
    return Scoped


READ_ACTIONS = ["change", "delete", "choose"]


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

    edit_view_class = scoped_to_collections(SnippetViewSet.edit_view_class, ["change"])
    delete_view_class = scoped_to_collections(SnippetViewSet.delete_view_class, ["delete"])
    copy_view_class = scoped_to_collections(SnippetViewSet.copy_view_class, ["change"])
    usage_view_class = scoped_to_collections(SnippetViewSet.usage_view_class, READ_ACTIONS)
    history_view_class = scoped_to_collections(SnippetViewSet.history_view_class, READ_ACTIONS)
    inspect_view_class = scoped_to_collections(SnippetViewSet.inspect_view_class, READ_ACTIONS)

    def get_queryset(self, request):
        return video_permission_policy().instances_user_has_any_permission_for(
            request.user, ["add", "change", "delete", "choose"]
        )
