"""Consent in the Wagtail admin: the overview per class, its CSV export, the purposes and the settings.

* Overview and export: the directors and administration of a school see,
  per class group of this school year and per purpose, how many children
  are answered, given and refused (`access.rules.consent_overview_schools`).
  The export lists every child with the answer that counts, who gave it and
  when. Both cost a fixed number of queries, however many children.
* Purposes and consent settings are school settings: directors only, each
  for their own school (the scoped views of plumbing.viewsets, like the
  school calendar). A purpose is never deleted (answers to it must stay
  demonstrable): it is switched off.
"""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem

from access.rules import can_see_consent_overview, consent_overview_schools, director_schools
from classes.models import Enrollment
from classes.schoolyear import current_school_year, school_year_label
from plumbing.csv import safe_cell
from plumbing.viewsets import DirectorViewSet, SchoolSettingsViewSet
from policies.consent.answers import ensure_purposes, latest_answers, purposes_of
from policies.models import ConsentPurpose, ConsentSettings


def _data(user):
    """(schools, purposes by school, [(class, [children])], answers) for the user's schools."""
    schools = list(consent_overview_schools(user))
    for school in schools:
        ensure_purposes(school)
    year = current_school_year()
    purposes = {}
    for purpose in purposes_of([school.pk for school in schools]):
        purposes.setdefault(purpose.school_id, []).append(purpose)
    enrollments = (
        Enrollment.objects.filter(
            school_year=year, child__school__in=schools, class_page__locale__language_code=_language()
        )
        .select_related("child", "class_page")
        .order_by("class_page__path", "child__first_name", "child__last_name")
    )
    enrollments = [e for e in enrollments if e.child.is_active]
    answers = latest_answers([e.child_id for e in enrollments], year)
    return schools, purposes, enrollments, answers, year


def _language():
    return settings.LANGUAGE_CODE


def overview(request):
    if not can_see_consent_overview(request.user):
        raise PermissionDenied
    schools, purposes, enrollments, answers, year = _data(request.user)
    classes = {}
    for enrollment in enrollments:
        row = classes.setdefault(
            enrollment.class_page_id,
            {"class_page": enrollment.class_page, "children": 0, "school_id": enrollment.child.school_id, "counts": {}},
        )
        row["children"] += 1
        for purpose in purposes.get(enrollment.child.school_id, []):
            counts = row["counts"].setdefault(purpose.pk, {"answered": 0, "given": 0, "refused": 0})
            answer = answers.get((enrollment.child_id, purpose.pk))
            if answer is not None:
                counts["answered"] += 1
                counts["given" if answer.given else "refused"] += 1
    tables = []
    for school in schools:
        school_purposes = purposes.get(school.pk, [])
        rows = [
            {
                "class_page": row["class_page"],
                "children": row["children"],
                "cells": [row["counts"].get(p.pk, {"answered": 0, "given": 0, "refused": 0}) for p in school_purposes],
            }
            for row in classes.values()
            if row["school_id"] == school.pk
        ]
        tables.append({"school": school, "purposes": school_purposes, "rows": rows})
    return TemplateResponse(
        request,
        "policies/admin/consent_overview.html",
        {
            "page_title": _("Consent per class"),
            "tables": tables,
            "school_year": school_year_label(year),
            "export_url": reverse("policies_consent_export"),
        },
    )


def export(request):
    if not can_see_consent_overview(request.user):
        raise PermissionDenied
    schools, purposes, enrollments, answers, year = _data(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consent-{year}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [_("School"), _("Class"), _("Child"), _("Purpose"), _("Answer"), _("Answered by"), _("Answered at")]
    )
    school_titles = {school.pk: school.title for school in schools}
    for enrollment in enrollments:
        child = enrollment.child
        for purpose in purposes.get(child.school_id, []):
            answer = answers.get((child.pk, purpose.pk))
            if answer is None:
                value, who, when = _("not answered"), "", ""
            else:
                value = _("given") if answer.given else _("refused")
                who, when = answer.answered_by_name, answer.answered_at.isoformat(timespec="minutes")
            # Names and titles are typed by people: no cell may run as a spreadsheet formula.
            writer.writerow(
                [
                    safe_cell(school_titles.get(child.school_id, "")),
                    safe_cell(enrollment.class_page.title),
                    safe_cell(str(child)),
                    safe_cell(purpose.name),
                    value,
                    safe_cell(who),
                    when,
                ]
            )
    return response


# Purposes and settings: directors only ---------------------------------------------


class ConsentPurposeForm(WagtailAdminModelForm):
    class Meta:
        model = ConsentPurpose
        fields = ["school", "name", "description", "active", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("school")
        if field is not None:
            field.queryset = director_schools(self.for_user)
            field.empty_label = None
            if self.instance.pk:
                field.disabled = True


class ConsentPurposeViewSet(DirectorViewSet):
    model = ConsentPurpose
    name = "consent_purposes"
    url_prefix = "consent/purposes"
    icon = "tick-inverse"
    menu_label = gettext_lazy("Consent purposes")
    actions = ("add", "change", "view")  # switched off, never deleted: answers stay demonstrable
    form_class = ConsentPurposeForm
    list_display = ["name", "school", "active", "sort_order"]

    def scope(self, user):
        schools = director_schools(user)
        for school in schools:
            ensure_purposes(school)
        return ConsentPurpose.objects.filter(school__in=schools).select_related("school")


class ConsentSettingsForm(WagtailAdminModelForm):
    class Meta:
        model = ConsentSettings
        fields = ["reminder_days", "photo_downloads"]


class ConsentSettingsViewSet(SchoolSettingsViewSet):
    model = ConsentSettings
    name = "consent_settings"
    url_prefix = "consent/settings"
    menu_label = gettext_lazy("Consent and photos")
    form_class = ConsentSettingsForm
    list_display = ["school", "reminder_days", "photo_downloads"]


@hooks.register("register_admin_urls")
def register_consent_urls():
    return [
        path("consent/", overview, name="policies_consent_overview"),
        path("consent/export/", export, name="policies_consent_export"),
    ]


@hooks.register("register_admin_viewset")
def register_consent_viewsets():
    return [ConsentPurposeViewSet(), ConsentSettingsViewSet()]


class ConsentMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_consent_overview(request.user)


@hooks.register("register_admin_menu_item")
def consent_menu_item():
    return ConsentMenuItem(
        gettext_lazy("Consent"), reverse("policies_consent_overview"), icon_name="tick-inverse", order=330
    )
