"""The admin side of reads and answers: the readers view, and "read by N of M" in the explorer.

The panel on a post's edit view is `news.panels.ReadReceiptsPanel` (in
`PostPage.content_panels`). Who sees what is asked of `access.rules`.
"""

from django.urls import path, reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page

from access.rules import can_follow_up
from news import admin_views
from news.models import PostPage
from news.responses import read_counts


@hooks.register("register_admin_urls")
def register_readers_view():
    return [
        path("news/posts/<int:page_id>/readers/", admin_views.post_readers, name="news_post_readers"),
    ]


@hooks.register("register_page_listing_buttons")
def read_receipts_button(page, user, next_url=None):
    """ "Read by 3 of 24" on every post in the explorer, linking to the parents one by one."""
    if not isinstance(page, PostPage) or not can_follow_up(user, page):
        return
    read, parents = _listing_counts(user, page)
    yield ListingButton(
        gettext("Read by %(read)s of %(parents)s") % {"read": read, "parents": parents},
        url=reverse("news_post_readers", args=[page.pk]),
        icon_name="view",
        attrs={"data-read-receipts": page.pk},
        priority=5,
    )


def _listing_counts(user, page):
    """(read, parents) of a post, computed at once for every post beside it.

    The explorer asks per row; the counts of all posts under the same parent
    are fetched together on the first row and kept for this request (on the
    request's user object, like the access scope).
    """
    cache = user.__dict__.setdefault("_news_read_counts", {})
    parent_path = page.path[: -Page.steplen]
    if parent_path not in cache:
        siblings = PostPage.objects.filter(path__startswith=parent_path, depth=page.depth).only(
            "path", "depth", "translation_key", "locale_id"
        )
        cache[parent_path] = read_counts(siblings)
    return cache[parent_path].get(page.pk, (0, 0))
