"""Videos, and the link between a Wagtail collection and a page group.

Every uploaded file (image, rendition, document, video) lives in a Wagtail
collection; the collection belongs to one page group (a school's school-wide
group or a class group) through `GroupCollection`. The media view asks
`access.rules` whether the user may see that group's page before it serves a
file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string
from wagtail.models import CollectionMember
from wagtail.search import index


class Video(CollectionMember, index.Indexed, models.Model):
    """A video (mp4 or webm) shown on pages of one group.

    Chosen in the Wagtail admin as a snippet: `privatemedia.wagtail_hooks`
    registers a `SnippetViewSet` for it, so a StreamField block is simply
    `wagtail.snippets.blocks.SnippetChooserBlock("privatemedia.Video")` and a
    plain ForeignKey uses `FieldPanel("video")`. In templates use
    `video.file.url` (a protected /bestanden/ URL, never a public one) and
    `video.poster` with `{% image %}`.

    The `collection` (from `CollectionMember`) decides who may see the file.
    """

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="videos/")
    poster = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown before the video starts."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    search_fields = CollectionMember.search_fields + [
        index.SearchField("title", boost=10),
        index.AutocompleteField("title"),
        index.FilterField("uploaded_by"),
    ]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at"]
        # The "choose" collection permission, as Wagtail's images and documents have.
        permissions = [("choose_video", _("Can choose video"))]

    def __str__(self):
        return self.title


class GroupCollection(models.Model):
    """The Wagtail collection that holds the media of one page group.

    Created by `privatemedia.signals` when a SchoolPage (school-wide group)
    or ClassPage (class group) is created. The page is the source-locale
    page; `access.rules.can_view_page` accepts any translation, so one link
    per group is enough. Media in a collection without a link are visible to
    superusers only.
    """

    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        on_delete=models.CASCADE,
        related_name="group_link",
    )
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page group"),
        on_delete=models.CASCADE,
        related_name="media_collection_link",
    )

    class Meta:
        verbose_name = _("group collection")
        verbose_name_plural = _("group collections")

    def __str__(self):
        return f"{self.collection} → {self.page}"
