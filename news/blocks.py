"""The blocks a post's body is made of.

Everything a teacher can put in a post is a block here, so a template and the
timeline know every shape a post can take. Photos, videos and files are
chosen from Wagtail's libraries; `privatemedia` places each upload in the
collection of the post's group and serves it only to that group.
"""

import posixpath
from urllib.parse import urlsplit

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Headings, emphasis, lists and links: enough for a class letter, nothing
# that breaks the calm layout (no embeds, no inline images: use a gallery).
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

MAX_GALLERY_PHOTOS = 40

# The types a <video> element is told, by file extension (privatemedia
# accepts MP4 and WebM only).
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(
        ImageChooserBlock(label=_("photo")),
        min_num=1,
        max_num=MAX_GALLERY_PHOTOS,
        label=_("photos"),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Photo gallery")
        template = "news/blocks/gallery.html"


class VideoBlock(blocks.StructBlock):
    video = SnippetChooserBlock("privatemedia.Video", label=_("video"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "news/blocks/video.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        video = value.get("video")
        if video is not None and video.file:
            extension = posixpath.splitext(video.file.name)[1].lower()
            context["mime_type"] = VIDEO_TYPES.get(extension, "")
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(
        label=_("title"),
        required=False,
        max_length=255,
        help_text=_("Left empty, the file's own title is shown."),
    )

    class Meta:
        icon = "doc-full"
        label = _("File")
        template = "news/blocks/document.html"


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    url = blocks.URLBlock(label=_("address"))
    text = blocks.TextBlock(label=_("short text"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "news/blocks/link_card.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        host = urlsplit(value.get("url") or "").hostname or ""
        context["domain"] = host.removeprefix("www.")
        return context


class PostBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), template="news/blocks/text.html")
    gallery = GalleryBlock()
    video = VideoBlock()
    document = DocumentBlock()
    link = LinkCardBlock()


def prefetch_body_media(body):
    """Fetch the renditions of every photo and video poster in a post body at once.

    Wagtail fetches the images of all galleries in one query, and the videos
    of all video blocks in one; but each `{% image %}` would then look up
    its rendition on its own, and each video its poster. This fetches the
    renditions of all photos in one query, and the posters with their
    renditions in two, so a post costs the same number of queries with one
    photo or forty. Renditions made for the first time are still made (and
    saved) when the template asks for them.
    """
    image_model = get_image_model()
    renditions = Prefetch(
        "renditions", queryset=image_model.get_rendition_model().objects.all(), to_attr="prefetched_renditions"
    )
    images, videos = [], []
    for block in body:
        if block.block_type == "gallery":
            images.extend(image for image in block.value["images"] if image is not None)
        elif block.block_type == "video" and block.value["video"] is not None:
            videos.append(block.value["video"])
    images = [image for image in images if not hasattr(image, "prefetched_renditions")]
    if images:
        prefetch_related_objects(images, renditions)
    if videos:
        posters = Prefetch("poster", queryset=image_model.objects.prefetch_renditions())
        prefetch_related_objects(videos, posters)
