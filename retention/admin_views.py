"""The retention page of a school in the admin: what goes next, the periods, and the log of what went.

For the directors of a school (and superusers), about the schools they
direct (`access.rules.retention_schools`, `can_manage_retention`):
teachers, administration and another school's director are refused (403);
parents never reach the admin (access.middleware). A school that is not a
number answers 400, one the user does not direct 403. The periods are
edited through the settings view set (`retention.settings_admin`).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from access.rules import can_manage_retention, retention_schools
from retention.models import RetentionLogEntry, RetentionSettings
from retention.runner import PREVIEW_DAYS, upcoming

LOG_ENTRIES = 50


def _chosen_school(request, schools):
    raw = request.GET.get("school")
    if not raw:
        return schools[0]
    if not raw.isdigit() or len(raw) > 18:
        return None
    for school in schools:
        if school.pk == int(raw):
            return school
    raise PermissionDenied


def overview(request):
    schools = list(retention_schools(request.user).order_by("title", "pk"))
    if not schools:
        raise PermissionDenied
    school = _chosen_school(request, schools)
    if school is None:
        return HttpResponseBadRequest(gettext("Choose one of your schools."))
    if not can_manage_retention(request.user, school):  # belt and braces: the list above is the rule
        raise PermissionDenied
    settings_row = RetentionSettings.for_school(school)
    now = timezone.now()
    log = list(RetentionLogEntry.objects.filter(school=school).exclude(count=0, failed=False)[:LOG_ENTRIES])
    last_run = RetentionLogEntry.objects.filter(school=school).order_by("-ran_at").values_list("ran_at", flat=True)
    return TemplateResponse(
        request,
        "retention/overview.html",
        {
            "page_title": gettext("Retention of personal data"),
            "school": school,
            "schools": schools if len(schools) > 1 else [],
            "rules": upcoming(school, now),
            "days": PREVIEW_DAYS,
            "log": log,
            "last_run": last_run.first(),
            "settings_url": reverse("retention_settings:edit", args=[settings_row.pk]),
        },
    )
