"""The admin's view of what parents did with one post: who read it, who did not, what they answered.

Only for staff who follow up on the post's group (`access.rules.can_follow_up`):
the view names parents and their children. Everyone else gets 403 (a page
that is not a post 404), before anything of the post is shown.
"""

from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from access.rules import can_follow_up
from news.models import PostPage
from news.responses import Totals, parent_rows


def post_readers(request, page_id):
    post = get_object_or_404(PostPage, pk=page_id)
    if not can_follow_up(request.user, post):
        # As access.middleware refuses admin views of pages outside the
        # user's scope (Wagtail would turn PermissionDenied into a redirect).
        return render(request, "403.html", status=403)
    rows = parent_rows(post)
    group = post.get_parent()
    return TemplateResponse(
        request,
        "news/admin/post_readers.html",
        {
            "post": post,
            "group": group,
            "rows": rows,
            "not_read": [row for row in rows if row.read_at is None],
            "totals": Totals.from_rows(rows),
            "shows_answers": post.has_event and post.rsvp_enabled,
            "can_edit": post.permissions_for_user(request.user).can_edit(),
            "page_title": gettext("Read and answered: %(title)s") % {"title": post.title},
        },
    )
