from django import forms
from django.utils.translation import gettext_lazy as _

from twofactor.devices import normalized


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        error_messages={"required": _("Enter the code from your app or a recovery code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalized(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(self.fields["code"].error_messages["required"], code="required")
        return code


class SetupCodeForm(forms.Form):
    """The six digits the new authenticator app shows, to prove it was set up."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        error_messages={"required": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )

    def clean_code(self):
        code = normalized(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your app shows."), code="format")
        return code
