"""The conversations admin: the staff member's own conversations, and each school's setting, in one menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from access.rules import is_staff_member
from conversations import admin_views, services
from conversations.settings_admin import ConversationSettingsViewSet
from plumbing.viewsets import DashboardPanel, RuleViewSet


class ConversationsMenuItem(MenuItem):
    """Points where the user's school works on conversations (the admin or the portal)."""

    def render_component(self, request):
        url = self.url if services.uses_admin(request.user) else reverse("conversations:index")
        return LinkMenuItem(
            self.name, self.label, url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class ConversationsAdminViewSet(RuleViewSet):
    """The staff member's conversations (conversations.admin_views)."""

    name = "conversations_admin"
    url_prefix = "conversations"
    icon = "mail"
    menu_label = _("My conversations")

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("new/", admin_views.start, name="start"),
            path("<int:pk>/", admin_views.detail, name="detail"),
            path("<int:pk>/close/", admin_views.close, name="close"),
        ]

    menu_item_base = ConversationsMenuItem

    def shows_to(self, user):
        return is_staff_member(user)


class ConversationsViewSetGroup(ViewSetGroup):
    menu_label = _("Conversations")
    menu_icon = "mail"
    menu_order = 320
    items = (ConversationsAdminViewSet, ConversationSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_conversations_admin():
    return ConversationsViewSetGroup()


class NewMessagesPanel(DashboardPanel):
    """On the dashboard: the staff member's conversations with messages they have not read."""

    name = "conversations_new"
    template_name = "conversations/admin/dashboard_panel.html"
    order = 105


@hooks.register("construct_homepage_panels")
def add_new_messages_panel(request, panels):
    if not is_staff_member(request.user):
        return
    rows = list(services.my_conversations(request.user).filter(unread__gt=0)[:10])
    if rows:
        view_name = "conversations_admin:detail" if services.uses_admin(request.user) else "conversations:detail"
        for row in rows:
            row.url = reverse(view_name, args=[row.conversation_id])
        panels.append(NewMessagesPanel(rows=rows))
