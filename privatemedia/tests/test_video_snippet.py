"""The Video model and its admin chooser exist as other apps expect."""

from django.urls import reverse
from wagtail.snippets.blocks import SnippetChooserBlock

from privatemedia.models import Video


def test_video_is_a_choosable_snippet(db):
    block = SnippetChooserBlock("privatemedia.Video")
    assert block.target_model is Video
    assert reverse("wagtailsnippetchoosers_privatemedia_video:choose")
