"""Each school's retention periods, and the log of what the daily task removed.

`RetentionSettings` holds one period per kind of personal data, edited by
the school's directors; the defaults follow the law where there is one (the
Leerplichtwet's absence data: 5 years after the pupil left) and a modest
school policy elsewhere (README, "Retention"). Which data a period governs
is said by the rules the areas register (`retention.registry`).

`RetentionLogEntry` records per run, school and rule how many items went
and when: never who or what they were, so the log itself holds no personal
data and is kept.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import SchoolPage
from home.school_settings import SchoolSettings
from retention.registry import ACTION_CHOICES, get_rule

# The Leerplichtwet's absence data are kept 5 years after the pupil left the
# school: a school may keep them longer (up to 10), never shorter.
LEGAL_ABSENCE_YEARS = 5


class RetentionSettings(SchoolSettings):
    """How long one school keeps each kind of personal data. Belongs to the school in the default language."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="retention_settings", verbose_name=_("school")
    )
    absence_years = models.PositiveSmallIntegerField(
        _("absence reports (years after the child left)"),
        default=LEGAL_ABSENCE_YEARS,
        validators=[MinValueValidator(LEGAL_ABSENCE_YEARS), MaxValueValidator(10)],
        help_text=_(
            "The law asks schools to keep absence data for 5 years after a pupil leaves the school. "
            "Reports of children still at school are kept."
        ),
    )
    leave_school_years = models.PositiveSmallIntegerField(
        _("leave requests (school years after the school year of the leave)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "After this the request is anonymised: the parent, the children, the explanation, the attachment and "
            "the grounds of the decision go; the kind, the dates and the outcome stay for the figures."
        ),
    )
    conversation_months = models.PositiveSmallIntegerField(
        _("conversations (months after the last message)"),
        default=24,
        validators=[MinValueValidator(3), MaxValueValidator(120)],
        help_text=_("The whole conversation goes, with its messages and attachments."),
    )
    photo_months = models.PositiveSmallIntegerField(
        _("photos of children who left (months after leaving)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("A photo in which a child who left is marked is deleted, also from the posts it was in."),
    )
    parent_account_months = models.PositiveSmallIntegerField(
        _("accounts of parents without a child at school (months after the last child left)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("The account is deleted and its sessions end. Staff accounts are never deleted by this."),
    )
    moderation_months = models.PositiveSmallIntegerField(
        _("handled reports and removed reactions (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Counted from when the report was handled or the reaction was removed. Open reports stay."),
    )
    outbox_days = models.PositiveSmallIntegerField(
        _("sent notifications in the outbox (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_(
            "Sent, failed and skipped e-mails and push notifications. Announcements of posts stay, so a post "
            "published again is not announced twice."
        ),
    )

    class Meta:
        verbose_name = _("retention periods")
        verbose_name_plural = _("retention periods")


class RetentionLogEntry(models.Model):
    """One rule applied to one school in one run: how many items went. No personal data."""

    school = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    rule = models.CharField(_("rule"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=ACTION_CHOICES)
    count = models.PositiveIntegerField(_("number of items"))
    period = models.PositiveSmallIntegerField(_("period"))
    ran_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    failed = models.BooleanField(_("failed"), default=False)

    class Meta:
        verbose_name = _("retention log entry")
        verbose_name_plural = _("retention log entries")
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["school", "ran_at"], name="retention_log_school")]

    def __str__(self):
        return f"{self.rule} · {self.count} · {self.ran_at:%Y-%m-%d %H:%M}"

    @property
    def label(self):
        """What went, as the rule calls it now (the key if the rule is gone)."""
        rule = get_rule(self.rule)
        return rule.label if rule is not None else self.rule
