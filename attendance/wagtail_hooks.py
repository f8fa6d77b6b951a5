"""The absence overview in the Wagtail admin: its URLs, its menu item and today's absences on the dashboard.

Who sees what is `access.rules` (`can_see_absences`, `absence_reports_for_staff`).
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from access.rules import absence_reports_for_staff, can_see_absences
from attendance import admin_views
from attendance.models import AbsenceReport, site_timezone


@hooks.register("register_admin_urls")
def register_absence_urls():
    return [
        path("absences/", admin_views.absence_list, name="attendance_absences"),
        path("absences/export/", admin_views.absence_export, name="attendance_absences_export"),
    ]


class AbsencesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_absences(request.user)


@hooks.register("register_admin_menu_item")
def register_absences_menu_item():
    return AbsencesMenuItem(_("Absences"), reverse("attendance_absences"), name="absences", icon_name="user", order=160)


class TodaysAbsencesPanel(Component):
    """Today's absences on the dashboard: a teacher's class groups, or the whole school for directors and administration."""

    name = "todays_absences"
    template_name = "attendance/admin/todays_absences_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate(timezone=site_timezone())
        reports = (
            absence_reports_for_staff(self.user, AbsenceReport.objects.all())
            .on_day(today)
            .select_related("child", "class_page")
            .order_by("class_page__title", "child__first_name", "child__last_name", "pk")
        )
        return {"reports": list(reports), "today": today, "list_url": reverse("attendance_absences")}


@hooks.register("construct_homepage_panels")
def add_todays_absences(request, panels):
    if can_see_absences(request.user):
        panels.append(TodaysAbsencesPanel(request.user))
