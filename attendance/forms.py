"""The parent's forms: an absence report, and the "recovered" report that closes a sick one.

Both are plain Django forms served by `AbsenceReportPage` (attendance.views).
They know nothing of who may do what: the view hands the absence form the
children `access.rules.own_children_at` allows, and a child id outside
them is an invalid choice like any other wrong input.

Days and times are wall-clock values on the site's clock (Europe/Amsterdam).
Days are checked against sane bounds before they become moments, so no input
can overflow a date or reach the database unchecked.
"""

import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import NOTE_MAX_LENGTH, AbsenceReport, moment, site_timezone

# How far from today a report may reach: a late report of last week, an
# appointment planned well ahead. Not school policy, a guard against typos
# (a year 2062 instead of 2026) and impossible dates.
DAYS_BACK = 31
DAYS_AHEAD = 366


def local_now():
    return timezone.localtime(timezone.now(), site_timezone())


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ChildChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Choose the child (or children) who will be absent."),
                "invalid_choice": _("Choose only your own children at this school."),
            },
            **kwargs,
        )


class AbsenceReportForm(forms.Form):
    """Children, reason, a note, and when the absence starts and (optionally, for an appointment always) ends."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    children = ChildChoiceField(label=_("Who is absent?"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=AbsenceReport.REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason."), "invalid_choice": _("Choose one of the reasons.")},
    )
    note = forms.CharField(
        label=_("Note for the school"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the teacher should know. Required when you choose 'Other'."),
    )
    first_day = forms.DateField(label=_("First day"), widget=DayInput)
    first_time = forms.TimeField(label=_("From"), widget=TimeInput)
    end_day = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DayInput,
        help_text=_(
            "For an appointment: when your child is back. Leave empty for a sick report until your child is better."
        ),
    )
    end_time = forms.TimeField(label=_("Until"), required=False, widget=TimeInput)

    def __init__(self, *args, children, school_starts_at, open_sick_child_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children_by_id = {child.pk: child for child in children}
        self.fields["children"].choices = [(child.pk, f"{child.first_name} {child.last_name}") for child in children]
        self.open_sick_child_ids = set(open_sick_child_ids)
        if not self.is_bound:
            now = local_now()
            starts = school_starts_at if now.time() < school_starts_at else now.time().replace(second=0, microsecond=0)
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("first_day", now.date())
            self.initial.setdefault("first_time", starts)
            if len(children) == 1:
                self.initial.setdefault("children", [children[0].pk])

    def clean_children(self):
        return list(dict.fromkeys(self.cleaned_data["children"]))  # a child ticked twice is one child

    def clean_first_day(self):
        return _within_bounds(self.cleaned_data["first_day"])

    def clean_end_day(self):
        day = self.cleaned_data.get("end_day")
        return _within_bounds(day) if day else day

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if reason == AbsenceReport.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Tell the school what the absence is for."))

        first_day, first_time = data.get("first_day"), data.get("first_time")
        end_day, end_time = data.get("end_day"), data.get("end_time")
        if end_time and not end_day and first_day:
            end_day = data["end_day"] = first_day  # an appointment on the same day
        if end_day and not end_time and "end_time" not in self.errors:
            self.add_error("end_time", _("Give the time your child is back as well."))
        if reason in AbsenceReport.APPOINTMENTS and not end_time and "end_time" not in self.errors:
            self.add_error("end_time", _("An appointment needs an end: give the time your child is back."))

        starts_at = moment(first_day, first_time) if first_day and first_time else None
        ends_at = moment(end_day, end_time) if end_day and end_time else None
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("end_time", _("The end must be after the start."))
        data["starts_at"], data["ends_at"] = starts_at, ends_at

        if reason == AbsenceReport.SICK and ends_at is None:
            chosen = data.get("children") or []
            already = [self.children_by_id[pk] for pk in chosen if pk in self.open_sick_child_ids]
            if already:
                names = ", ".join(child.first_name for child in already)
                self.add_error(
                    "children",
                    _(
                        "%(names)s is already reported sick. Report your child better first (in the list below), "
                        "or give a last day."
                    )
                    % {"names": names},
                )
        return data

    @property
    def chosen_children(self):
        return [self.children_by_id[pk] for pk in self.cleaned_data["children"]]


class RecoveredForm(forms.Form):
    """The child is better: from which day and time (default now)."""

    day = forms.DateField(label=_("Better from (day)"), widget=DayInput)
    time = forms.TimeField(label=_("Time"), widget=TimeInput)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if not self.is_bound:
            now = local_now()
            self.initial.setdefault("day", now.date())
            self.initial.setdefault("time", now.time().replace(second=0, microsecond=0))

    def clean_day(self):
        return _within_bounds(self.cleaned_data["day"], days_back=None)

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            ends_at = moment(data["day"], data["time"])
            if ends_at <= self.report.starts_at:
                self.add_error("time", _("Your child cannot be better before the absence started."))
            data["ends_at"] = ends_at
        return data


def _within_bounds(day, days_back=DAYS_BACK, days_ahead=DAYS_AHEAD):
    today = local_now().date()
    if days_back is not None and day < today - datetime.timedelta(days=days_back):
        raise forms.ValidationError(
            _("Choose a day at most %(days)s days ago."), code="too_early", params={"days": days_back}
        )
    if day > today + datetime.timedelta(days=days_ahead):
        raise forms.ValidationError(_("Choose a day within the coming year."), code="too_late")
    if days_back is None and day < datetime.date(1900, 1, 1):
        raise forms.ValidationError(_("Choose a real day."), code="too_early")
    return day
