"""Request-wide plumbing: bounded ids in URLs, no caching of what a logged-in user sees, the site from the cache.

Ids in URLs beyond 64 bits are addresses that do not exist: a 404, never a 500.

Django's `<int:...>` path converter takes any number of digits, and a number
that does not fit a signed 64-bit integer reaches the database as a
parameter it cannot bind ("Python int too large to convert to SQLite
INTEGER"; PostgreSQL: "out of range for type bigint"), a 500. No table here
comes near such an id, so before any view (ours, Wagtail's admin and its
viewsets alike) runs, a URL argument that is an integer beyond that range
answers 404, like any other address that does not exist.
"""

from django.http import Http404
from django.utils.cache import add_never_cache_headers, get_max_age
from wagtail.models import Site

from access.rules import roster_token
from plumbing import stamps

LARGEST_ID = 2**63 - 1
# A site is kept at most this long; a change replaces it at once anyway (a new roster token).
SITE_SECONDS = 60 * 60


class BoundedIdsMiddleware:
    """A URL argument that is an integer beyond 64 bits answers 404 before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not -LARGEST_ID - 1 <= value <= LARGEST_ID:
                raise Http404("No such object")
        return None


class PrivatePagesMiddleware:
    """What a logged-in user is shown is kept by no cache, the browser's included.

    A family's pages name children and show their photos; on a shared or
    borrowed device a browser would otherwise keep them after logout (its
    back button, its disk cache). So every response to a logged-in user is
    sent `Cache-Control: private, no-cache, no-store, must-revalidate`,
    unless the view chose a lifetime itself (private media files set a
    short private `max-age`, privatemedia.views, and their address is only
    ever handed to those who may see them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not get_max_age(response):
            add_never_cache_headers(response)
        return response


class CachedSiteMiddleware:
    """The Wagtail Site of a request (which school's tree a host serves), from the cache.

    Wagtail looks the site up in the database once per request
    (`Site.find_for_request`, which keeps it on the request); every page and
    every `pageurl` needs it. Sites change only when a board adds or moves a
    school, and a change of a Site gives the roster a new token
    (access.signals), so the site is kept in Django's cache per host, port
    and roster token and put on the request before Wagtail asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = ":".join(["plumbing", "site", roster_token(request.user), request.get_host(), str(request.get_port())])
        # A tuple: "no site for this host" (None) is kept as well.
        found = stamps.cached(key, SITE_SECONDS, lambda: (Site.find_for_request(request),))
        request._wagtail_site = found[0]
        return self.get_response(request)
