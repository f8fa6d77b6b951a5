"""The editor's panel on a post: which children of the group have no consent for portal photos."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from access.rules import children_of_page
from policies.consent.photos import children_lacking_portal_consent


class PhotoConsentPanel(Panel):
    """Lists the pupils of the post's group without portal-photo consent this school year.

    So the teacher knows, while choosing photos, who must not appear in
    them; publishing a post whose photos mark one of them is refused
    (policies.consent.photos). Shown to staff in the editor only.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Consent for photos"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "policies/admin/photo_consent_panel.html"

        def group_page(self):
            page = self.instance
            if page is not None and page.pk is not None:
                return page.get_parent()
            return getattr(self.form, "parent_page", None)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            group = self.group_page()
            context["children"] = children_lacking_portal_consent(children_of_page(group)) if group else []
            return context
