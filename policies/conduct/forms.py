"""The policy page's edit form: the editor says what kind of change they publish.

A version number only means something if it changes when the content does,
and not for a typo. So the form asks, every time, one question with three
answers: a small correction (the version stays), a new version, or a new
version parents must read and accept. The answer is not stored as such: it
sets the page's `version` and `acceptance_version`, counted from the last
*published* version (`PolicyVersion`), so saving a draft twice or a preview
never counts up twice. Publishing records the version (policies.conduct.acceptance).
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

CORRECTION = "correction"
NEW_VERSION = "new"
MUST_ACCEPT = "accept"


def published_state(page):
    """(last published version number, latest version parents must accept) of a policy page; (0, 0) if none."""
    if page.pk is None:
        return 0, 0
    # Through the page's own relation: policies.models imports this module (base_form_class).
    numbers = list(page.versions.order_by("-number").values_list("number", "requires_acceptance"))
    if not numbers:
        return 0, 0
    required = next((number for number, requires in numbers if requires), 0)
    return numbers[0][0], required


def is_canonical(page):
    """Versions belong to the page in the site's default language; translations follow it."""
    locale = getattr(page, "locale", None)
    return locale is None or page.locale_id is None or locale.language_code == settings.LANGUAGE_CODE


class PolicyPageForm(WagtailAdminPageForm):
    change = forms.ChoiceField(
        label=_("What are you publishing?"),
        widget=forms.RadioSelect,
        required=True,
        help_text=_(
            "Parents who must accept a new version are asked to read it at their next visit, before anything else. "
            "Use this for a real change of the rules, not for a typo."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if not is_canonical(page):
            # A translation shows the version of its original; the question is asked there.
            del self.fields["change"]
            return
        published, _required = published_state(page)
        self.published_version = published
        if published:
            choices = [
                (CORRECTION, _("A small correction: it stays version %(number)s") % {"number": published}),
                (NEW_VERSION, _("Version %(number)s: parents do not have to accept it") % {"number": published + 1}),
                (MUST_ACCEPT, _("Version %(number)s: parents must read and accept it") % {"number": published + 1}),
            ]
            # A draft already marked as a new version keeps that answer.
            if page.version > published:
                initial = MUST_ACCEPT if page.acceptance_version == page.version else NEW_VERSION
            else:
                initial = CORRECTION
        else:
            choices = [
                (NEW_VERSION, _("Version 1: parents do not have to accept it")),
                (MUST_ACCEPT, _("Version 1: parents must read and accept it")),
            ]
            initial = MUST_ACCEPT if page.pk and page.acceptance_version else NEW_VERSION
        self.fields["change"].choices = choices
        self.initial.setdefault("change", initial)
        if not self.is_bound:
            self.fields["change"].initial = initial

    def clean(self):
        data = super().clean()
        # The page's own class: policies.models imports this module (base_form_class).
        if data.get("change") == MUST_ACCEPT and data.get("kind") == type(self.instance).PRIVACY:
            self.add_error(
                "change",
                _(
                    "A privacy statement informs parents; they do not accept it. Ask for consent separately "
                    "(consent), or choose another kind of policy."
                ),
            )
        return data

    def save(self, commit=True):
        page = super().save(commit=False)
        if "change" in self.fields:
            apply_change(page, self.cleaned_data["change"], *published_state(page))
        if commit:
            page.save()
        return page


def apply_change(page, change, published, required):
    """Set the page's version fields for the editor's answer, counted from what was last published."""
    if change == CORRECTION and published:
        page.version = published
        page.acceptance_version = required
    else:
        page.version = published + 1
        page.acceptance_version = page.version if change == MUST_ACCEPT else required
    return page
