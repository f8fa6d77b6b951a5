"""The absence overview in the Wagtail admin: a filtered list and its CSV export.

Every row comes from `access.rules.absence_reports_for_staff`: teachers see
their class groups, directors and administration their whole school. The
class-group filter offers only groups of those rows, so a forged group id is
an invalid choice (400), never a peek at another group. Parents never get
here: the admin is for staff (access.middleware), and `can_see_absences`
refuses anyone else.
"""

import csv
import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access.rules import absence_reports_for_staff, can_see_absences
from attendance.forms import DayInput
from attendance.models import AbsenceReport, site_timezone
from classes.models import ClassPage
from classes.schoolyear import school_year_label
from plumbing.csv import safe_cell

PER_PAGE = 50
# The longest period one listing or export covers, so a typo cannot ask for centuries.
MAX_RANGE_DAYS = 5 * 366


class AbsenceFilterForm(forms.Form):
    first_day = forms.DateField(label=_("From"), required=False, widget=DayInput)
    last_day = forms.DateField(label=_("Until"), required=False, widget=DayInput)
    class_page = forms.TypedChoiceField(
        label=_("Class group"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of your class groups.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("All reasons"))] + AbsenceReport.REASON_CHOICES
    )
    late = forms.ChoiceField(
        label=_("Reported late"),
        required=False,
        choices=[("", _("All reports")), ("yes", _("Only late reports")), ("no", _("Only reports in time"))],
    )

    def __init__(self, data, *, class_pages):
        super().__init__(data)
        self.fields["class_page"].choices = [("", _("All class groups"))] + [
            (page.pk, f"{page.title} ({school_year_label(page.school_year)})") for page in class_pages
        ]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        for name in ("first_day", "last_day"):
            day = data.get(name)
            if day and not datetime.date(1900, 1, 1) <= day <= datetime.date(9000, 1, 1):
                self.add_error(name, _("Choose a real day."))
        if first and last and first > last and not self.errors:
            self.add_error("last_day", _("The last day cannot be before the first day."))
        if first and last and (last - first).days > MAX_RANGE_DAYS and not self.errors:
            self.add_error("last_day", _("Choose a period of at most five years."))
        return data

    def filter(self, reports):
        data = self.cleaned_data
        reports = reports.overlapping(data.get("first_day"), data.get("last_day"))
        if data.get("class_page"):
            reports = reports.filter(class_page_id=data["class_page"])
        if data.get("reason"):
            reports = reports.filter(reason=data["reason"])
        if data.get("late"):
            reports = reports.filter(late=data["late"] == "yes")
        return reports


def _scoped(request):
    if not can_see_absences(request.user):
        raise PermissionDenied
    return absence_reports_for_staff(request.user, AbsenceReport.objects.all())


def _filter_form(request, reports):
    class_pages = ClassPage.objects.filter(pk__in=reports.values("class_page_id")).order_by("-school_year", "title")
    return AbsenceFilterForm(request.GET or None, class_pages=list(class_pages))


def absence_list(request):
    reports = _scoped(request)
    form = _filter_form(request, reports)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        rows = reports.none()
    else:
        rows = form.filter(reports) if form.is_bound else reports
    rows = rows.select_related("child", "class_page", "reported_by").order_by("-starts_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "attendance/admin/absence_list.html",
        {
            "form": form,
            "page_obj": page,
            "reports": page.object_list,
            "query": query.urlencode(),
            "page_title": gettext("Absences"),
        },
        status=status,
    )


# CSV export -------------------------------------------------------------------


# A spreadsheet runs a cell that starts with one of these as a formula
# (CSV injection); such a cell gets a leading apostrophe, which spreadsheets
# show as plain text.
def _local(moment):
    return timezone.localtime(moment, site_timezone()).strftime("%Y-%m-%d %H:%M") if moment else ""


def absence_export(request):
    reports = _scoped(request)
    form = _filter_form(request, reports)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    rows = (form.filter(reports) if form.is_bound else reports).select_related("child", "class_page", "reported_by")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="absences.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            gettext("Child"),
            gettext("Class group"),
            gettext("Reason"),
            gettext("From"),
            gettext("Until"),
            gettext("Still sick"),
            gettext("Reported late"),
            gettext("Reported at"),
            gettext("Reported by"),
            gettext("Note"),
        ]
    )
    yes, no = gettext("yes"), gettext("no")
    for report in rows.order_by("starts_at", "pk").iterator(chunk_size=500):
        writer.writerow(
            [
                safe_cell(f"{report.child.first_name} {report.child.last_name}"),
                safe_cell(report.class_page.title if report.class_page else ""),
                safe_cell(report.get_reason_display()),
                _local(report.starts_at),
                _local(report.ends_at),
                yes if report.is_open else no,
                yes if report.late else no,
                _local(report.reported_at),
                safe_cell(report.reported_by.get_full_name() or report.reported_by.email if report.reported_by else ""),
                safe_cell(report.note),
            ]
        )
    return response
