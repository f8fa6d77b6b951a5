"""The parent's leave request form, and the director's decision form.

The children can only be chosen from the parent's own active children at the
school (`access.rules.own_children_at`); any other id, forged or stale, is a
form error, never a request for someone else's child. Every check that
can be answered from the input alone is a form error here; what the law and
the school's policy say about a valid request is `leave.rules`' job.
"""

import datetime
import os

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leave import rules
from privatemedia import cleaning, validation

# A request covers at most this many calendar days; longer is not leave.
MAX_PERIOD_DAYS = 92
# How far back a first day may lie (important circumstances can be asked
# afterwards), and how far ahead.
MAX_DAYS_BACK = 31
MAX_DAYS_AHEAD = 400

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png"}
IMAGE_FORMATS = {"JPEG", "PNG"}
DOCUMENT_EXTENSIONS = ["pdf", "docx", "odt"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of leave?"),
        choices=rules.KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of leave."), "invalid_choice": _("Choose the kind of leave.")},
    )
    children = forms.TypedMultipleChoiceField(
        label=_("For which children?"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one child."),
            "invalid_choice": _("Choose only your own children at this school."),
            "invalid_list": _("Choose only your own children at this school."),
        },
    )
    first_day = forms.DateField(
        label=_("First day of leave"),
        widget=DateInput,
        error_messages={
            "required": _("Fill in the first day."),
            "invalid": _("Fill in a date, for example 2027-05-03."),
        },
    )
    last_day = forms.DateField(
        label=_("Last day of leave"),
        widget=DateInput,
        help_text=_("The last day your child is away (included)."),
        error_messages={
            "required": _("Fill in the last day."),
            "invalid": _("Fill in a date, for example 2027-05-07."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Reason (important circumstances)"),
        choices=[("", "—")] + rules.REASON_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the reasons.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_(
            "Holiday leave: why a holiday in the school holidays is not possible (for example your work). "
            "Religious obligation: which one. Other reason: what it is."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("For example your employer's statement. PDF, Word (docx), OpenDocument (odt), JPEG or PNG."),
    )
    confirm_problems = forms.BooleanField(
        label=_("I have read the problems above and want to submit the request anyway."),
        required=False,
    )
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was incomplete. Please check it and submit it again."),
            "invalid": _("The form was incomplete. Please check it and submit it again."),
        },
    )

    def __init__(self, *args, children, settings, calendar_loader, today=None, checking=False, **kwargs):
        """`children`: the parent's own children here; `calendar_loader(first, last)` gives the school's calendar.

        With `checking` (the parent only asks what the rules say) a required
        attachment may still be missing: a browser cannot keep a chosen file
        from one step to the next, so it is asked for when submitting.
        """
        super().__init__(*args, **kwargs)
        self.checking = checking
        self.own_children = {child.pk: child for child in children}
        self.leave_settings = settings
        self.calendar_loader = calendar_loader
        self.today = today or timezone.localdate()
        self.calendar = None
        self.school_days = None
        self.fields["children"].choices = [(child.pk, str(child)) for child in children]
        if not self.is_bound and len(children) == 1:
            self.initial.setdefault("children", [children[0].pk])
        if settings.holiday_attachment_required:
            self.fields["attachment"].help_text = _(
                "Holiday leave needs your employer's statement (or a self-employed statement). "
                "PDF, Word (docx), OpenDocument (odt), JPEG or PNG."
            )

    def clean_children(self):
        ids = self.cleaned_data["children"]
        chosen = [self.own_children[pk] for pk in dict.fromkeys(ids) if pk in self.own_children]
        if len(chosen) != len(set(ids)):
            raise ValidationError(self.fields["children"].error_messages["invalid_choice"], code="invalid_choice")
        return chosen

    def clean_attachment(self):
        """A photo (JPEG or PNG by its content) comes back cleaned; a document must be what its name says.

        A photo of a statement is stored as its pixels only
        (`privatemedia.cleaning`): the director downloads it and the
        attendance officer gets it by e-mail, and neither needs the phone's
        GPS position, serial number or owner name. The file is named after its
        content (a PNG called scan.jpg becomes scan.png), in the e-mail too.
        """
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        validation.refuse_markup(upload)
        if extension in IMAGE_EXTENSIONS:
            if validation.validate_image(upload) not in IMAGE_FORMATS:
                raise ValidationError(_("A photo must be a JPEG or PNG image."), code="invalid_image_content")
            if not self.checking:
                cleaned, _image = cleaning.cleaned_file(upload)
                return cleaned
        else:
            validation.validate_document(upload, DOCUMENT_EXTENSIONS + sorted(IMAGE_EXTENSIONS))
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day:
            self._check_period(first_day, last_day)
        explanation = (data.get("explanation") or "").strip()
        data["explanation"] = explanation
        if kind == rules.IMPORTANT:
            reason = data.get("reason")
            if not reason and "reason" not in self.errors:
                self.add_error("reason", _("Choose the reason, or “Other” and explain it below."))
            elif reason == rules.OTHER and not explanation:
                self.add_error("explanation", _("Explain the reason for the leave."))
        elif kind == rules.HOLIDAY and not explanation:
            self.add_error(
                "explanation",
                _("Explain why a holiday in the school holidays is not possible, for example because of your work."),
            )
        elif kind == rules.RELIGIOUS and not explanation:
            self.add_error("explanation", _("Name the religious obligation, for example the feast day."))
        if (
            kind == rules.HOLIDAY
            and self.leave_settings.holiday_attachment_required
            and not self.checking
            and not data.get("attachment")
            and "attachment" not in self.errors
        ):
            self.add_error(
                "attachment",
                _("The school needs your employer's statement (or a self-employed statement) for holiday leave."),
            )
        return data

    def _check_period(self, first_day, last_day):
        if last_day < first_day:
            self.add_error("last_day", _("The last day cannot be before the first day."))
            return
        if (last_day - first_day).days >= MAX_PERIOD_DAYS:
            self.add_error(
                "last_day",
                ngettext(
                    "A leave request can cover at most %(days)s day. For a longer absence, talk to the school.",
                    "A leave request can cover at most %(days)s days. For a longer absence, talk to the school.",
                    MAX_PERIOD_DAYS,
                )
                % {"days": MAX_PERIOD_DAYS},
            )
            return
        if first_day < self.today - datetime.timedelta(days=MAX_DAYS_BACK):
            self.add_error("first_day", _("Leave can only be asked for days in the past month or later."))
            return
        if first_day > self.today + datetime.timedelta(days=MAX_DAYS_AHEAD):
            self.add_error("first_day", _("Leave can be asked for at most a year ahead."))
            return
        if rules.spans_school_years(first_day, last_day):
            self.add_error(
                "last_day",
                _("The school year ends on 31 July: make one request for each school year."),
            )
            return
        self.calendar = self.calendar_loader(first_day, last_day)
        self.school_days = rules.count_school_days(self.calendar, first_day, last_day)
        if self.school_days == 0:
            self.add_error(
                "last_day",
                _(
                    "There are no school days in this period (weekends, holidays and closed days do not count): no leave is needed."
                ),
            )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(rules.APPROVE, ""), (rules.REJECT, ""), (rules.FORWARD, ""), (rules.ACKNOWLEDGE, "")],
        error_messages={"required": _("Choose what to do."), "invalid_choice": _("Choose what to do.")},
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text=_(
            "The parent reads these with the decision. For a forward: your advice to the attendance officer. "
            "Required, except when you acknowledge a religious obligation."
        ),
    )
