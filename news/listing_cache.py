"""Pages of posts kept rendered in Django's cache, shared by everyone who would see exactly that page.

Rendering twenty posts (their links, photos and dates) was half of a
timeline request; the posts of a page are the same for every parent of the
same class groups. So a listing's page is kept rendered (news.timeline
builds it) under a key made of everything it is made from:

* the "posts" stamp (plumbing.stamps), new whenever a post, a photo or a
  consent that hides photos changes (`connect` below), and the roster
  token (access.scope.roster_token), new whenever a group page, a role, a
  child or an account changes (the groups, their titles, the authors'
  names);
* the audience: the tree paths of the groups listed, whether the user sees
  photos hidden for lack of consent (staff) and which photo collections
  they may see. Only these decide which posts and photos a page holds
  (news.timeline asks access.rules for each), so two families with exactly
  these in common get the same page, and no one ever gets a page made for
  groups they do not see;
* how it is shown: language, host (a link names its site), time zone,
  school year (consent is given per school year), heading level and
  whether the group is named, the page size, the chosen group and the
  cursor.

What differs per person, whether each post has been read, is not in the
cached page: each item is kept rendered both ways and the request picks one
after one query of the user's reads.
"""

import hashlib
import json

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from wagtail.signals import page_unpublished, post_page_move

from access.rules import roster_token, sees_hidden_photos
from classes.schoolyear import current_school_year
from plumbing import stamps

POSTS_STAMP = "posts"
# A page is kept at most this long; a change replaces it at once anyway (a new stamp, a new key).
LISTING_SECONDS = 60 * 60

# What a page of posts is made of besides pages and accounts (which touch the
# roster or are posts themselves): photos, and the marks and consent answers
# that hide photos from parents. Named by label: news does not import the
# models of the apps below it only to connect a signal.
POSTS_MODELS = (
    "news.PostPage",
    "wagtailimages.Image",
    "policies.PhotoMark",
    "policies.ConsentAnswer",
    "policies.ConsentPurpose",
)
# A rendition that goes away takes its address with it; a new one changes no
# page already rendered (it is made while rendering one), so only deletes count.
RENDITION_MODEL = "wagtailimages.Rendition"


def touch(**kwargs):
    """A new "posts" stamp: every cached page of posts is made anew on its next request."""
    stamps.touch(POSTS_STAMP)


def connect():
    for model in POSTS_MODELS:
        post_save.connect(touch, sender=model, dispatch_uid=f"news_listing_saved_{model}")
        post_delete.connect(touch, sender=model, dispatch_uid=f"news_listing_deleted_{model}")
    post_delete.connect(touch, sender=RENDITION_MODEL, dispatch_uid="news_listing_rendition_deleted")
    # Unpublishing or moving any page: a post, or a group page whose posts move with it.
    page_unpublished.connect(touch, dispatch_uid="news_listing_page_unpublished")
    post_page_move.connect(touch, dispatch_uid="news_listing_page_moved")


def listing_key(request, paths, collections, variant, per_page, group_key, cursor):
    """The cache key of one page of a listing as `request`'s user sees it (see the module's docstring)."""
    user = request.user
    audience = [sorted(paths), sees_hidden_photos(user), sorted(collections)]
    shown = [
        translation.get_language() or settings.LANGUAGE_CODE,
        request.get_host(),
        timezone.get_current_timezone_name(),
        current_school_year(),
        *variant,
        per_page,
        str(group_key or ""),
        cursor or "",
    ]
    digest = hashlib.sha256(json.dumps([audience, shown], default=str).encode()).hexdigest()[:40]
    return ":".join(["news", "listing", stamps.token(POSTS_STAMP), roster_token(user), digest])


def cached(key, compute):
    """The page under `key`, or `compute()` kept there."""
    return stamps.cached(key, LISTING_SECONDS, compute)
