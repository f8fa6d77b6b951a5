"""Admin hooks of the approval of posts, imported by NewsConfig.ready().

Kept apart from news/wagtail_hooks.py (the post page's hooks) so the two
can change independently; Wagtail's hook registry accepts registrations from
any module imported at start-up.
"""

from wagtail import hooks

from news.settings_admin import NewsSettingsViewSet


@hooks.register("register_admin_viewset")
def register_news_settings():
    return NewsSettingsViewSet()


# Refused to staff by access.middleware (their filters name staff of every school).
SUPERUSER_ONLY_REPORTS = {"workflows", "workflow-tasks"}


@hooks.register("construct_reports_menu")
def hide_workflow_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in SUPERUSER_ONLY_REPORTS]
