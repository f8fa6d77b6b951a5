"""Links from the Wagtail admin to the portal's own pages."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def register_timeline_menu_item():
    """Staff read their groups' posts as parents see them: the timeline (news:timeline).

    Lazy, so the link follows the language of each request (/en/tijdlijn/ in English).
    """
    return MenuItem(_("Timeline"), reverse_lazy("news:timeline"), name="timeline", icon_name="list-ul", order=150)
