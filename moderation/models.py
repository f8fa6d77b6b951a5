"""Reactions of parents under class posts, and reports ("I have doubts about this").

* `ModerationSettings`: per school, whether parents may react at all (off
  until a director switches it on) and how long a reaction may be.
* `Reaction`: a short text under a post. Removing one keeps the row (who
  removed it and when): the school can show what happened, parents no
  longer see it.
* `Flag`: a parent's report about a post or a reaction, with a reason. The
  post's author and the school's directors handle it (hide the reaction,
  unpublish the post, or close it with a note); the reporter hears the
  outcome. One open report per reporter and object.

Reactions and reports belong to the post in the default language
(`news.models.source_post`), like reads and answers: a parent reading the
English translation sees the same reactions.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import SchoolPage
from home.school_settings import SchoolSettings
from news.models import PostPage

DEFAULT_MAX_LENGTH = 500
LONGEST_MAX_LENGTH = 2000
MAX_REASON_LENGTH = 1000
MAX_NOTE_LENGTH = 1000


class ModerationSettings(SchoolSettings):
    """One school's policy for reactions. Belongs to the school page in the default language."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="moderation_settings", verbose_name=_("school")
    )
    reactions_allowed = models.BooleanField(
        _("parents can react to class posts"),
        default=False,
        help_text=_(
            "Parents react with a short text under the posts of their children's class groups. Posts for the whole "
            "school get no reactions. The author of a post can still switch reactions off for that post."
        ),
    )
    max_length = models.PositiveSmallIntegerField(
        _("longest reaction (characters)"),
        default=DEFAULT_MAX_LENGTH,
        validators=[MinValueValidator(20), MaxValueValidator(LONGEST_MAX_LENGTH)],
    )

    class Meta:
        verbose_name = _("reaction settings")
        verbose_name_plural = _("reaction settings")


class Reaction(models.Model):
    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("author")
    )
    # Written by staff (the teacher answering), shown as such.
    by_staff = models.BooleanField(_("by staff"), default=False)
    text = models.TextField(_("reaction"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    # A key from the form, so a double submit (or a resend after a lost
    # answer) stores one reaction.
    submission = models.UUIDField(_("submission"), editable=False)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["author", "submission"], name="unique_reaction_submission")]
        indexes = [models.Index(fields=["post", "created_at"], name="reaction_post")]

    def __str__(self):
        return self.text[:60]

    @property
    def is_removed(self):
        return self.removed_at is not None


class Flag(models.Model):
    """A parent's report about a post or one of its reactions, and how the school handled it."""

    HIDE_REACTION = "hide_reaction"
    UNPUBLISH_POST = "unpublish_post"
    NO_ACTION = "no_action"
    OUTCOME_CHOICES = [
        (HIDE_REACTION, _("reaction hidden")),
        (UNPUBLISH_POST, _("post taken offline")),
        (NO_ACTION, _("no action")),
    ]

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags", verbose_name=_("reported by")
    )
    # The school whose directors handle it and whose working hours apply.
    school = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post"))
    # Empty when the report is about the post itself.
    reaction = models.ForeignKey(
        Reaction, on_delete=models.CASCADE, null=True, blank=True, related_name="flags", verbose_name=_("reaction")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=OUTCOME_CHOICES, blank=True)
    note = models.TextField(_("note to the parent"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open report per parent and object: a double submit is one report.
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(handled_at__isnull=True, reaction__isnull=True),
                name="one_open_flag_per_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reaction"],
                condition=Q(handled_at__isnull=True, reaction__isnull=False),
                name="one_open_flag_per_reaction",
            ),
        ]
        indexes = [models.Index(fields=["school", "handled_at"], name="flag_school_open")]

    def __str__(self):
        return f"{self.post.title} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.handled_at is None

    @property
    def is_about_reaction(self):
        return self.reaction_id is not None
