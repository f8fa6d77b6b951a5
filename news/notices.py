"""How posts reach the outbox: announced when they go live, shown in messages, skipped once read.

The notifications app sits below news and does not import it; at start-up
(news.apps) this module connects Wagtail's `page_published` of posts to the
outbox (`notifications.signals.post_published`) and registers how a post
reads in an e-mail or digest and which posts a parent opened already
(`notifications.posts`).
"""

from wagtail.models import Page
from wagtail.signals import page_published

from access.rules import GROUP_PATH_LENGTH, SCHOOL_PATH_LENGTH
from news.models import PostPage, PostRead
from notifications import posts
from notifications.rendering import PostInfo
from notifications.signals import post_published


def post_info(pk, language):
    """PostInfo of the post (default-language pk) in `language` (its translation if live), or None."""
    source = PostPage.objects.filter(pk=pk).select_related("locale").first()
    if source is None:
        return None
    page = source
    if source.locale.language_code != language:
        translated = PostPage.objects.filter(
            translation_key=source.translation_key, locale__language_code=language, live=True
        ).first()
        page = translated or source
    titles = dict(
        Page.objects.filter(path__in=[page.path[:SCHOOL_PATH_LENGTH], page.path[:GROUP_PATH_LENGTH]]).values_list(
            "path", "title"
        )
    )
    school_title = titles.get(page.path[:SCHOOL_PATH_LENGTH], "")
    school_wide = page.depth <= 3
    return PostInfo(
        pk=source.pk,
        title=page.title,
        excerpt=page.excerpt,
        url=page.get_full_url() or "",
        group_key="" if school_wide else source.path[:GROUP_PATH_LENGTH],
        group_title=school_title if school_wide else titles.get(page.path[:GROUP_PATH_LENGTH], ""),
        school_wide=school_wide,
        school_title=school_title,
        published_at=source.first_published_at,
        live=source.live,
    )


def read_pairs(post_ids, user_ids):
    return set(PostRead.objects.filter(post_id__in=post_ids, user_id__in=user_ids).values_list("post_id", "user_id"))


def connect():
    posts.register(info=post_info, read=read_pairs)
    page_published.connect(post_published, sender=PostPage, dispatch_uid="notifications_post_published")
