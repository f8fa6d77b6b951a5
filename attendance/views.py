"""Serving the absence report page: the form, the parent's own reports, the recovered report.

Wagtail serves a route of `AbsenceReportPage` only after the `before_serve_page`
hook of `access` agreed the user may see the page (logged in, at this school),
for a POST as much as for a GET. On top of that every decision here is asked
of `access.rules`:

* `own_children_at`: whom the user may report absent (their own active
  children at this school); the form offers only those, and a forged id is
  an invalid choice (400);
* `own_absence_reports` / `can_report_recovered`: the reports the parent sees
  and may close;
* `can_see_absences`: staff get an explanation and a link to the admin
  overview instead of the form.

Invalid input answers 400 with the form as typed and what to fix; a valid
report redirects (post/redirect/get), so reloading never reports twice.

Every report is told by e-mail to several people, so reports are limited
(429, the form as typed and a request to call the school): per child and
day in `attendance.reports` (why there: see its docstring), and per client
address and day here (`absence_client` in settings.THROTTLE_LIMITS), which
also bounds someone holding several parents' accounts.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.rules import (
    can_report_absence,
    can_report_recovered,
    can_see_absences,
    own_absence_reports,
    own_children_at,
)
from attendance import reports as absence
from attendance.forms import AbsenceReportForm, RecoveredForm
from attendance.models import AbsenceReport
from schoolcalendar import calendar as school_calendar
from throttle.limits import Quota, client_address

ALLOWED_METHODS = ("GET", "HEAD", "POST")
OWN_REPORTS_SHOWN = 50
LIST_ANCHOR = "#your-reports"
PER_CLIENT = "absence_client"
TOO_MANY = 429


def index(page, request):
    if request.method not in ALLOWED_METHODS:
        return HttpResponseNotAllowed(ALLOWED_METHODS)
    school = page.get_school()
    user = request.user
    if request.method != "POST":
        return _render_index(page, request, school)
    if not can_report_absence(user, school):
        return _render_index(
            page, request, school, status=403, error=_("Only parents of children at this school can report an absence.")
        )
    form = _absence_form(request, school, data=request.POST)
    if not form.is_valid():
        if "token" in form.errors:
            # A missing or damaged token: give the form a fresh one, keep the rest as typed.
            data = request.POST.copy()
            data["token"] = str(uuid.uuid4())
            form = _absence_form(request, school, data=data)
            form.is_valid()
        return _render_index(page, request, school, form=form, status=400)
    data = form.cleaned_data
    if _client_used_up(request):
        form.add_error(None, _too_many_from_client(school))
        return _render_index(page, request, school, form=form, status=TOO_MANY)
    try:
        submission = absence.submit(
            school=school,
            user=user,
            children=form.chosen_children,
            reason=data["reason"],
            note=data["note"].strip(),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            token=data["token"],
        )
    except absence.OpenSickReportExists:
        form.add_error("children", _("This child is already reported sick. Report your child better first."))
        return _render_index(page, request, school, form=form, status=400)
    except absence.TooManyToday as refused:
        form.add_error(None, _too_many_for_children(school, refused.children))
        return _render_index(page, request, school, form=form, status=TOO_MANY)
    if not submission.created:
        messages.info(request, _("We had received this report already; nothing was sent twice."))
    else:
        Quota.named(PER_CLIENT).record(client_address(request))
        late = any(report.late for report in submission.reports)
        messages.success(
            request,
            ngettext(
                "Thank you. The absence of %(names)s has been reported to the school.",
                "Thank you. The absences of %(names)s have been reported to the school.",
                len(submission.reports),
            )
            % {"names": _names(report.child for report in submission.reports)},
        )
        if late:
            messages.warning(request, _("Your report came in after school started, so it is marked as late."))
    return redirect(page.get_url(request) + LIST_ANCHOR)


def recovered(page, request, report_id):
    """Confirm (GET) and record (POST) that a child is better."""
    if request.method not in ALLOWED_METHODS:
        return HttpResponseNotAllowed(ALLOWED_METHODS)
    school = page.get_school()
    report = (
        own_absence_reports(request.user, AbsenceReport.objects.all(), school)
        .select_related("child", "school")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    back = page.get_url(request) + LIST_ANCHOR
    if not report.is_open:
        if request.method == "POST":
            messages.info(request, _("%(name)s was already reported better.") % {"name": report.child.first_name})
            return redirect(back)
        raise Http404
    if not can_report_recovered(request.user, report):
        raise Http404
    if request.method != "POST":
        return _render_recovered(page, request, report, RecoveredForm(report=report))
    form = RecoveredForm(request.POST, report=report)
    if not form.is_valid():
        return _render_recovered(page, request, report, form, status=400)
    if _client_used_up(request):
        form.add_error(None, _too_many_from_client(school))
        return _render_recovered(page, request, report, form, status=TOO_MANY)
    try:
        recovered_now = absence.recover(report, user=request.user, ends_at=form.cleaned_data["ends_at"])
    except absence.TooManyToday as refused:
        form.add_error(None, _too_many_for_children(school, refused.children))
        return _render_recovered(page, request, report, form, status=TOO_MANY)
    if recovered_now:
        Quota.named(PER_CLIENT).record(client_address(request))
        messages.success(
            request,
            _("Thank you. %(name)s has been reported better to the school.") % {"name": report.child.first_name},
        )
    else:
        messages.info(request, _("%(name)s was already reported better.") % {"name": report.child.first_name})
    return redirect(back)


# Limits -------------------------------------------------------------------


def _client_used_up(request):
    return Quota.named(PER_CLIENT).wait(client_address(request)) > 0


def _call_the_school(school, message):
    if school.phone:
        return " ".join([message, _("The school's phone number is %(phone)s.") % {"phone": school.phone}])
    return message


def _too_many_for_children(school, children):
    return _call_the_school(
        school,
        _("There have been many reports for %(names)s today already. For any further change, please call the school.")
        % {"names": _names(children)},
    )


def _too_many_from_client(school):
    return _call_the_school(
        school,
        _("Many reports have been sent from this connection today. For any further change, please call the school."),
    )


# Rendering ------------------------------------------------------------------


def _absence_form(request, school, data=None):
    children = list(own_children_at(request.user, school).order_by("first_name", "last_name"))
    open_sick = AbsenceReport.objects.open_sick().filter(child__in=children).values_list("child_id", flat=True)
    calendar = school_calendar.load(school)
    return AbsenceReportForm(
        data, children=children, school_starts_at=calendar.school_starts_at, open_sick_child_ids=list(open_sick)
    )


def _render_index(page, request, school, form=None, status=200, error=None):
    user = request.user
    can_report = can_report_absence(user, school)
    if can_report and form is None:
        form = _absence_form(request, school)
    own = (
        own_absence_reports(user, AbsenceReport.objects.all(), school).select_related("child", "class_page")[
            :OWN_REPORTS_SHOWN
        ]
        if can_report
        else []
    )
    calendar = school_calendar.load(school)
    context = {
        "school": school,
        "can_report": can_report,
        "form": form if can_report else None,
        "error": error,
        "own_reports": list(own),
        "school_starts_at": calendar.school_starts_at,
        "is_staff": can_see_absences(user),
        "absences_url": reverse("attendance_absences") if can_see_absences(user) else None,
    }
    response = page.render(request, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _render_recovered(page, request, report, form, status=200):
    context = page.get_context(request)
    context.update({"report": report, "form": form, "back_url": page.get_url(request) + LIST_ANCHOR})
    response = TemplateResponse(request, "attendance/recovered.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _names(children):
    names = [child.first_name for child in children]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
