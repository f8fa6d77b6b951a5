"""Leave requests: the page parents ask on, the requests, their history, and each school's settings.

A `LeaveRequestPage` is a Wagtail page under a school that editors place and
describe like any page; it serves the request form itself (`leave.views`,
routed by RoutablePageMixin) and writes `LeaveRequest` rows. Every step of a
request (submitted, decided, withdrawn) is a `LeaveRequestEvent`: who, when,
and on what grounds. `LeaveSettings` holds the school's own policy.

Requests, events and settings belong to the school page in the default
language (a translation of the school finds them by translation key), like
the school calendar's rows.
"""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from classes.models import Child, Guardianship
from home.models import SchoolPage
from home.school_settings import SchoolSettings
from leave import rules

DEFAULT_HOLIDAY_NOTICE_WEEKS = 8
DEFAULT_RELIGIOUS_NOTICE_DAYS = 2


class LeaveRequestPage(RoutablePageMixin, Page):
    """The school's page for leave requests: an introduction by the school, the form, the parent's own requests."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the form: when parents can ask for leave, and what the school needs from them."),
    )
    after_submit = RichTextField(
        _("after submitting"),
        blank=True,
        help_text=_("Shown with every request the parent submitted, e.g. how long the director usually takes."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("after_submit")]

    # Directly under a school, so it is school-wide (access.rules) and its
    # school is the first two steps of its path.
    parent_page_types = ["home.SchoolPage"]
    subpage_types = []
    max_count_per_parent = 1

    template = "leave/leave_request_page.html"

    class Meta:
        verbose_name = _("leave request page")
        verbose_name_plural = _("leave request pages")

    # The routes; the views themselves are in leave.views.
    @path("")
    def index_route(self, request):
        """The introduction, the form (GET, and POST to submit) and the parent's own requests."""
        return _views().index(self, request)

    @path("aanvraag/<int:request_id>/")
    def request_detail(self, request, request_id):
        """One of the parent's requests, with its history."""
        return _views().detail(self, request, request_id)

    @path("aanvraag/<int:request_id>/intrekken/")
    def withdraw(self, request, request_id):
        """Withdraw a pending request (POST)."""
        return _views().withdraw(self, request, request_id)


def _views():
    """leave.views, imported when a route runs: it imports this module's models, so it cannot be imported here."""
    from leave import views

    return views


class LeaveSettings(SchoolSettings):
    """One school's leave policy: notice periods, attachments, the attendance officer. Edited by its directors."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="leave_settings", verbose_name=_("school")
    )
    holiday_notice_weeks = models.PositiveSmallIntegerField(
        _("notice for holiday leave (weeks)"),
        default=DEFAULT_HOLIDAY_NOTICE_WEEKS,
        validators=[MaxValueValidator(52)],
        help_text=_("Parents are asked to request holiday leave at least this many weeks ahead."),
    )
    religious_notice_days = models.PositiveSmallIntegerField(
        _("notice for a religious obligation (days)"),
        default=DEFAULT_RELIGIOUS_NOTICE_DAYS,
        validators=[MaxValueValidator(60)],
        help_text=_("Parents are asked to tell the school of a religious obligation at least this many days ahead."),
    )
    holiday_attachment_required = models.BooleanField(
        _("employer's statement required for holiday leave"),
        default=False,
        help_text=_(
            "Parents must attach a statement of their employer (or a self-employed statement) to a holiday leave request."
        ),
    )
    attendance_officer_name = models.CharField(_("attendance officer"), max_length=150, blank=True)
    attendance_officer_email = models.EmailField(
        _("attendance officer's e-mail address"),
        blank=True,
        help_text=_("Requests beyond 10 school days for important circumstances are forwarded to this address."),
    )

    class Meta:
        verbose_name = _("leave settings")
        verbose_name_plural = _("leave settings")

    @property
    def policy(self):
        return rules.Policy(
            holiday_notice_weeks=self.holiday_notice_weeks, religious_notice_days=self.religious_notice_days
        )


def attachment_path(instance, filename):
    """Stored under an unguessable name; the original name is kept on the request."""
    extension = os.path.splitext(filename)[1].lower()
    return f"leave/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"


class LeaveRequestQuerySet(models.QuerySet):
    def pending_first(self):
        """Waiting requests first (the soonest leave on top), then the rest, newest first."""
        waiting = models.Case(models.When(status__in=rules.PENDING, then=0), default=1)
        return self.annotate(_waiting=waiting).order_by("_waiting", "first_day", "-created_at")


class LeaveRequest(models.Model):
    school = models.ForeignKey(
        SchoolPage, on_delete=models.PROTECT, related_name="leave_requests", verbose_name=_("school")
    )
    page = models.ForeignKey(
        LeaveRequestPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page"),
    )
    # The parent who asked. Kept when their account goes (the school keeps its
    # decisions); the name below says who it was.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="leave_requests",
        verbose_name=_("requested by"),
    )
    requested_by_name = models.CharField(_("name of the parent"), max_length=300, blank=True)
    # The parent's relation to the children (mother, father, ...), as the roster had it.
    relation = models.CharField(_("relation"), max_length=20, blank=True)
    children = models.ManyToManyField(Child, related_name="leave_requests", verbose_name=_("children"))
    kind = models.CharField(_("kind of leave"), max_length=20, choices=rules.KIND_CHOICES)
    reason = models.CharField(_("reason"), max_length=20, choices=rules.REASON_CHOICES, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    school_days = models.PositiveSmallIntegerField(_("school days"))
    school_year = models.PositiveSmallIntegerField(_("school year"), db_index=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=200)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=rules.STATUS_CHOICES, default=rules.SUBMITTED)
    # The problems the rules found when the parent submitted (codes), for the queue.
    problems_at_submission = models.JSONField(default=list, blank=True)
    # One per form: a second submit of the same form finds this request again.
    submission_key = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="leave_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.first_day:%Y-%m-%d}–{self.last_day:%Y-%m-%d}"

    @property
    def is_pending(self):
        return self.status in rules.PENDING

    @property
    def is_decided(self):
        return self.status in (rules.APPROVED, rules.REJECTED)

    def children_names(self):
        return ", ".join(str(child) for child in self.children.all())

    def get_relation_display(self):
        return dict(Guardianship.RELATION_CHOICES).get(self.relation, self.relation)


class LeaveRequestEvent(models.Model):
    """One step of a request: who did what, when, and why."""

    ACTION_CHOICES = [
        ("submit", _("submitted")),
        (rules.APPROVE, _("approved")),
        (rules.REJECT, _("rejected")),
        (rules.FORWARD, _("forwarded to the attendance officer")),
        (rules.ACKNOWLEDGE, _("acknowledged")),
        (rules.WITHDRAW, _("withdrawn")),
    ]

    request = models.ForeignKey(
        LeaveRequest, on_delete=models.CASCADE, related_name="history", verbose_name=_("request")
    )
    action = models.CharField(_("action"), max_length=20, choices=ACTION_CHOICES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The name as it was, so the history still reads right if the account goes.
    user_name = models.CharField(_("name"), max_length=300)
    at = models.DateTimeField(_("at"), default=timezone.now)
    grounds = models.TextField(_("grounds"), blank=True)

    class Meta:
        verbose_name = _("leave request step")
        verbose_name_plural = _("leave request steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.user_name} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_decision(self):
        return self.action in rules.DECISIONS
