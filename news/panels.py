"""The "read by N of M parents" panel on a post's edit view in the admin."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from access.rules import can_follow_up, can_see_response_totals


class ReadReceiptsPanel(Panel):
    """Totals of reads and answers, with a link to the parents one by one.

    Shown for a saved post to staff who may see its totals
    (`access.rules.can_see_response_totals`); the link only to those who
    follow up on it (`can_follow_up`). Nothing on a post being created.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Read and answered"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/admin/read_receipts_panel.html"

        def is_shown(self):
            post = self.instance
            return post is not None and post.pk is not None and can_see_response_totals(self.request.user, post)

        def get_context_data(self, parent_context=None):
            # news.responses imports news.models, which imports this module (the post's panels).
            from news.responses import totals

            context = super().get_context_data(parent_context)
            post = self.instance
            context["post"] = post
            context["totals"] = totals(post)
            context["shows_answers"] = post.has_event and post.rsvp_enabled
            if can_follow_up(self.request.user, post):
                context["readers_url"] = reverse("news_post_readers", args=[post.pk])
            return context
