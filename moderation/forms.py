"""The parents' forms: a reaction, a report. Messages are the portal's own, translated, and keep what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import DEFAULT_MAX_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH, Flag


class ReactionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reaction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your reaction first.")},
    )
    # A fresh key per form shown: a double submit stores one reaction.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was incomplete. Please send your reaction again."),
            "invalid": _("The form was incomplete. Please send your reaction again."),
        },
    )

    def __init__(self, *args, max_length=DEFAULT_MAX_LENGTH, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        self.fields["text"].help_text = _("At most %(max)s characters.") % {"max": max_length}

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > self.max_length:
            raise forms.ValidationError(
                _("A reaction can be at most %(max)s characters; yours has %(length)s."),
                params={"max": self.max_length, "length": len(text)},
                code="max_length",
            )
        return text


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What are your doubts?"),
        help_text=_("Only the author of the post and the school's directors read this."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell the school what your doubts are.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if len(reason) > MAX_REASON_LENGTH:
            raise forms.ValidationError(
                _("Please keep it to %(max)s characters; yours has %(length)s."),
                params={"max": MAX_REASON_LENGTH, "length": len(reason)},
                code="max_length",
            )
        return reason


ACTION_CHOICES = [
    (Flag.HIDE_REACTION, _("Hide the reaction from parents")),
    (Flag.UNPUBLISH_POST, _("Take the post offline")),
    (Flag.NO_ACTION, _("Close without action")),
]


class HandleFlagForm(forms.Form):
    """The admin's decision on a report."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with this report.")},
    )
    note = forms.CharField(
        label=_("Note to the parent"),
        required=False,
        help_text=_("The parent who reported it gets this with the outcome. Needed when you take no action."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, about_reaction=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not about_reaction:
            self.fields["outcome"].choices = [c for c in ACTION_CHOICES if c[0] != Flag.HIDE_REACTION]

    def clean(self):
        cleaned = super().clean()
        note = cleaned.get("note", "")
        if len(note) > MAX_NOTE_LENGTH:
            self.add_error("note", _("Please keep the note to %(max)s characters.") % {"max": MAX_NOTE_LENGTH})
        if cleaned.get("outcome") == Flag.NO_ACTION and not note.strip():
            self.add_error("note", _("Tell the parent why you take no action."))
        return cleaned
