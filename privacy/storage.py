"""Where the ZIPs of family data exports are kept: PRIVACY_EXPORT_ROOT, outside MEDIA_ROOT, never at a URL.

Not the default storage: its files are served (after a check) under
/bestanden/, and an export must never be reachable there. The only way out
is the one-time download view (`privacy.views`, `privacy.admin_views`).
The location is read when used, so tests point it at a folder of their own.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ExportStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Family data exports have no URL; they are downloaded once through privacy's views.")


def export_storage():
    return ExportStorage(location=settings.PRIVACY_EXPORT_ROOT, base_url=None)
