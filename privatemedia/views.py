"""The one view that hands out uploaded files, after `access.rules` agreed.

The file's owner (image, rendition, document, video) names its collection,
the collection names its page group, and `access.rules.can_view_collection`
decides. Files of an app's own (a leave request's attachment) are claimed by
a lookup the app registers (`privatemedia.owners.register_lookup`), whose
`allows` asks `access.rules`. The response is private to the browser
(`Cache-Control: private`) and, in production, only carries an
X-Accel-Redirect header: nginx sends the bytes from an `internal` location
that no client can request directly.
"""

import posixpath

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django_sendfile import sendfile

from access.rules import can_view_collection
from privatemedia.owners import image_checks, owner_of

# Only images and videos open in the browser; everything else is a download.
# PDFs too: the browsers' own PDF viewers do not run in a sandboxed document
# (Safari shows an empty page, Chromium a "blocked" notice), and without the
# sandbox a PDF's scripts and forms would run on the portal's origin. A phone
# opens the downloaded PDF in its own viewer.
INLINE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".mp4", ".webm"}
# On every file: a document of its own origin that may run nothing (no
# scripts, forms, plugins or same-origin access, even if a file slipped past
# the content checks), whose type is never guessed, and that other sites
# cannot embed. nginx drops these on an X-Accel-Redirect: its internal
# location must add them too (README, "What uploads keep").
FILE_HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}
BROWSER_CACHE_SECONDS = 3600


def clean_name(name):
    """The storage name for a URL path, or None if it tries to leave MEDIA_ROOT."""
    if not name or "\\" in name or "\x00" in name:
        return None
    normal = posixpath.normpath(name)
    if normal != name or normal.startswith(("/", "../")) or normal == "..":
        return None
    return normal


def may_see(user, owner):
    if owner.allows is not None:
        return owner.allows(user)
    if owner.kind == "upload":
        return user.is_authenticated and (user.is_superuser or owner.uploaded_by_id == user.pk)
    if not can_view_collection(user, owner.collection_id):
        return False
    if owner.kind in ("image", "rendition"):
        # E.g. photos hidden for lack of consent, and originals where the school allows no downloads (policies.consent.photos).
        return all(check(user, owner) for check in image_checks())
    return True


@require_safe
def serve(request, name):
    name = clean_name(name)
    owner = owner_of(name) if name else None
    if owner is None:
        raise Http404
    if not may_see(request.user, owner):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Not "forbidden": that would confirm to a parent that the file exists.
        raise Http404
    attachment = posixpath.splitext(name)[1].lower() not in INLINE_EXTENSIONS
    # sendfile refuses paths outside SENDFILE_ROOT and answers 404 for a
    # file that is recorded but missing on disk.
    response = sendfile(request, name, attachment=attachment)
    patch_cache_control(response, private=True, max_age=BROWSER_CACHE_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response
