"""Upload forms: content checks, size limits and the default collection.

`ImageForm` and `DocumentForm` are Wagtail's own forms with our checks added;
settings point Wagtail at them (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE), so the single upload, the multiple upload
and the chooser's upload tab all use them. `VideoForm` is the base form of
the video snippet's edit handler.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.models import Collection

from privatemedia import cleaning, validation
from privatemedia.collections import default_collection
from privatemedia.permissions import video_permission_policy


def _is_new_upload(value):
    return isinstance(value, UploadedFile)


def _preselect_collection(form, user):
    """A new upload goes to the user's class group unless they choose otherwise."""
    field = form.fields.get("collection")
    if field is None or form.instance.pk or user is None:
        return
    choice = default_collection(user, field.queryset)
    if choice is not None:
        form.initial["collection"] = choice.pk


class SafeImageField(WagtailImageField):
    """Wagtail's image field, but a damaged file is a form error, not a 500.

    Wagtail's own checks read the image lazily and let Pillow's OSError
    ("Truncated File Read") escape for a truncated JPEG. SVG and other
    markup get a message of their own, whatever the file is called.
    """

    def to_python(self, data):
        if _is_new_upload(data):
            validation.refuse_markup(data)
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, SafeImageField):
            self.fields["file"] = SafeImageField(label=field.label, required=field.required, widget=field.widget)
        _preselect_collection(self, user)

    def clean_file(self):
        """Checked by content, then stored as its pixels only (privatemedia.cleaning)."""
        file = self.cleaned_data.get("file")
        if _is_new_upload(file):
            validation.validate_image(file)
            file, _cleaned = cleaning.cleaned_file(file)
        return file


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        _preselect_collection(self, user)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if _is_new_upload(file):
            validation.validate_document(file, settings.WAGTAILDOCS_EXTENSIONS)
        return file


class VideoForm(WagtailAdminModelForm):
    """Collections limited to where the user may add videos; content checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is not None:
            field.empty_label = None
            if self.for_user is not None:
                allowed = video_permission_policy().collections_user_has_permission_for(self.for_user, "add")
                if self.instance.pk:
                    allowed = allowed | Collection.objects.filter(pk=self.instance.collection_id)
                field.queryset = allowed
                _preselect_collection(self, self.for_user)
        if "file" in self.fields:
            self.fields["file"].widget.attrs.setdefault("accept", "video/mp4,video/webm")
            self.fields["file"].help_text = _("MP4 or WebM.")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if _is_new_upload(file):
            kind = validation.validate_video(file)
            # Store under the extension of the content, so it is served with
            # the right Content-Type whatever the uploader called it.
            base = os.path.splitext(os.path.basename(file.name))[0] or "video"
            file.name = f"{base}.{kind}"
        return file

    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None and self.instance.uploaded_by_id is None:
            self.instance.uploaded_by = self.for_user
        return super().save(commit=commit)
