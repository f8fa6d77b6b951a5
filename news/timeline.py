"""The timeline: the posts of the groups a user sees, newest first, a page at a time.

Used by the timeline view (all the user's groups, or one of them) and by the
school and class group pages (their own posts). Who sees which post is
decided by `access.rules.visible_pages`; this module only lists, and does so
in a fixed number of queries however many posts, photos and groups there
are. On a warm request: the groups and the photo collections the user sees
come from the cache (under the roster token), the rendered page too (under
the "posts" stamp, shared by everyone with the same audience:
news.listing_cache), and one query finds which of its posts the user has
read. Building a page anew:

1. the posts of the page, with their owners: one more than a page holds,
   to know whether there is an older page, after the cursor of the last
   post shown (see "Paging" below: no count, no offset);
2. (other languages only) the page's posts' translations in the language;
3. the preview photos, 4. with their renditions prefetched.

A page without posts skips 2 to 4, and one without photos skips 3 and 4.

Which post is shown
-------------------
A post and its translations share a translation key; the timeline lists one
item per key. The item is the post in the default language (the "source",
which reads and answers belong to, see `news.models.source_post`); in another
language its translation is shown instead when one is live in a listed
group, else the default-language post. A post that exists only in another
language is its own source. So the order, the date and the author are the
same in every language, and nobody sees a post twice.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.models import Page

from access.rules import cached_for_roster, path_range, visible_pages
from classes.models import ClassPage
from home.models import SchoolPage
from news.listing_cache import cached, listing_key
from news.models import PREVIEW_PHOTOS, PostPage, PostRead
from policies.consent.photos import without_hidden_photos

PER_PAGE = 20
# The size of a preview photo on the timeline; prefetched, so it must be the
# exact spec the item template asks for.
PHOTO_SPEC = "fill-320x240"

GROUP_PARAMETER = "groep"
CURSOR_PARAMETER = "eerder"


@dataclass
class Group:
    """A school-wide group or a class group, as the user sees it."""

    key: object  # the translation key shared by the group page's translations
    id: int  # the group page in the user's language (else the default language)
    title: str
    is_school: bool
    paths: set = field(default_factory=set)  # tree paths of every listed translation
    ids: set = field(default_factory=set)  # ids of every listed translation


class Groups:
    """The groups a user sees, in tree order (each school followed by its class groups)."""

    def __init__(self, groups):
        self.groups = list(groups)
        self._by_path = {path: group for group in self.groups for path in group.paths}
        self._by_id = {page_id: group for group in self.groups for page_id in group.ids}

    def __iter__(self):
        return iter(self.groups)

    def __len__(self):
        return len(self.groups)

    def by_id(self, page_id):
        """The group with this page id (any translation), or None."""
        return self._by_id.get(page_id)

    def of_path(self, path):
        return self._by_path.get(path)

    @property
    def paths(self):
        return list(self._by_path)


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


def load_groups(user, translation_key=None):
    """The live school and class groups the user sees: one query, none on a warm request.

    With `translation_key`, only that group (for a group page's own listing).
    Kept in Django's cache per user, roster token (access.rules.roster_token:
    it changes with every change of roles, children and guardians and of a
    school or class group page) and language, so a change holds at once and
    one family's groups never answer for another.
    """
    language = _language()
    if not user.is_authenticated:
        return _load_groups(user, translation_key, language)
    parts = (language, translation_key or "")
    return cached_for_roster(user, "groups", parts, lambda: _load_groups(user, translation_key, language))


def _load_groups(user, translation_key, language):
    pages = visible_pages(user, Page.objects.live().filter(depth__in=(2, 3)).type(SchoolPage, ClassPage))
    if translation_key is not None:
        pages = pages.filter(translation_key=translation_key)
    rows = pages.order_by("path").values_list(
        "pk", "path", "depth", "title", "translation_key", "locale__language_code"
    )

    groups = {}
    titles = {}  # key -> {language: (id, title)}
    for pk, path, depth, title, key, page_language in rows:
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key=key, id=pk, title=title, is_school=depth == 2)
        group.paths.add(path)
        group.ids.add(pk)
        titles.setdefault(key, {})[page_language] = (pk, title)
    for key, group in groups.items():
        by_language = titles[key]
        chosen = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
        if chosen:
            group.id, group.title = chosen
    # Dicts keep insertion order: the tree order of each group's first translation.
    return Groups(groups.values())


def _in_groups(queryset, paths):
    """Posts that sit directly under one of the given group pages: a range of the indexed path and a depth per group."""
    condition = Q(pk__in=[])
    for path in sorted(paths):
        condition |= path_range(path) & Q(depth=len(path) // Page.steplen + 1)
    return queryset.filter(condition)


def source_posts(user, groups, group=None):
    """The posts to list, one per translation key, as default-language posts, newest first.

    `group` limits them to one of `groups`.
    """
    paths = sorted(group.paths if group is not None else groups.paths)
    default = settings.LANGUAGE_CODE
    live_in_groups = _in_groups(PostPage.objects.live(), paths)
    default_sibling = live_in_groups.filter(translation_key=OuterRef("translation_key"), locale__language_code=default)
    # The groups are those the user sees (load_groups asks access.rules.visible_pages),
    # and a post directly under a group is exactly as visible as the group.
    posts = _in_groups(PostPage.objects.live(), paths).filter(
        Q(locale__language_code=default) | ~Exists(default_sibling)
    )
    return (
        posts.select_related("owner")
        .defer("body")
        .annotate(_language=F("locale__language_code"))
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    )


@dataclass
class Item:
    post: PostPage  # the post shown: the translation in the user's language, or the source
    source: PostPage  # the default-language post (date, author, reads)
    group: Group | None
    language: str  # the shown post's language
    unread: bool = True
    photos: list = field(default_factory=list)

    @property
    def date(self):
        return self.source.first_published_at

    @property
    def author(self):
        owner = self.source.owner
        if owner is None:
            return ""
        return owner.get_full_name() or owner.email


def _translations(user, sources, groups, language):
    """{translation key: the live translation in `language`} of the given posts, in one query."""
    keys = [post.translation_key for post in sources if post._language != language]
    if not keys:
        return {}
    translations = _in_groups(PostPage.objects.live(), groups.paths).filter(
        translation_key__in=keys, locale__language_code=language
    )
    return {post.translation_key: post for post in translations.defer("body").order_by("pk")}


def _read_ids(user, source_ids):
    """The ids among `source_ids` of the posts the user has read: one query."""
    if not user.is_authenticated or not source_ids:
        return set()
    return set(PostRead.objects.filter(user=user, post_id__in=source_ids).values_list("post_id", flat=True))


def visible_collection_ids(user):
    """The ids of the photo collections of every page the user sees (sorted): from the cache on a warm request.

    The same rule as the media view that serves the photos
    (access.rules.can_view_collection). Kept under the roster token, which
    changes with every page and membership change it depends on.
    """

    def compute():
        pages = visible_pages(user, Page.objects.filter(media_collection_link__isnull=False))
        return sorted(pages.values_list("media_collection_link__collection_id", flat=True))

    return cached_for_roster(user, "collections", (), compute)


def _photos(user, posts, collections):
    """{image id: image} of the posts' preview photos the user may see, renditions prefetched."""
    ids = {image_id for post in posts for image_id in (post.preview_image_ids or [])[:PREVIEW_PHOTOS]}
    if not ids or not collections:
        return {}
    # Only photos whose collection belongs to a page the user sees, and for
    # parents not those marking a child without portal-photo consent (policies.consent.photos).
    images = without_hidden_photos(
        user, get_image_model().objects.filter(pk__in=ids, collection_id__in=collections)
    ).prefetch_renditions(PHOTO_SPEC)
    return {image.pk: image for image in images}


