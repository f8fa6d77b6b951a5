"""Forms of the account pages."""

from functools import partial

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from access.rules import scope_of
from accounts.tasks import send_password_reset


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with e-mail address and password.

    The e-mail address is matched case-insensitively by
    `UserManager.get_by_natural_key`. A wrong password, an unknown address and
    a switched-off account all get the same message.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again, "
            "or ask for a new password if you forgot yours."
        ),
        "inactive": _("This account has been switched off. Ask the school if this is a mistake."),
        "no_school": _("Your account does not give access to a school. Ask the school if this is a mistake."),
    }

    def confirm_login_allowed(self, user):
        """Refuse someone who belongs nowhere, instead of logging them in and out again."""
        super().confirm_login_allowed(user)
        if not scope_of(user).is_member:
            raise forms.ValidationError(self.error_messages["no_school"], code="no_school")


class PasswordResetRequestForm(PasswordResetForm):
    """Ask for a reset link. The mail is a task; whether anyone gets it is decided there."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def save(self, **kwargs):
        """Enqueue the task for every well-formed address, known or not (see the task)."""
        transaction.on_commit(partial(send_password_reset.enqueue, self.cleaned_data["email"]))
