"""The start form and the reply form of a conversation, and what an attachment must be.

Recipients can only be chosen from what `access.rules.conversation_recipients`
offers for the child; any other id, forged or stale, is a form error. An
attachment must be a photo (JPEG, PNG or WebP, verified by Pillow) or a PDF
(by its content, not its name), within the size limit; anything else is a
form error with a clear message, and the typed text stays in the form. A
photo is replaced here by its cleaned copy (`privatemedia.cleaning`: pixels
only, upright, sRGB, named after its content), so a photo that does not
decode is a form error too, and nothing of its metadata is ever stored.
"""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from privatemedia import cleaning, validation

PHOTO_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_ATTACHMENTS = 5
MAX_TEXT = 5000


def max_attachment_size():
    """Per file; read at call time so tests can lower it."""
    return getattr(settings, "CONVERSATIONS_MAX_ATTACHMENT_SIZE", 10 * 1024 * 1024)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero or more files, each a photo or a PDF."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(count)s files to one message.") % {"count": MAX_ATTACHMENTS}, code="too_many"
            )
        return [check_attachment(super(AttachmentsField, self).clean(file, initial)) for file in files]


def check_attachment(upload):
    """Refuse what is not a photo or a PDF by its content; a photo comes back cleaned and marked (`is_photo`)."""
    if upload.size > max_attachment_size():
        raise ValidationError(
            _("%(name)s is too big (%(size)s). The maximum is %(maximum)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "maximum": filesizeformat(max_attachment_size()),
            },
            code="file_too_large",
        )
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    validation.refuse_markup(upload)
    if extension in PHOTO_EXTENSIONS:
        image_format = validation.validate_image(upload)
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(
                _("Only photos (JPEG, PNG or WebP) and PDF files can be attached."), code="invalid_attachment"
            )
        upload, _cleaned = cleaning.cleaned_file(upload)
        upload.is_photo = True
    elif extension == "pdf":
        validation.validate_document(upload, ["pdf"])
        upload.is_photo = False
    else:
        raise ValidationError(
            _("Only photos (JPEG, PNG or WebP) and PDF files can be attached."), code="invalid_attachment"
        )
    return upload


class MessageFields(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        error_messages={"required": _("Write a message.")},
    )
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=_("Photos (JPEG, PNG, WebP) or PDF files, at most 5."),
    )
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was incomplete. Please check it and send it again."),
            "invalid": _("The form was incomplete. Please check it and send it again."),
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write a message."), code="required")
        return text


class ReplyForm(MessageFields):
    pass


class StartForm(MessageFields):
    """A new conversation about one child; the recipients are those the rules offer."""

    staff = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("recipients of a message", "To"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the people listed.")},
    )
    guardians = forms.TypedMultipleChoiceField(
        label=_("Parents"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the people listed.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, error_messages={"required": _("Fill in a subject.")})

    field_order = ["staff", "guardians", "subject", "text", "attachments", "submission_key"]

    def __init__(self, *args, as_parent, staff, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_parent = as_parent
        self.staff_users = {user.pk: user for user in staff}
        self.guardian_users = {user.pk: user for user in guardians}
        self.fields["staff"].choices = [(pk, _display(user, staff_role=True)) for pk, user in self.staff_users.items()]
        self.fields["guardians"].choices = [(pk, _display(user)) for pk, user in self.guardian_users.items()]
        if as_parent:
            self.fields["guardians"].label = _("Also include the child's other parents")
            self.fields["guardians"].help_text = _("Leave someone out if they should not read this conversation.")
        else:
            self.fields["guardians"].label = _("To the parents")
            if self.staff_users:
                self.fields["staff"].label = _("Also include colleagues")
                self.fields["staff"].help_text = _(
                    "The child's other teachers and the director; leave this empty to write alone."
                )
            else:
                del self.fields["staff"]
        if not self.is_bound:
            self.initial.setdefault("guardians", list(self.guardian_users))
            if as_parent and len(self.staff_users) == 1:
                self.initial.setdefault("staff", list(self.staff_users))

    def clean(self):
        data = super().clean()
        if self.as_parent:
            if "staff" not in self.errors and not data.get("staff"):
                self.add_error("staff", _("Choose whom you write to."))
        elif "guardians" not in self.errors and not data.get("guardians"):
            self.add_error("guardians", _("Choose at least one parent."))
        return data

    def chosen_staff(self):
        if "staff" not in self.fields:
            return []
        return [self.staff_users[pk] for pk in dict.fromkeys(self.cleaned_data.get("staff") or [])]

    def chosen_guardians(self):
        return [self.guardian_users[pk] for pk in dict.fromkeys(self.cleaned_data.get("guardians") or [])]


def _display(user, staff_role=False):
    name = user.get_full_name() or user.email
    role = getattr(user, "role_label", "")
    return f"{name} ({role})" if staff_role and role else name