def items_for(user, sources, groups, collections):
    """Timeline items for a page of source posts, in a fixed number of queries; all marked unread."""
    sources = list(sources)
    language = _language()
    translations = _translations(user, sources, groups, language) if language != settings.LANGUAGE_CODE else {}
    items = []
    for source in sources:
        post = translations.get(source.translation_key, source)
        post_language = language if post is not source else source._language
        parent_path = post.path[: -Page.steplen]
        items.append(
            Item(
                post=post,
                source=source,
                group=groups.of_path(parent_path),
                language=post_language,
            )
        )
    photos = _photos(user, [item.post for item in items], collections)
    for item in items:
        ids = (item.post.preview_image_ids or [])[:PREVIEW_PHOTOS]
        item.photos = [photos[image_id] for image_id in ids if image_id in photos]
    return items


# Paging: "older posts" from where the page ended (keyset), not page numbers ---------------
#
# A cursor names the last post shown: its publication moment and its id, in
# the listing's order (newest first, undated posts last, then by id). The
# next page is the posts after it, found by the same index scan as the first
# page: no COUNT, no OFFSET, so page 50 costs what page 1 costs. A cursor
# that cannot be read gives the first page, never an error.

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def cursor_of(post):
    """The cursor after `post` (a source post of the listing): "<microseconds since 1970>-<id>", or "n-<id>" undated."""
    return _cursor_text((post.first_published_at, post.pk))


def _cursor_text(position):
    moment, pk = position
    if moment is None:
        return f"n-{pk}"
    return f"{(moment - EPOCH) // MICROSECOND}-{pk}"


def _parse_cursor(cursor):
    """(moment, id) of a cursor, moment None for an undated post; None when it cannot be read."""
    moment, _dash, pk = (cursor or "").partition("-")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        return None
    if moment == "n":
        return None, int(pk)
    if not moment.isascii() or not moment.isdigit() or len(moment) > 18:
        return None
    try:
        return EPOCH + int(moment) * MICROSECOND, int(pk)
    except OverflowError:
        return None


