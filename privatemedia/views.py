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
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django_sendfile import sendfile

from access.rules import can_view_collection
from privatemedia.owners import image_checks, owner_of

# Documents open in the browser only when that is safe; everything else is a download.
INLINE_DOCUMENT_EXTENSIONS = {".pdf", ".txt"}
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
        raise PermissionDenied
    attachment = (owner.kind == "document" or owner.allows is not None) and posixpath.splitext(name)[
        1
    ].lower() not in INLINE_DOCUMENT_EXTENSIONS
    # sendfile refuses paths outside SENDFILE_ROOT and answers 404 for a
    # file that is recorded but missing on disk.
    response = sendfile(request, name, attachment=attachment)
    patch_cache_control(response, private=True, max_age=BROWSER_CACHE_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    response["X-Content-Type-Options"] = "nosniff"
    return response
