"""The directors' dashboard "Portal use" and its CSV export, in the Wagtail admin.

For the directors of a school (and superusers), about the schools they direct
(`access.rules.insights_schools`, `can_view_insights`): teachers,
administration and another school's director are refused (403), parents
never reach the admin (access.middleware). A school or period that does not
validate gets the form back with a translated message and a 400.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext

from access.rules import can_view_insights, insights_schools
from attendance.admin_views import safe_cell
from insights import metrics
from insights.forms import InsightsForm


def _form(request):
    schools = list(insights_schools(request.user).order_by("title", "pk"))
    if not schools:
        raise PermissionDenied
    form = InsightsForm(request.GET or None, schools=schools)
    return form


def _chosen(form):
    """(school, period) of a valid form; refuses a school the user may not see (belt and braces)."""
    school = form.chosen_school()
    if not can_view_insights(form.user, school):
        raise PermissionDenied
    return school, form.chosen_period()


def _query(request):
    query = request.GET.copy()
    return query.urlencode()


def dashboard(request):
    form = _form(request)
    form.user = request.user
    if form.is_bound and not form.is_valid():
        return TemplateResponse(
            request,
            "insights/admin/dashboard.html",
            {
                "form": form,
                "page_title": gettext("Portal use"),
                "tables": [],
                "query": "",
            },
            status=400,
        )
    school, period = _chosen(form)
    tables = [table(metric, metric.rows(school, period)) for metric in metrics.METRICS]
    return TemplateResponse(
        request,
        "insights/admin/dashboard.html",
        {
            "form": form,
            "page_title": gettext("Portal use"),
            "school": school,
            "period": period,
            "tables": tables,
            "query": _query(request),
            "several_schools": len(form.schools) > 1,
        },
    )


# Showing a table -----------------------------------------------------------------


def display(value, kind, empty="–"):
    """One value as the dashboard and the CSV show it, in the active language."""
    if value is None:
        return empty
    if kind == metrics.SHARE:
        return formats.number_format(round(value * 100, 1), 1) + "%"
    if kind == metrics.HOURS:
        return formats.number_format(round(value, 1), 1)
    if kind == metrics.DAY:
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind == metrics.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return str(value)


def table(metric, rows):
    """A metric's rows as cells for the template: (text, bar width in % or None) per column."""
    maxima = {}
    for column in metric.columns:
        if column.bar and column.kind == metrics.COUNT:
            maxima[column.key] = max(
                (row[column.key] or 0 for row in rows if not row.get("total")),
                default=0,
            )
    shown = []
    for row in rows:
        cells = []
        for column in metric.columns:
            value = row[column.key]
            bar = None
            if column.bar and value is not None and not row.get("total"):
                if column.kind == metrics.SHARE:
                    bar = round(min(value, 1) * 100, 1)
                elif maxima.get(column.key):
                    bar = round(value / maxima[column.key] * 100, 1)
            cells.append({"text": display(value, column.kind), "bar": bar, "kind": column.kind})
        shown.append({"cells": cells, "total": bool(row.get("total"))})
    return {"metric": metric, "rows": shown}


# The export -----------------------------------------------------------------------

# Dutch Excel opens a CSV by double-click only when the separator is ";" (the
# decimal comma takes ","); the byte order mark makes it read UTF-8. Numbers
# are written like the dashboard shows them, in the user's language.
DELIMITER = ";"


def export(request):
    form = _form(request)
    form.user = request.user
    if form.is_bound and not form.is_valid():
        errors = "; ".join(" ".join(messages) for messages in form.errors.values())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    school, period = _chosen(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"portal-use-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=DELIMITER)
    writer.writerow([gettext("Portal use"), safe_cell(school.title)])
    writer.writerow(
        [
            gettext("Period"),
            display(period.first_day, metrics.DAY),
            display(period.last_day, metrics.DAY),
        ]
    )
    writer.writerow([gettext("Made at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    for metric in metrics.METRICS:
        writer.writerow([])
        writer.writerow([str(metric.title)])
        writer.writerow([str(column.label) for column in metric.columns])
        for row in metric.rows(school, period):
            writer.writerow([safe_cell(display(row[column.key], column.kind, empty="")) for column in metric.columns])
    return response
