"""Admin registration: videos are snippets, so pages choose them with
`SnippetChooserBlock("privatemedia.Video")` or `FieldPanel`."""

from wagtail.snippets.models import register_snippet

from privatemedia.admin_views import VideoViewSet

register_snippet(VideoViewSet)
