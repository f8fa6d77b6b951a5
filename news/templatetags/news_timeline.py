"""Template tags for listing posts: a group page's own posts, and paging links.

The listing itself is `news.timeline`, which asks `access.rules` and costs a
fixed number of queries however many posts there are.
"""

from urllib.parse import urlencode

from django import template

from news.timeline import CURSOR_PARAMETER, group_timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def group_posts(context, group_page):
    """One page (after `?eerder=`) of the posts of a school (its school-wide posts) or a class group."""
    request = context["request"]
    return group_timeline(request, group_page, request.GET.get(CURSOR_PARAMETER))


@register.simple_tag(takes_context=True)
def page_url(context, timeline, cursor=None):
    """The address of the listing's page after `cursor` (the newest posts without one), keeping its group filter.

    The first page has no cursor, so it has exactly one address.
    """
    params = dict(timeline.params)
    if cursor:
        params[CURSOR_PARAMETER] = cursor
    path = context["request"].path
    return f"{path}?{urlencode(params)}" if params else path
