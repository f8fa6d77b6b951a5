"""The storage for every uploaded file: on disk under MEDIA_ROOT, linked through
the protected route.

`url()` never points at a folder a web server hands out: it points at
`privatemedia.views.serve` (PRIVATEMEDIA_URL, /bestanden/ by default), which
asks `access.rules` before it sends a byte. Images, renditions, documents and
videos all use this storage because it is STORAGES["default"].
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def protected_url():
    return getattr(settings, "PRIVATEMEDIA_URL", "/bestanden/")


class ProtectedStorage(FileSystemStorage):
    def __init__(self, location=None, base_url=None, **kwargs):
        # base_url is always the protected route; a storage option cannot
        # turn it back into a public folder.
        super().__init__(location=location, base_url=None, **kwargs)

    @property
    def base_url(self):
        url = protected_url()
        return url if url.endswith("/") else url + "/"
