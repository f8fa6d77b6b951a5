"""How long leave requests keep their personal data: school years after the school year of the leave.

Registered with the retention mechanism (`retention.registry`). The school
needs a request while it can be objected to (6 weeks after the decision)
and while it counts for the Leerplichtwet's limits (once per school year,
10 days per school year); by default it is kept for 2 whole school years
after the school year of the leave. Then it is anonymised, not deleted:
the kind, the reason code, the dates, the number of school days and the
outcome stay for the figures of "Portal use" (leave per month); the parent,
the children, the explanation, the attachment (its file too) and every
step's name and grounds go. A request still waiting for a decision is kept.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from classes.schoolyear import FIRST_MONTH, school_year_of
from leave import rules
from leave.models import LeaveRequest, LeaveRequestEvent
from retention.registry import ANONYMISE, Rule, register


def _has_personal_data():
    steps = LeaveRequestEvent.objects.filter(request=OuterRef("pk")).filter(
        Q(user__isnull=False) | ~Q(user_name="") | ~Q(grounds="")
    )
    children = LeaveRequest.children.through.objects.filter(leaverequest_id=OuterRef("pk"))
    return (
        Q(requested_by__isnull=False)
        | ~Q(requested_by_name="")
        | ~Q(relation="")
        | ~Q(explanation="")
        | ~Q(attachment="")
        | ~Q(attachment_name="")
        | Exists(children)
        | Exists(steps)
    )


def due(school, school_years, moment):
    """Decided (or withdrawn) requests whose leave ended more than `school_years` school years ago."""
    year = school_year_of(timezone.localdate(moment))
    first_kept = datetime.date(year - school_years, FIRST_MONTH, 1)
    return (
        LeaveRequest.objects.filter(school=school, last_day__lt=first_kept)
        .exclude(status__in=rules.PENDING)
        .filter(_has_personal_data())
    )


def expires(leave_request, school_years):
    return datetime.date(school_year_of(leave_request.last_day) + 1 + school_years, FIRST_MONTH, 1)


def describe(leave_request):
    return gettext("%(kind)s, %(first)s to %(last)s (%(status)s)") % {
        "kind": leave_request.get_kind_display(),
        "first": formats.date_format(leave_request.first_day, "j F Y"),
        "last": formats.date_format(leave_request.last_day, "j F Y"),
        "status": leave_request.get_status_display(),
    }


def apply(requests):
    count = 0
    for leave_request in requests.only("pk", "attachment"):
        name = leave_request.attachment.name
        storage = leave_request.attachment.storage
        LeaveRequest.objects.filter(pk=leave_request.pk).update(
            requested_by=None, requested_by_name="", relation="", explanation="", attachment="", attachment_name=""
        )
        leave_request.children.clear()
        LeaveRequestEvent.objects.filter(request_id=leave_request.pk).update(user=None, user_name="", grounds="")
        if name:
            # The file goes once the anonymised row is committed, so a rollback keeps both.
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        count += 1
    return count


register(
    Rule(
        key="leave.requests",
        label=_("Leave requests"),
        setting="leave_school_years",
        action=ANONYMISE,
        due=due,
        expires=expires,
        describe=describe,
        apply=apply,
        order=20,
    )
)
