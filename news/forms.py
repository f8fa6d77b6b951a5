"""The form a parent answers a post's event invitation with."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from news.models import MAX_PEOPLE_PER_ANSWER, EventResponse


def _people_range_message():
    return gettext("Give a number of people from 0 to %(maximum)s.") % {"maximum": MAX_PEOPLE_PER_ANSWER}


PEOPLE_RANGE_MESSAGE = lazy(_people_range_message, str)()


class EventAnswerForm(forms.Form):
    """Yes, no or maybe, and how many people come.

    "No" brings nobody: its number is stored as 0, whatever was typed.
    "Yes" brings at least one person.
    """

    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=EventResponse.ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes, no or maybe."),
            "invalid_choice": _("Choose yes, no or maybe."),
        },
    )
    people = forms.IntegerField(
        label=_("With how many people?"),
        help_text=_("Yourself included."),
        required=False,
        min_value=0,
        max_value=MAX_PEOPLE_PER_ANSWER,
        error_messages={
            "invalid": PEOPLE_RANGE_MESSAGE,
            "min_value": PEOPLE_RANGE_MESSAGE,
            "max_value": PEOPLE_RANGE_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer")
        people = cleaned.get("people")
        if answer == EventResponse.NO:
            cleaned["people"] = 0
        elif answer and "people" not in self.errors:
            if people is None:
                self.add_error("people", _("Say with how many people you come."))
            elif answer == EventResponse.YES and people == 0:
                self.add_error("people", _("You answered yes: say with how many people you come, at least 1."))
        return cleaned
