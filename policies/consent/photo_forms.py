"""The image form with "who is in this photo": staff mark the children of the photo's group.

Wagtail's image forms (edit, and the multiple uploader's per-image form)
are built on WAGTAILIMAGES_IMAGE_FORM_BASE, which points here. The choice
is limited to the pupils of the group that owns the photo's collection
(`access.rules.children_of_page`) whom the user may see
(`access.rules.visible_children`); marks of other children are kept as they are.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from access.rules import children_of_page, visible_children
from classes.models import Child
from policies.models import PhotoMark
from privatemedia.forms import ImageForm as PrivateMediaImageForm


class ImageForm(PrivateMediaImageForm):
    def __init__(self, *args, **kwargs):
        self._marking_user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        choices = self.markable_children()
        if choices is not None:
            self.fields["children"] = forms.ModelMultipleChoiceField(
                queryset=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Children in this photo"),
                help_text=_(
                    "Mark every child of the group who can be recognised. Parents see the photo only while every "
                    "marked child has consent for photos on the portal."
                ),
            )
            self.initial["children"] = list(
                PhotoMark.objects.filter(image=self.instance, child__in=choices).values_list("child_id", flat=True)
            )

    def markable_children(self):
        """The pupils of the photo's group the user may see, or None for a photo not yet in a group."""
        if not self.instance.pk or self.instance.collection_id is None:
            return None
        group = Page.objects.filter(media_collection_link__collection_id=self.instance.collection_id).first()
        if group is None:
            return None
        user = self._marking_user
        children = children_of_page(group)
        if user is not None:
            children = children.filter(pk__in=visible_children(user).values("pk"))
        return Child.objects.filter(pk__in=children.values("pk")).order_by("first_name", "last_name")

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit and "children" in self.fields and "children" in self.cleaned_data:
            self.save_marks(image)
        return image

    @transaction.atomic
    def save_marks(self, image):
        choices = self.fields["children"].queryset
        wanted = {child.pk for child in self.cleaned_data["children"]}
        current = set(PhotoMark.objects.filter(image=image, child__in=choices).values_list("child_id", flat=True))
        PhotoMark.objects.filter(image=image, child_id__in=current - wanted).delete()
        for child_id in wanted - current:
            PhotoMark.objects.get_or_create(image=image, child_id=child_id, defaults={"marked_by": self._marking_user})
