"""Policies and consent.

Two parts share this app, each under its own heading: consent for photos
and data (the purposes a school asks consent for, parents' answers, the
children marked in photos, the school's consent settings) and the school's
policies and code of conduct.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes.models import Child
from home.models import SchoolPage
from home.school_settings import SchoolSettings

# Consent ------------------------------------------------------------------
#
# A school asks consent per purpose (`ConsentPurpose`, a school setting) and
# per school year. A parent answers yes or no per child and purpose; every
# answer is a new `ConsentAnswer` row (who, when, what), never changed or
# deleted, and the latest one for (child, purpose, school year) counts. No
# answer counts as "not given". The built-in purpose with code
# `PORTAL_PHOTOS` decides whether a child may appear in photos on the
# portal (`PhotoMark`, policies.consent.photos).

PORTAL_PHOTOS = "portal_photos"


class ConsentPurpose(models.Model):
    """One thing a school asks consent for (photos on the portal, on the website, ...)."""

    school = models.ForeignKey(
        SchoolPage, on_delete=models.CASCADE, related_name="consent_purposes", verbose_name=_("school")
    )
    # Stable name of a built-in purpose (PORTAL_PHOTOS gates photos); empty for a school's own purposes.
    code = models.SlugField(_("code"), max_length=40, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(
        _("explanation for parents"), blank=True, help_text=_("What the school does with it, in plain words.")
    )
    active = models.BooleanField(
        _("asked"), default=True, help_text=_("Switch off to stop asking for this purpose. Given answers are kept.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], condition=~Q(code=""), name="unique_consent_purpose_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_portal_photos(self):
        return self.code == PORTAL_PHOTOS


class ConsentAnswer(models.Model):
    """A parent's answer for one child, one purpose, one school year. Append-only: the latest counts."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consent_answers", verbose_name=_("child"))
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.CASCADE, related_name="answers", verbose_name=_("purpose")
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    given = models.BooleanField(_("consent given"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consent_answers",
        verbose_name=_("answered by"),
    )
    # Kept even when the account is deleted: who answered stays demonstrable.
    answered_by_name = models.CharField(_("answered by (name)"), max_length=255, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("consent answer")
        verbose_name_plural = _("consent answers")
        ordering = ["-answered_at", "-pk"]
        indexes = [
            models.Index(fields=["child", "purpose", "school_year", "-answered_at"], name="consent_answer_latest")
        ]

    def __str__(self):
        return f"{self.child} · {self.purpose} · {'yes' if self.given else 'no'}"


class ConsentSettings(SchoolSettings):
    """How one school asks for consent and shares photos. Created on demand with the defaults."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="consent_settings", verbose_name=_("school")
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        default=7,
        help_text=_("Parents who have not answered are reminded by e-mail this many days apart. 0: no reminders."),
    )
    photo_downloads = models.BooleanField(
        _("parents may download photos"),
        default=True,
        help_text=_("When off, parents see photos on the portal but get no download link and no original file."),
    )

    class Meta:
        verbose_name = _("consent settings")
        verbose_name_plural = _("consent settings")


class ConsentRequest(models.Model):
    """The school asked a child's guardians for this school year's answers: when, and the last reminder."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consent_requests", verbose_name=_("child"))
    school_year = models.PositiveSmallIntegerField(_("school year"))
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        constraints = [models.UniqueConstraint(fields=["child", "school_year"], name="unique_consent_request")]

    def __str__(self):
        return f"{self.child} · {self.school_year}"


class PhotoMark(models.Model):
    """A child appears in a photo. Marked by staff on the image (its edit form)."""

    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="child_marks", verbose_name=_("photo")
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="photo_marks", verbose_name=_("child"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("child in a photo")
        verbose_name_plural = _("children in photos")
        constraints = [models.UniqueConstraint(fields=["image", "child"], name="unique_photo_mark")]

    def __str__(self):
        return f"{self.child} · {self.image}"


# Policies -----------------------------------------------------------------
#
# A school's own policies are pages (`PolicyPage`, directly under the school,
# so every member of the school reads them like any school-wide page). Each
# page has an explicit version number: the editor says, when publishing,
# whether the change is a small correction (the version stays), a new
# version, or a new version that parents must read and accept. Every
# published version is recorded once (`PolicyVersion`, with the day it took
# effect); a parent's acceptance of a version is one `PolicyAcceptance` row.
# Versions and acceptances belong to the page in the site's default language;
# its translations show the same version. See policies/conduct.py for who is
# asked and when.

from wagtail.admin.panels import FieldPanel, MultiFieldPanel  # noqa: E402
from wagtail.fields import RichTextField  # noqa: E402
from wagtail.models import Page  # noqa: E402

from policies.conduct.forms import PolicyPageForm  # noqa: E402


class PolicyPage(Page):
    """A policy of the school: how the portal is used, the privacy statement, the code of conduct."""

    PORTAL_USE = "portal_use"
    PRIVACY = "privacy"
    CONDUCT = "conduct"
    OTHER = "other"
    KIND_CHOICES = [
        (PORTAL_USE, _("How we use the portal")),
        (PRIVACY, _("Privacy statement")),
        (CONDUCT, _("Code of conduct")),
        (OTHER, _("Other policy")),
    ]

    kind = models.CharField(_("kind of policy"), max_length=20, choices=KIND_CHOICES, default=OTHER)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences parents read first, above the full text.")
    )
    body = RichTextField(_("text"))
    # Set by the edit form (PolicyPageForm) from the editor's choice and
    # checked again when the page is published (policies.conduct.acceptance).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The latest version parents must accept (0: none asks for acceptance).
    acceptance_version = models.PositiveIntegerField(_("version parents must accept"), default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("change")], heading=_("Version")),
    ]

    base_form_class = PolicyPageForm
    parent_page_types = ["home.SchoolPage"]
    subpage_types = []
    template = "policies/policy_page.html"

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def get_context(self, request, *args, **kwargs):
        # policies.conduct.acceptance imports this module's models: imported when a page is shown, not when models load.
        from policies.conduct import acceptance as conduct

        context = super().get_context(request, *args, **kwargs)
        context.update(conduct.page_context(self, request))
        return context


class PolicyVersion(models.Model):
    """One published version of a policy: its number, since when it applies, and whether parents must accept it.

    Written once when the version is first published (policies.conduct.acceptance), so
    the page can list the dates of earlier versions and the directors'
    overview can count acceptances per version.
    """

    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("policy"))
    # The school, stored for scoping and counting parents in one query.
    school = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    number = models.PositiveIntegerField(_("version"))
    requires_acceptance = models.BooleanField(_("parents must accept"), default=False)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["page", "-number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="unique_policy_version")]

    def __str__(self):
        return f"{self.page.title} · {self.number}"


class PolicyAcceptance(models.Model):
    """A parent read and accepted one version of a policy. One row per user, policy and version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances", verbose_name=_("parent")
    )
    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="acceptances", verbose_name=_("policy"))
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "version"], name="unique_policy_acceptance"),
        ]
        indexes = [models.Index(fields=["page", "version"], name="policy_acceptance_version")]

    def __str__(self):
        return f"{self.user} · {self.page_id} · {self.version}"
