"""The director's review queue in the Wagtail admin.

* The queue (`index`): the leave requests of the schools where the user is
  director or administration (`access.rules.reviewable_leave_requests`),
  waiting ones first, the soonest leave on top.
* One request (`detail`): what the parent asked, the attachment, what the
  rules say now (`leave.services.assess_for_decision`), each child's other
  leave this school year, the history; and for the school's directors only
  (`access.rules.can_decide_leave`) the form to approve, reject, forward or
  acknowledge, with the reason an action is not possible next to it.

A request of another school answers 404, as if it did not exist; teachers
get 403 for the whole queue, and anyone but a director of the school 403 for
a decision.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from access.rules import can_decide_leave, can_review_leave, reviewable_leave_requests
from leave import rules, services
from leave.forms import DecisionForm
from leave.models import LeaveRequest
from leave.views import private


def _labels():
    return [
        (rules.APPROVE, gettext("Approve")),
        (rules.REJECT, gettext("Reject")),
        (rules.FORWARD, gettext("Forward to the attendance officer")),
        (rules.ACKNOWLEDGE, gettext("Acknowledge")),
    ]


def _queue(user):
    requests = LeaveRequest.objects.select_related("school", "requested_by").prefetch_related("children")
    return reviewable_leave_requests(user, requests)


@private
def index(request):
    if not can_review_leave(request.user):
        raise PermissionDenied
    requests = _queue(request.user).pending_first()
    status = request.GET.get("status", "")
    if status in dict(rules.STATUS_CHOICES):
        requests = requests.filter(status=status)
    else:
        status = ""
    page = Paginator(requests, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "leave/admin/index.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": rules.STATUS_CHOICES,
            "waiting": _queue(request.user).filter(status__in=rules.PENDING).count(),
            "page_title": gettext("Leave requests"),
        },
    )


def _earlier_by_child(leave_request):
    """Each child of the request with their other leave requests this school year."""
    children = list(leave_request.children.all())
    others = (
        LeaveRequest.objects.filter(children__in=children, school_year=leave_request.school_year)
        .exclude(pk=leave_request.pk)
        .prefetch_related("children")
        .distinct()
        .order_by("first_day")
    )
    others = list(others)
    rows = []
    for child in children:
        mine = [other for other in others if child in other.children.all()]
        rows.append(
            {
                "child": child,
                "requests": mine,
                "holiday_granted": sum(
                    1 for other in mine if other.kind == rules.HOLIDAY and other.status == rules.APPROVED
                ),
                "important_days_granted": sum(
                    other.school_days
                    for other in mine
                    if other.kind == rules.IMPORTANT and other.status == rules.APPROVED
                ),
            }
        )
    return rows


@private
def detail(request, pk):
    if not can_review_leave(request.user):
        raise PermissionDenied
    leave_request = get_object_or_404(_queue(request.user).prefetch_related("history"), pk=pk)
    may_decide = can_decide_leave(request.user, leave_request)
    form = DecisionForm()
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            outcome = services.act(leave_request, request.user, action, form.cleaned_data["grounds"])
            if outcome.done:
                messages.success(request, _done_message(action))
                return redirect(reverse("leave_review:detail", args=[leave_request.pk]))
            form.add_error(None, outcome.message)
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

    assessment = services.assess_for_decision(leave_request)
    officer_known = bool(services.leave_settings(leave_request.school).attendance_officer_email)
    actions = [
        {
            "value": value,
            "label": label,
            "refusal": rules.refusal(value, leave_request.kind, leave_request.status, assessment, officer_known),
        }
        for value, label in _labels()
    ]
    return TemplateResponse(
        request,
        "leave/admin/detail.html",
        {
            "leave_request": leave_request,
            "assessment": assessment,
            "children_rows": _earlier_by_child(leave_request),
            "may_decide": may_decide,
            "actions": actions,
            "allowed_actions": [action for action in actions if action["refusal"] is None],
            "form": form,
            "objection_weeks": rules.OBJECTION_WEEKS,
            "leave_settings": services.leave_settings(leave_request.school),
            "page_title": gettext("Leave request of %(parent)s") % {"parent": leave_request.requested_by_name},
        },
        status=status,
    )


def _done_message(action):
    return {
        rules.APPROVE: gettext("The request is approved. The parent is told by e-mail."),
        rules.REJECT: gettext("The request is rejected. The parent is told by e-mail."),
        rules.FORWARD: gettext("The request is forwarded to the attendance officer. The parent is told by e-mail."),
        rules.ACKNOWLEDGE: gettext("The notification is acknowledged. The parent is told by e-mail."),
    }[action]
