"""The outbox in the Wagtail admin: what was sent, what waits, what failed and why; retry.

For superusers (everything) and directors (the rows of the schools they
direct, `access.rules.director_schools`). A row of another school
answers 404, as if it did not exist; teachers and administration get 403.
Retrying is a POST: a failed (or waiting) row is due again at once (at the
school's next working moment when it waits for working hours), with its
attempts counted from zero.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from access.rules import can_see_outbox, outbox_for
from notifications.models import Notification
from notifications.outbox import Calendars, due_moment, kick
from plumbing.redirects import local_url

STATUS_ORDER = [
    Notification.FAILED,
    Notification.PENDING,
    Notification.SENT,
    Notification.BUNDLED,
    Notification.SKIPPED,
]


def index(request):
    if not can_see_outbox(request.user):
        raise PermissionDenied
    rows = outbox_for(request.user, Notification.objects.all())
    counts = dict(rows.values_list("status").annotate(count=Count("pk")).order_by())
    status = request.GET.get("status", "")
    if status not in dict(Notification.STATUS_CHOICES):
        status = Notification.FAILED if counts.get(Notification.FAILED) else ""
    shown = rows.filter(status=status) if status else rows
    shown = shown.select_related("recipient", "school", "content_type").order_by("-created_at", "-pk")
    page = Paginator(shown, 50).get_page(request.GET.get("p"))
    labels = dict(Notification.STATUS_CHOICES)
    return TemplateResponse(
        request,
        "notifications/admin/outbox.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [(value, labels[value], counts.get(value, 0)) for value in STATUS_ORDER],
            "page_title": gettext("Notifications"),
            "retryable": (Notification.FAILED, Notification.PENDING),
        },
    )


@require_POST
def retry(request, pk):
    if not can_see_outbox(request.user):
        raise PermissionDenied
    with transaction.atomic():
        row = get_object_or_404(
            outbox_for(request.user, Notification.objects.all()).select_for_update().select_related("school"), pk=pk
        )
        if row.status in (Notification.FAILED, Notification.PENDING) and row.delivery == Notification.NOW:
            now = timezone.now()
            row.status = Notification.PENDING
            row.attempts = 0
            row.next_attempt_at = due_moment(row.school, now, row.waits_for_working_hours, Calendars(now))
            row.claim, row.claimed_until = "", None
            row.save(update_fields=["status", "attempts", "next_attempt_at", "claim", "claimed_until"])
            transaction.on_commit(kick)
            messages.success(request, gettext("The notification will be sent again."))
        else:
            messages.error(request, gettext("Only a failed or waiting notification can be sent again."))
    return redirect(local_url(request, request.POST.get("next"), reverse("notifications_outbox:index")))
