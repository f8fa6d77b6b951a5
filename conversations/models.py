"""1-on-1 conversations between a child's parents and the school's staff.

* `Conversation`: about one child at one school, with a subject; started by
  a parent (with the child's teachers or the director) or by staff (with
  the child's guardians). Closed by staff, after which it is read-only.
* `Participant`: who is in it (the only people who see it, see
  `access.rules.can_view_conversation`), as a parent or as staff, and up to
  when they have read it.
* `Message`: text by one participant, with optional `MessageAttachment`s
  (photos, PDF) stored as private media under an unguessable name and
  served by privatemedia's one serve view after `access.rules` agreed.
* `ConversationSettings`: per school, where its staff work on conversations
  (the Wagtail admin or the portal): the menu and the links in e-mails to
  staff point there.

Every submit carries a key (`submission_key`), unique in the database, so a
double click or a resent form creates one conversation or one message.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes.models import Child
from home.models import SchoolPage
from home.school_settings import SchoolSettings

ADMIN = "admin"
PORTAL = "portal"
WORKPLACE_CHOICES = [
    (ADMIN, _("In the admin (like posts and leave requests)")),
    (PORTAL, _("On the portal (like parents)")),
]


class ConversationSettings(SchoolSettings):
    """One school's choice of where its staff work on conversations. Edited by its directors."""

    school = models.OneToOneField(
        SchoolPage, on_delete=models.CASCADE, related_name="conversation_settings", verbose_name=_("school")
    )
    staff_workplace = models.CharField(
        _("staff work on conversations"),
        max_length=10,
        choices=WORKPLACE_CHOICES,
        default=ADMIN,
        help_text=_(
            "Where the menu and the links in e-mails send teachers and the director. The conversations are the same in both."
        ),
    )

    class Meta:
        verbose_name = _("conversation settings")
        verbose_name_plural = _("conversation settings")


class Conversation(models.Model):
    school = models.ForeignKey(
        SchoolPage, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("school")
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("child"))
    subject = models.CharField(_("subject"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    # The moment of the newest message: the listing's order.
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # One per start form: a second submit of the same form finds this conversation.
    submission_key = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self):
        return f"{self.subject} · {self.child}"

    @property
    def is_closed(self):
        return self.closed_at is not None


class Participant(models.Model):
    PARENT = "parent"
    STAFF = "staff"
    ROLE_CHOICES = [(PARENT, _("parent")), (STAFF, _("staff"))]

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("conversation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_participations",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ROLE_CHOICES)
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="one_participation_per_user")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    @property
    def is_staff(self):
        return self.role == self.STAFF


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # The name as it was, so the conversation still reads right if the account goes.
    author_name = models.CharField(_("author's name"), max_length=300)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    # One per reply form: a double submit creates one message.
    submission_key = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author_name} · {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    """Stored under an unguessable name; the original name is kept on the row."""
    extension = os.path.splitext(filename)[1].lower()
    return f"conversations/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    # A smaller copy of a large photo, shown in the conversation so a phone
    # does not load the original; the original stays one tap away.
    preview = models.FileField(_("preview"), upload_to=attachment_path, max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    is_image = models.BooleanField(_("photo"), default=False)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name
