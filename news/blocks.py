"""The blocks a post's body is made of.

Everything a teacher can put in a post is a block here, so a template and the
timeline know every shape a post can take. Photos, videos and files are
chosen from Wagtail's libraries; `privatemedia` places each upload in the
collection of the post's group and serves it only to that group.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Headings, emphasis, lists and links: enough for a class letter, nothing
# that breaks the calm layout (no embeds, no inline images: use a gallery).
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

MAX_GALLERY_PHOTOS = 40


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


class PostBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), template="news/blocks/text.html")
    gallery = GalleryBlock()
    video = VideoBlock()
    document = DocumentBlock()
    link = LinkCardBlock()
