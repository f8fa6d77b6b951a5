"""The parent's side of a LeaveRequestPage: the form, their requests, withdrawing.

The page's routes (`leave.models.LeaveRequestPage`) call these. Wagtail's
`before_serve_page` hook (access.wagtail_hooks) has already refused anyone
who may not see the page; who may ask, see and withdraw is asked of
`access.rules` here.

* GET: the school's introduction and policy, the form (for a parent with a
  child at the school), and the parent's own requests with their status.
* POST with "check": the form is validated and assessed; the number of
  school days and any problems are shown, nothing is stored.
* POST to submit: invalid input → 400 with what to fix, the typed values
  kept. A valid request with problems → 400 listing them, until the parent
  ticks that they want to submit anyway. Otherwise the request is stored and
  the parent is sent to it (a resubmit of the same form finds it again).
"""

import functools
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from access.rules import can_request_leave, can_view_leave_request, can_withdraw_leave, own_children_at
from home.schools import school_of_page
from leave import rules, services
from leave.forms import LeaveRequestForm
from leave.models import LeaveRequest

CHECK = "check"


def private(view):
    """The answer is one family's: never kept by a browser or a proxy (a stale status would mislead)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def _own_requests(user, school):
    return (
        LeaveRequest.objects.filter(requested_by=user, school__translation_key=school.translation_key)
        .prefetch_related("children", "history")
        .order_by("-created_at")
    )


def _render(page, request, template, context, status=200):
    full = page.get_context(request)
    full.update(context)
    return TemplateResponse(request, template, full, status=status)


def _detail_url(page, request, leave_request):
    return page.get_url(request=request) + page.reverse_subpage(
        "request_detail", kwargs={"request_id": leave_request.pk}
    )


def _form(request, school, settings, data=None, files=None):
    children = list(own_children_at(request.user, school).order_by("first_name", "last_name"))
    return LeaveRequestForm(
        data,
        files,
        children=children,
        settings=settings,
        calendar_loader=lambda first, last: services.calendar_for(school, first, last),
        checking=data is not None and data.get("action") == CHECK,
        initial=None if data is not None else {"submission_key": uuid.uuid4()},
    )


def _existing_submission(request):
    """The request a resubmitted form made before, or None."""
    try:
        key = uuid.UUID(str(request.POST.get("submission_key", "")))
    except ValueError:
        return None
    return LeaveRequest.objects.filter(submission_key=key, requested_by=request.user).first()


@private
def index(page, request):
    school = school_of_page(page)
    settings = services.leave_settings(school)
    may_request = can_request_leave(request.user, school)
    context = {"school": school, "leave_settings": settings, "may_request": may_request}

    if request.method == "POST":
        if not may_request:
            context.update(form=None, own_requests=[], refused=True)
            return _render(page, request, "leave/leave_request_page.html", context, status=403)
        existing = _existing_submission(request)
        if existing is not None:
            # A double click or a resent form: nothing is created twice.
            return redirect(_detail_url(page, request, existing))
        form = _form(request, school, settings, request.POST, request.FILES)
        context["own_requests"] = _own_requests(request.user, school)
        if not form.is_valid():
            context.update(form=form)
            return _render(page, request, "leave/leave_request_page.html", context, status=400)
        data = form.cleaned_data
        assessment = services.assess_new(
            school,
            data["kind"],
            data["first_day"],
            data["last_day"],
            data["children"],
            data.get("reason") or "",
            calendar=form.calendar,
        )
        context.update(form=form, assessment=assessment, checked=True)
        if request.POST.get("action") == CHECK:
            return _render(page, request, "leave/leave_request_page.html", context)
        if assessment.problems and not data["confirm_problems"]:
            context["needs_confirmation"] = True
            return _render(page, request, "leave/leave_request_page.html", context, status=400)
        leave_request, _created = services.submit(
            user=request.user, school=school, page=services.source_page(page), data=data, assessment=assessment
        )
        messages.success(
            request,
            gettext("Your request has been sent to the director. It covers %(days)s school days.")
            % {"days": leave_request.school_days},
        )
        return redirect(_detail_url(page, request, leave_request))

    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context.update(
        form=_form(request, school, settings) if may_request else None,
        own_requests=_own_requests(request.user, school),
    )
    return _render(page, request, "leave/leave_request_page.html", context)


def _own_request_or_404(page, request, request_id):
    school = school_of_page(page)
    leave_request = (
        LeaveRequest.objects.filter(pk=request_id, school__translation_key=school.translation_key)
        .select_related("school", "requested_by")
        .prefetch_related("children", "history")
        .first()
    )
    # Only the parent who asked sees it on the portal; anyone else gets a
    # plain 404, so an id tells nothing about other families.
    if (
        leave_request is None
        or leave_request.requested_by_id != request.user.pk
        or not can_view_leave_request(request.user, leave_request)
    ):
        raise Http404("No such leave request")
    return leave_request


@private
def detail(page, request, request_id):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    leave_request = _own_request_or_404(page, request, request_id)
    return _render(
        page,
        request,
        "leave/request_detail.html",
        {
            "leave_request": leave_request,
            "may_withdraw": can_withdraw_leave(request.user, leave_request),
            "objection_weeks": rules.OBJECTION_WEEKS,
            "today": timezone.localdate(),
        },
    )


@private
def withdraw(page, request, request_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    leave_request = _own_request_or_404(page, request, request_id)
    if not can_withdraw_leave(request.user, leave_request):
        messages.warning(request, gettext("This request can no longer be withdrawn: it has been handled."))
        return redirect(_detail_url(page, request, leave_request))
    outcome = services.act(leave_request, request.user, rules.WITHDRAW)
    if outcome.done:
        messages.success(request, gettext("You withdrew the request."))
    else:
        messages.warning(request, outcome.message)
    return redirect(_detail_url(page, request, leave_request))
