"""The preferences form: how a person hears of new posts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import POST_CHOICES


class PreferenceForm(forms.Form):
    posts = forms.ChoiceField(
        label=_("When there is a new post"),
        choices=POST_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you hear of new posts."),
            "invalid_choice": _("Choose how you hear of new posts."),
        },
    )


class DeviceForm(forms.Form):
    device = forms.IntegerField(min_value=1, max_value=2**63 - 1)