def _after(sources, position):
    """The sources after the (moment, id) position in the listing's order."""
    moment, pk = position
    if moment is None:
        return sources.filter(first_published_at__isnull=True, pk__lt=pk)
    return sources.filter(
        Q(first_published_at__lt=moment) | Q(first_published_at=moment, pk__lt=pk) | Q(first_published_at__isnull=True)
    )


# Showing a page: rendered once for everyone with the same audience (news.listing_cache) --------

# How a listing shows its items: (heading level of their titles, whether each names its group).
TIMELINE_VARIANT = ("h2", True)
GROUP_PAGE_VARIANT = ("h3", False)
ITEM_TEMPLATE = "news/includes/timeline_item.html"


@dataclass
class ShownItem:
    """A post as a page of a listing shows it: rendered read and unread, with the facts tests and links need."""

    source_pk: int  # the default-language post, which reads belong to
    post_pk: int  # the post shown (a translation in the user's language, or the source)
    title: str
    group_id: int | None
    group_title: str
    date: datetime.datetime | None
    language: str
    photo_ids: list
    html_read: str
    html_unread: str
    unread: bool = True

    @property
    def html(self):
        return mark_safe(self.html_unread if self.unread else self.html_read)


@dataclass
class ShownPage:
    """What a page of a listing is for everyone with the same audience: kept in the cache."""

    items: list
    older: str | None
    is_first: bool


def _render_items(request, items, variant):
    template = get_template(ITEM_TEMPLATE)
    heading, show_group = variant
    shown = []
    for item in items:
        context = {"item": item, "heading": heading, "show_group": show_group, "request": request}
        item.unread = False
        html_read = template.render(context)
        item.unread = True
        html_unread = template.render(context)
        shown.append(
            ShownItem(
                source_pk=item.source.pk,
                post_pk=item.post.pk,
                title=item.post.title,
                group_id=item.group.id if item.group else None,
                group_title=item.group.title if item.group else "",
                date=item.date,
                language=item.language,
                photo_ids=[photo.pk for photo in item.photos],
                html_read=html_read,
                html_unread=html_unread,
            )
        )
    return shown


@dataclass
class TimelinePage:
    groups: Groups
    group: Group | None  # the group the timeline is limited to, if any
    items: list  # ShownItem, marked read or unread for the user
    older: str | None = None  # the cursor of the next, older page; None on the last page
    is_first: bool = True  # False on an older page: it links back to the newest posts
    params: dict = field(default_factory=dict)  # query parameters every paging link keeps


def _build_page(request, groups, group, position, variant, per_page, collections):
    user = request.user
    sources = source_posts(user, groups, group)
    page = list((sources if position is None else _after(sources, position))[: per_page + 1])
    older = cursor_of(page[per_page - 1]) if len(page) > per_page else None
    items = items_for(user, page[:per_page], groups, collections)
    return ShownPage(items=_render_items(request, items, variant), older=older, is_first=position is None)


def timeline(request, cursor=None, groups=None, group=None, per_page=PER_PAGE, variant=TIMELINE_VARIANT):
    """One page of the user's timeline (of one group, when `group` is given), after `cursor` if given.

    One more post than a page holds is fetched, to know whether there is an
    older page; a cursor that cannot be read gives the first page. The page
    comes rendered from the cache when someone with the same audience saw it
    since the last change (news.listing_cache); only the user's reads are
    looked up on every request.
    """
    user = request.user
    groups = load_groups(user) if groups is None else groups
    if not len(groups):
        return TimelinePage(groups=groups, group=group, items=[])
    position = _parse_cursor(cursor) if cursor else None
    collections = visible_collection_ids(user)
    key = listing_key(
        request,
        groups.paths,
        collections,
        variant,
        per_page,
        group.key if group is not None else None,
        _cursor_text(position) if position is not None else None,
    )
    shown = cached(key, lambda: _build_page(request, groups, group, position, variant, per_page, collections))
    read = _read_ids(user, [item.source_pk for item in shown.items])
    items = [replace(item, unread=item.source_pk not in read) for item in shown.items]
    return TimelinePage(groups=groups, group=group, items=items, older=shown.older, is_first=shown.is_first)


def filtered_timeline(request, cursor=None, groups=None, group=None, per_page=PER_PAGE):
    """The timeline view's listing: its paging links keep the chosen group."""
    result = timeline(request, cursor, groups=groups, group=group, per_page=per_page)
    if group is not None:
        result.params[GROUP_PARAMETER] = group.id
    return result


def group_timeline(request, group_page, cursor=None, per_page=PER_PAGE):
    """One page of the posts of one group page (a school or a class group)."""
    groups = load_groups(request.user, translation_key=group_page.translation_key)
    group = next(iter(groups), None)
    if group is None:
        # Not a group the user sees (or not live): nothing to list.
        return TimelinePage(groups=groups, group=None, items=[])
    return timeline(request, cursor, groups=groups, group=group, per_page=per_page, variant=GROUP_PAGE_VARIANT)
