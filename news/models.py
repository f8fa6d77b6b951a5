"""Posts: what teachers and directors tell parents.

A `PostPage` lives under a class group (for that group's parents) or under
the school page (for every parent of the school). `access.rules` decides who
sees it from where it sits in the tree, like any other page.

What parents do with a post is stored against the post in the default
language (`source_post`): reading it (`PostRead`) and answering its event
invitation (`EventResponse`). A parent reading the English translation is
counted once, with everyone else.
"""

import re
from http import HTTPMethod

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import SchoolPage
from home.school_settings import SchoolSettings
from news.admin_forms import PostPageForm
from news.blocks import PostBodyBlock
from news.panels import ReadReceiptsPanel
from policies.consent.panels import PhotoConsentPanel

EXCERPT_WORDS = 40
PREVIEW_PHOTOS = 3
MAX_PEOPLE_PER_ANSWER = 20


def _views():
    """news.views, imported when a post is shown: it imports this module's models, so it cannot be imported here."""
    from news import views

    return views


class PostPage(Page):
    body = StreamField(PostBodyBlock(), verbose_name=_("message"), blank=True)

    # The optional event invitation. An event needs a date; parents can
    # answer only when the editor opens answers.
    event_date = models.DateField(_("date"), null=True, blank=True)
    event_start = models.TimeField(_("start time"), null=True, blank=True)
    event_end = models.TimeField(_("end time"), null=True, blank=True)
    event_place = models.CharField(_("place"), max_length=255, blank=True)
    rsvp_enabled = models.BooleanField(
        _("parents can answer"),
        default=False,
        help_text=_("Parents answer yes, no or maybe, and say how many people come."),
    )

    # Urgent school-wide news (the school is closed today) reaches parents at
    # once, also outside working hours: publishing is not deferred and the
    # notifications do not wait (notifications.outbox). Only directors see
    # the field (news.admin_forms.PostPageForm).
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_(
            "Only for news every parent must have now, such as the school being closed today: it is published and "
            "sent at once, also outside working hours. Only for posts for the whole school."
        ),
    )

    # Parents may react to a post only when their school allows reactions
    # (a school setting) and the post's author or a director has not switched
    # them off for this post.
    reactions_enabled = models.BooleanField(
        _("parents can react"),
        default=True,
        help_text=_("Only when the school allows reactions. Switch off to close reactions on this post."),
    )

    # Derived from the body on save, so a timeline of many posts does not
    # have to open every post's body.
    excerpt = models.TextField(_("excerpt"), blank=True, editable=False)
    preview_image_ids = models.JSONField(default=list, blank=True, editable=False)

    # A saved post starts with who read it (news.panels), for the staff who may see that.
    content_panels = (
        [ReadReceiptsPanel()]
        + Page.content_panels
        + [
            FieldPanel("body"),
            PhotoConsentPanel(),
            MultiFieldPanel(
                [
                    FieldPanel("event_date"),
                    FieldRowPanel([FieldPanel("event_start"), FieldPanel("event_end")]),
                    FieldPanel("event_place"),
                    FieldPanel("rsvp_enabled"),
                ],
                heading=_("Event invitation"),
                help_text=_("Only for a post that invites parents to something. Leave empty otherwise."),
            ),
            FieldPanel("urgent"),
            # Class posts only (moderation): the form drops it for school-wide posts.
            FieldPanel("reactions_enabled"),
        ]
    )

    # Hides `urgent` from everyone but the school's directors, and
    # `reactions_enabled` on school-wide posts.
    base_form_class = PostPageForm

    search_fields = Page.search_fields + [index.SearchField("excerpt")]

    parent_page_types = ["home.SchoolPage", "classes.ClassPage"]
    subpage_types = []

    # Published outside the school's working hours, a post waits for the next
    # working moment (schoolcalendar.publishing).
    respects_working_hours = True

    template = "news/post_page.html"

    # A parent answers the invitation with a POST to the post itself, so the
    # access check of every page (access.wagtail_hooks) applies to it.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    @property
    def is_urgent(self):
        """Urgent and for the whole school (directly under the school page): it goes out at once."""
        return self.urgent and self.depth == 3

    @property
    def has_event(self):
        return self.event_date is not None

    @property
    def answers_open(self):
        """Parents can answer the invitation until the end of the event's day."""
        return self.rsvp_enabled and self.has_event and self.event_date >= timezone.localdate()

    def serve(self, request, *args, **kwargs):
        """Show the post; record a parent's read; take a parent's answer (news.views)."""
        return _views().serve_post(self, request)

    def get_context(self, request, *args, is_parent=None, answer_form=None, answer_error=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return _views().post_context(
            self, request, context, is_parent=is_parent, answer_form=answer_form, answer_error=answer_error
        )

    def clean(self):
        super().clean()
        errors = {}
        has_event_details = self.event_start or self.event_end or self.event_place or self.rsvp_enabled
        if has_event_details and self.event_date is None:
            errors["event_date"] = _("An event invitation needs a date.")
        if self.event_end and not self.event_start:
            errors["event_start"] = _("Give a start time too, or leave the end time empty.")
        if self.event_start and self.event_end and self.event_end <= self.event_start:
            errors["event_end"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.excerpt, self.preview_image_ids = summarise(self.body)
        return super().save(*args, **kwargs)


# The end of a paragraph, heading or list item, and a line break: a space in
# the excerpt, so "<p>Tot morgen.</p><p>Groet</p>" reads "Tot morgen. Groet".
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>)", re.IGNORECASE)


def summarise(body):
    """The excerpt (start of the text) and the first photos' ids of a post body."""
    texts = []
    image_ids = []
    for block in body:
        if block.block_type == "text" and len(texts) < 3:
            texts.append(strip_tags(BLOCK_END.sub(r"\1 ", block.value.source)))
        elif block.block_type == "gallery":
            for image in block.value["images"]:
                if image is not None and len(image_ids) < PREVIEW_PHOTOS:
                    image_ids.append(image.pk)
    excerpt = Truncator(" ".join(" ".join(texts).split())).words(EXCERPT_WORDS)
    return excerpt, image_ids


def source_post(post):
    """The post in the default language, which reads and answers belong to."""
    if post.locale.language_code == settings.LANGUAGE_CODE:
        return post
    return (
        PostPage.objects.filter(
            translation_key=post.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        or post
    )


class PostRead(models.Model):
    """A user has opened a post. Recorded once, the first time."""

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="reads", verbose_name=_("post"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reads", verbose_name=_("user")
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("read post")
        verbose_name_plural = _("read posts")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="unique_post_read")]

    def __str__(self):
        return f"{self.user} · {self.post}"


class EventResponse(models.Model):
    """A parent's answer to a post's event invitation; a later answer replaces it."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"
    ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No")), (MAYBE, _("Maybe"))]

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="responses", verbose_name=_("post"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_responses", verbose_name=_("parent")
    )
    answer = models.CharField(_("answer"), max_length=5, choices=ANSWER_CHOICES)
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PEOPLE_PER_ANSWER)],
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer to an invitation")
        verbose_name_plural = _("answers to invitations")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="unique_event_response")]

    def __str__(self):
        return f"{self.user} · {self.get_answer_display()} · {self.post}"


class NewsSettings(SchoolSettings):
    """How one school publishes: directly, or after the director's approval.

    Belongs to the school page in the default language; created on demand
    with the defaults (`for_school`).
    """

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="news_settings", verbose_name=_("school")
    )
    approval_required = models.BooleanField(
        _("teachers' posts need the director's approval"),
        default=False,
        help_text=_("When on, a post by a teacher appears only after a director has approved it."),
    )
    # The school's approval workflow ("Goedkeuring directie – <school>"),
    # made the first time approval is switched on and kept (inactive) while
    # it is off, so switching back on reuses it. See news.approval.
    approval_workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="news_settings",
        verbose_name=_("approval workflow"),
    )

    class Meta:
        verbose_name = _("news settings")
        verbose_name_plural = _("news settings")
