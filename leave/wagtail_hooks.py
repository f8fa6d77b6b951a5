"""The leave admin: the review queue and the settings in one menu, and a dashboard panel for directors."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from access.rules import can_review_leave, reviewable_leave_requests
from leave import admin_views, rules
from leave.models import LeaveRequest
from leave.settings_admin import LeaveSettingsViewSet
from plumbing.viewsets import DashboardPanel, RuleViewSet


class LeaveReviewViewSet(RuleViewSet):
    """The queue and one request (leave.admin_views), for directors and administration."""

    name = "leave_review"
    url_prefix = "leave/requests"
    icon = "date"
    menu_label = _("Requests")

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("<int:pk>/", admin_views.detail, name="detail"),
        ]

    def shows_to(self, user):
        return can_review_leave(user)


class LeaveViewSetGroup(ViewSetGroup):
    menu_label = _("Leave")
    menu_icon = "date"
    menu_order = 330
    items = (LeaveReviewViewSet, LeaveSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_leave_admin():
    return LeaveViewSetGroup()


class WaitingLeavePanel(DashboardPanel):
    """On the dashboard: the leave requests waiting for a decision, for directors and administration."""

    name = "leave_waiting"
    template_name = "leave/admin/dashboard_panel.html"
    order = 110


@hooks.register("construct_homepage_panels")
def add_waiting_leave_panel(request, panels):
    if not can_review_leave(request.user):
        return
    waiting = reviewable_leave_requests(request.user, LeaveRequest.objects.filter(status__in=rules.PENDING))
    total = waiting.count()
    if total:
        first = list(waiting.select_related("requested_by").prefetch_related("children").order_by("first_day")[:5])
        panels.append(WaitingLeavePanel(requests=first, total=total))
